"""Bill payments (APPYMT) with what each applies to, and vendor credits (APADJUSTMENT)."""

from django.db import models

from ap.models.bills import Bill
from ap.models.lifecycle import AppCreditFields, AppPaymentFields
from ap.models.parties import Vendor
from integrations.models import IntacctRecord, Subsidiary
from integrations.models.documents import MONEY, AdjustmentLine, Application, DocumentTotals

__all__ = ["BillPayment", "BillPaymentDetail", "VendorCredit", "VendorCreditLine"]


class VendorCredit(IntacctRecord, DocumentTotals, AppCreditFields):
    """A vendor credit (APADJUSTMENT, negative amounts). ``total_paid`` is what was applied."""

    number = models.CharField("credit number", max_length=100, db_index=True)
    description = models.TextField(blank=True)
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="vendor_credits"
    )
    vendor_intacct_id = models.CharField("vendor ID", max_length=100, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="vendor_credits"
    )
    credit_date = models.DateField(null=True, blank=True, db_index=True)
    posted_date = models.DateField(null=True, blank=True)
    applied_date = models.DateField("fully applied on", null=True, blank=True)
    state = models.CharField(max_length=30, blank=True, db_index=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["-credit_date", "-id"]

    def __str__(self) -> str:
        return self.number or f"Vendor credit {self.intacct_recordno}"

    @property
    def applied(self) -> bool:
        """Whether Intacct applied any of it (to a bill)."""
        return bool(self.total_paid)


class VendorCreditLine(AdjustmentLine):
    """A line of a vendor credit (APADJUSTMENTITEM)."""

    vendor_credit = models.ForeignKey(
        VendorCredit, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    vendor_credit_recordno = models.BigIntegerField(db_index=True)

    class Meta(AdjustmentLine.Meta):
        ordering = ["vendor_credit_id", "line_no"]


class BillPayment(IntacctRecord, DocumentTotals, AppPaymentFields):
    """A payment to a vendor (APPYMT)."""

    number = models.CharField("payment ID", max_length=100, blank=True, db_index=True)
    reference = models.CharField(
        "check / reference number", max_length=100, blank=True, db_index=True
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="bill_payments"
    )
    vendor_intacct_id = models.CharField("vendor ID", max_length=100, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="bill_payments"
    )
    payment_date = models.DateField(null=True, blank=True, db_index=True)
    method = models.CharField(max_length=50, blank=True)
    bank_account = models.CharField(
        max_length=100, blank=True, help_text="FINANCIALENTITY (the account it was paid from)."
    )
    state = models.CharField(max_length=30, blank=True, db_index=True)
    cleared = models.BooleanField(default=False)

    class Meta(IntacctRecord.Meta):
        ordering = ["-payment_date", "-id"]

    def __str__(self) -> str:
        return self.number or self.reference or f"Bill payment {self.intacct_recordno}"


class BillPaymentDetail(Application):
    """What a payment applied to one bill: cash, or a vendor credit's credit (APPYMTDETAIL)."""

    payment = models.ForeignKey(
        BillPayment, null=True, blank=True, on_delete=models.CASCADE, related_name="details"
    )
    payment_recordno = models.BigIntegerField(null=True, blank=True, db_index=True)
    bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.SET_NULL, related_name="payment_details"
    )
    bill_recordno = models.BigIntegerField(null=True, blank=True, db_index=True)
    vendor_credit = models.ForeignKey(
        VendorCredit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    vendor_credit_recordno = models.BigIntegerField(null=True, blank=True)
    trx_credit_amount = models.DecimalField(null=True, blank=True, **MONEY)

    def __str__(self) -> str:
        return f"{self.amount or self.credit_amount} to bill {self.bill_recordno}"
