"""Customer payments (ARPYMT) and their applications (ARPYMTDETAIL)."""

from django.db import models

from ar.models.cash import AccountType, BankTransaction
from ar.models.master import Customer
from ar.models.receivables import CreditMemo, Invoice
from integrations.models import IntacctRecord, Subsidiary, sort_indexes
from integrations.models.documents import MONEY, Application, DocumentTotals


class Payment(IntacctRecord, DocumentTotals):
    """A customer payment; ``total_paid`` is what is applied, ``total_due`` what is not."""

    number = models.CharField("payment ID", max_length=100, blank=True, db_index=True)
    reference = models.CharField(
        "check / reference number", max_length=100, blank=True, db_index=True
    )
    description = models.TextField(blank=True)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    customer_intacct_id = models.CharField("customer ID", max_length=100, blank=True)
    bill_to_name = models.CharField("pay to", max_length=200, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    received_date = models.DateField(null=True, blank=True, db_index=True)
    payment_date = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=50, blank=True)
    record_type = models.CharField(max_length=10, blank=True)
    bank_account = models.CharField(
        max_length=100, blank=True, help_text="FINANCIALENTITY (bank account it was deposited to)."
    )
    undeposited_account = models.CharField(
        "undeposited funds GL account", max_length=50, blank=True
    )
    state = models.CharField(max_length=30, blank=True, db_index=True)

    # Cash application: payments recorded in the app (Intacct's own payments leave these
    # at their defaults). Only a payment the user posts is pushed.
    class Origin(models.TextChoices):
        INTACCT = "intacct", "Intacct"
        APP = "app", "This app"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (app only)"
        POSTED = "posted", "Posted"
        REVERSAL_REQUESTED = "reversal_requested", "Reversal requested"
        REVERSED = "reversed", "Reversed"

    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.INTACCT, db_index=True
    )
    app_status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    bank_transaction = models.ForeignKey(
        BankTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField("payment amount", null=True, blank=True, **MONEY)
    translated_amount = models.DecimalField(
        null=True,
        blank=True,
        help_text="The amount in the invoices' currency (multi-currency payments).",
        **MONEY,
    )
    account_type = models.CharField(
        max_length=12, choices=AccountType.choices, default=AccountType.BANK
    )
    batch_key = models.CharField("payment summary (batch)", max_length=100, blank=True)
    tags = models.CharField(max_length=200, blank=True, help_text="App only; not sent.")
    notes = models.TextField(blank=True, help_text="App only; not sent.")
    reversal_date = models.DateField(null=True, blank=True)
    reversal_recordno = models.BigIntegerField(null=True, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["-received_date", "-id"]
        indexes = [
            *sort_indexes(
                "arpmt",
                "number",
                "received_date",
                "method",
                "state",
                "trx_total_entered",
                "trx_total_paid",
                "trx_total_due",
                "sync_state",
                # The amount search.
                "total_entered",
                "total_paid",
                "total_due",
            )
        ]

    def __str__(self) -> str:
        if self.origin == self.Origin.APP and not self.intacct_recordno:
            return f"App payment {self.pk} ({self.amount} {self.currency})"
        return self.number or self.reference or f"Payment {self.intacct_recordno}"

    @property
    def status_label(self) -> str:
        """The app status, with a requested reversal that Intacct carried out as Reversed."""
        if self.app_status == self.Status.REVERSAL_REQUESTED and self.sync_state == "synced":
            return self.Status.REVERSED.label
        return self.get_app_status_display()


class PaymentApplication(Application):
    """One application of a payment (or a credit memo) to an invoice."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.CASCADE, related_name="applications"
    )
    payment_recordno = models.BigIntegerField(null=True, blank=True, db_index=True)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    invoice_recordno = models.BigIntegerField(null=True, blank=True, db_index=True)
    credit_memo = models.ForeignKey(
        CreditMemo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    credit_memo_recordno = models.BigIntegerField(null=True, blank=True)
    overpayment = models.ForeignKey(
        Payment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_applications",
        help_text="An earlier overpayment whose unapplied credit pays the invoice.",
    )

    def __str__(self) -> str:
        return f"{self.amount or self.credit_amount} to invoice {self.invoice_recordno}"
