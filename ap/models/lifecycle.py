"""What the app adds to AP documents it writes to Intacct: a bill's status and approval, the
lines entered here, a payment's origin and deletion, the connection's AP write settings, and
the vendor values last agreed with Intacct (the base a conflict is judged against).

Bills and payments pulled from Intacct keep ``origin = intacct`` and none of this applies.
"""

from django.core.exceptions import ValidationError
from django.db import models

from integrations.models.documents import MONEY

__all__ = [
    "APPushSettings",
    "AppBillFields",
    "AppCreditFields",
    "AppPaymentFields",
    "BillEntry",
    "BillStatus",
    "CreditEntry",
    "DocumentOrigin",
    "PaidManuallyAccount",
    "PaymentApplication",
    "VendorSyncBase",
]


class DocumentOrigin(models.TextChoices):
    INTACCT = "intacct", "Intacct (pulled)"
    APP = "app", "Entered here"


class BillStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Pending approval"
    SCHEDULED = "scheduled", "Scheduled for payment"
    SUBMITTED = "submitted", "Submitted for payment"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    PAID = "paid", "Paid"
    DISPUTED = "disputed", "Disputed"
    DELETED = "deleted", "Deleted"


# Statuses whose bills Intacct holds as posted bills.
POSTED_STATUSES = frozenset(
    {BillStatus.SCHEDULED, BillStatus.SUBMITTED, BillStatus.PARTIALLY_PAID, BillStatus.PAID}
)


class PaidManuallyAccount(models.TextChoices):
    BANK = "bank", "Bank account"
    CARD = "card", "Credit card account"


class AppBillFields(models.Model):
    """A bill's life here (mixed into ``Bill``)."""

    origin = models.CharField(
        max_length=10, choices=DocumentOrigin.choices, default=DocumentOrigin.INTACCT
    )
    app_status = models.CharField(
        "status", max_length=20, choices=BillStatus.choices, blank=True, db_index=True
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(max_length=150, blank=True)
    retracted_on = models.DateField(
        "approval retracted on",
        null=True,
        blank=True,
        help_text="The bill was sent back to AP: a posted bill is reversed in Intacct that day.",
    )
    reference_code = models.CharField(
        max_length=100, blank=True, help_text="Written to Intacct's External ID custom field."
    )
    generation = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many times the bill was reversed in Intacct; a bill approved again is "
        "written as a new bill numbered <number>-<generation + 1>.",
    )
    pushed_as = models.CharField(
        max_length=10, blank=True, editable=False, help_text="draft or posted: what Intacct holds."
    )
    reversed_recordnos = models.JSONField(default=list, blank=True, editable=False)

    # What the push records: a save through ``record_mark_pending_push`` never takes these
    # from a caller's stale copy.
    PUSH_STATE_FIELDS = ("pushed_as", "generation", "reversed_recordnos")

    class Meta:
        abstract = True


class AppPaymentFields(models.Model):
    """A payment's life here (mixed into ``BillPayment``)."""

    origin = models.CharField(
        max_length=10, choices=DocumentOrigin.choices, default=DocumentOrigin.INTACCT
    )
    reference_code = models.CharField(max_length=100, blank=True)
    transaction_reference = models.CharField(
        max_length=100, blank=True, help_text='Intacct\'s Doc. No. ("Ref. No." on its screens).'
    )
    submitted_on = models.DateField(null=True, blank=True)
    paid_manually = models.BooleanField(default=False)
    manual_account_type = models.CharField(
        "GL account type", max_length=10, choices=PaidManuallyAccount.choices, blank=True
    )
    deleted_on = models.DateField(
        null=True, blank=True, help_text="Deleted here: voided in Intacct, dated this day."
    )
    fx_fee = models.DecimalField("payee FX fee", null=True, blank=True, **MONEY)
    voided_recordno = models.BigIntegerField(null=True, blank=True, editable=False)

    PUSH_STATE_FIELDS = ("voided_recordno",)

    class Meta:
        abstract = True


