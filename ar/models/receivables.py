"""Invoices and credit memos (AR adjustments) with their lines."""

from django.db import models

from ar.models.master import Customer
from integrations.models import IntacctRecord, Subsidiary, sort_indexes
from integrations.models.documents import MONEY, AdjustmentLine, DocumentTotals


class Origin(models.TextChoices):
    INTACCT = "intacct", "Imported from Intacct"
    APP = "app", "Made in the app"


class AppState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class Invoice(IntacctRecord, DocumentTotals):
    """An AR invoice (ARINVOICE), from the AR module or an order-entry sales invoice, or one
    made in the app (``origin`` app, draft then issued) that the push writes to Intacct."""

    class Module(models.TextChoices):
        AR = "4.AR", "Accounts Receivable"
        ORDER_ENTRY = "8.SO", "Order Entry"

    number = models.CharField("invoice number", max_length=100, db_index=True)
    reference = models.CharField(max_length=100, blank=True, help_text="DOCNUMBER (e.g. PO).")
    description = models.TextField(blank=True)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    customer_intacct_id = models.CharField("customer ID", max_length=100, blank=True)
    bill_to_name = models.CharField("bill to", max_length=200, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    invoice_date = models.DateField(null=True, blank=True, db_index=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    posted_date = models.DateField(null=True, blank=True)
    paid_date = models.DateField(null=True, blank=True)
    term_name = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=30, blank=True, db_index=True)
    module = models.CharField(max_length=10, blank=True, choices=Module.choices)
    source_document_key = models.CharField(
        max_length=100, blank=True, help_text="Order-entry document that created it (DOCHDRKEY)."
    )
    supdoc_id = models.CharField("attachment ID", max_length=100, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    # Invoices made in the app (written to Intacct) versus imported ones (never written back).
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.INTACCT, db_index=True
    )
    app_state = models.CharField(
        "status", max_length=10, choices=AppState.choices, blank=True, db_index=True
    )
    # A digest of the app-made lines, so that a change of a line moves the push version.
    lines_digest = models.CharField(max_length=64, blank=True, editable=False)
    pushed_line_count = models.PositiveIntegerField(default=0, editable=False)
    # Kept by the push (how many lines Intacct holds), not part of what is sent.
    PUSH_STATE_FIELDS = ("pushed_line_count",)

    class Meta(IntacctRecord.Meta):
        ordering = ["-invoice_date", "-id"]
        indexes = [
            *sort_indexes(
                "arinv",
                "number",
                "state",
                "invoice_date",
                "due_date",
                "trx_total_entered",
                "trx_total_due",
                "sync_state",
                "module",
                # The amount search (base and transaction amounts).
                "total_entered",
                "total_due",
            ),
            # Open invoices by due date (the due and aging filters).
            models.Index(fields=["state", "due_date"], name="arinv_state_due"),
            # A customer's open balance, overdue amount and aging (the customer list's
            # columns and filters) from the index alone.
            models.Index(
                fields=["customer", "state", "due_date", "total_due"], name="arinv_customer_open"
            ),
            models.Index(fields=["connection", "state", "due_date"]),
            models.Index(fields=["connection", "number"]),
            models.Index(fields=["customer", "invoice_date"]),
        ]

    def __str__(self) -> str:
        return self.number or f"Invoice {self.intacct_recordno}"


class InvoiceLine(IntacctRecord):
    """A line of an AR invoice (ARINVOICEITEM)."""

    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    invoice_recordno = models.BigIntegerField(db_index=True)
    line_no = models.IntegerField(null=True, blank=True)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    location_id = models.CharField(max_length=100, blank=True)
    department_id = models.CharField(max_length=100, blank=True)
    memo = models.TextField(blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    trx_amount = models.DecimalField(null=True, blank=True, **MONEY)
    total_paid = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta(IntacctRecord.Meta):
        ordering = ["invoice_id", "line_no"]

    def __str__(self) -> str:
        return f"Line {self.line_no} of {self.invoice_recordno}"


class CreditMemo(IntacctRecord, DocumentTotals):
    """An AR adjustment (ARADJUSTMENT): a credit memo (negative) or debit memo (positive)."""

    number = models.CharField("adjustment number", max_length=100, db_index=True)
    reference = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_memos"
    )
    customer_intacct_id = models.CharField("customer ID", max_length=100, blank=True)
    bill_to_name = models.CharField("bill to", max_length=200, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_memos"
    )
    adjustment_date = models.DateField(null=True, blank=True, db_index=True)
    posted_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=30, blank=True, db_index=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["-adjustment_date", "-id"]
        indexes = [
            *sort_indexes(
                "arcm",
                "number",
                "state",
                "adjustment_date",
                "trx_total_entered",
                "trx_total_due",
                "sync_state",
                # The amount search.
                "total_entered",
                "total_due",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"Credit memo {self.intacct_recordno}"


class CreditMemoLine(AdjustmentLine):
    """A line of an AR adjustment (ARADJUSTMENTITEM)."""

    credit_memo = models.ForeignKey(
        CreditMemo, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    credit_memo_recordno = models.BigIntegerField(db_index=True)

    class Meta(AdjustmentLine.Meta):
        ordering = ["credit_memo_id", "line_no"]