class AppCreditFields(models.Model):
    """A vendor credit made here for a payee's fees (mixed into ``VendorCredit``)."""

    origin = models.CharField(
        max_length=10, choices=DocumentOrigin.choices, default=DocumentOrigin.INTACCT
    )
    for_bill = models.ForeignKey(
        "ap.Bill",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fee_credits",
        help_text="The bill the credit was made for (its fees are deducted from it).",
    )
    credit_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class CreditEntry(models.Model):
    """A fee line of a vendor credit made here."""

    class Kind(models.TextChoices):
        TRANSACTION_FEE = "transaction_fee", "Transaction fee"
        NETNOW_FEE = "netnow_fee", "NetNow fee"
        WITHHOLDING = "withholding", "Withholding"

    credit = models.ForeignKey("ap.VendorCredit", on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    gl_account = models.CharField("GL account", max_length=50)
    amount = models.DecimalField(**MONEY)
    location_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["credit_id", "id"]
        verbose_name_plural = "credit entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class PaymentApplication(models.Model):
    """What a payment made here pays: cash on a bill, or a vendor credit applied to it."""

    payment = models.ForeignKey(
        "ap.BillPayment", on_delete=models.CASCADE, related_name="applications"
    )
    bill = models.ForeignKey("ap.Bill", on_delete=models.CASCADE, related_name="applications")
    amount = models.DecimalField("cash applied", **MONEY)
    credit = models.ForeignKey(
        "ap.VendorCredit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credit_amount = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["payment_id", "id"]

    def __str__(self) -> str:
        return f"{self.amount} on {self.bill_id}"


class BillEntry(models.Model):
    """A line of a bill entered here (Intacct's copy arrives as ``BillLine`` on the next pull)."""

    bill = models.ForeignKey("ap.Bill", on_delete=models.CASCADE, related_name="entries")
    line_no = models.PositiveIntegerField(default=1)
    gl_account = models.CharField("GL account", max_length=50)
    amount = models.DecimalField(**MONEY)
    memo = models.CharField(max_length=300, blank=True)
    location_id = models.CharField(max_length=100, blank=True)
    department_id = models.CharField(max_length=100, blank=True)
    amortization_start = models.DateField(null=True, blank=True)
    amortization_template_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["bill_id", "line_no", "id"]
        verbose_name_plural = "bill entries"

    def __str__(self) -> str:
        return f"{self.gl_account} {self.amount}"


class APPushSettings(models.Model):
    """How a connection writes AP documents to Intacct."""

    connection = models.OneToOneField(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    sync_before_approval = models.BooleanField(
        default=False,
        help_text="Also write bills pending approval, as drafts (refused when PO matching is on).",
    )
    po_matching = models.BooleanField(
        "PO matching",
        default=False,
        help_text="Bills are matched to POs / receivers here (vendor invoices in Intacct).",
    )
    bank_account_id = models.CharField(
        max_length=100, blank=True, help_text="The Intacct checking account payments come from."
    )
    card_account_id = models.CharField(
        max_length=100,
        blank=True,
        help_text="The Intacct account of bills paid manually by credit card.",
    )
    payment_method = models.CharField(max_length=40, default="EFT")
    fee_gl_account = models.CharField(max_length=50, blank=True)
    netnow_gl_account = models.CharField(max_length=50, blank=True)
    withholding_gl_account = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = "AP write settings"
        verbose_name_plural = "AP write settings"

    def __str__(self) -> str:
        return f"AP write settings of {self.connection_id}"

    def clean(self) -> None:
        if self.sync_before_approval and self.po_matching:
            raise ValidationError(
                {
                    "sync_before_approval": "Bills cannot be written before approval while PO "
                    "matching is on: a matched bill becomes a vendor invoice in Intacct only "
                    "once it is approved."
                }
            )


class VendorSyncBase(models.Model):
    """The vendor's values as last agreed with Intacct: a field that differs from it both here
    and in Intacct is a conflict."""

    vendor = models.OneToOneField("ap.Vendor", on_delete=models.CASCADE, related_name="sync_base")
    values = models.JSONField(default=dict)
    seen_in_intacct = models.JSONField(
        default=dict, blank=True, help_text="Intacct's values when a conflict was found."
    )

    class Meta:
        verbose_name = "vendor conflict"

    def __str__(self) -> str:
        return f"Sync base of {self.vendor_id}"
