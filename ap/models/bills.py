"""Bills (APBILL) with their lines, and the amortization templates bill lines name.

Everything here is Intacct's: the pull writes it and the admin shows it read-only.
"""

from django.db import models

from ap.models.lifecycle import AppBillFields
from ap.models.parties import Vendor
from ap.models.purchasing import PurchasingDocument
from integrations.models import IntacctRecord, Status, Subsidiary, sort_indexes
from integrations.models.documents import MONEY, DocumentTotals

__all__ = ["AmortizationTemplate", "Bill", "BillLine"]


class AmortizationTemplate(IntacctRecord):
    """An AP amortization template: the list a bill line's template is picked from."""

    template_id = models.CharField("template ID", max_length=100, db_index=True)
    description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    schedule_period = models.CharField(max_length=30, blank=True)
    total_periods = models.IntegerField("number of periods", null=True, blank=True)
    method = models.CharField(max_length=60, blank=True)
    deferred_account = models.CharField("prepaid expense account", max_length=50, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["template_id"]

    def __str__(self) -> str:
        return self.template_id


class Bill(IntacctRecord, DocumentTotals, AppBillFields):
    """A vendor bill (APBILL): its state, dates and totals paid and due, as Intacct has them."""

    number = models.CharField("bill number", max_length=100, db_index=True)
    reference = models.CharField(
        "vendor invoice number", max_length=100, blank=True, help_text="DOCNUMBER."
    )
    description = models.TextField(blank=True)
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="bills"
    )
    vendor_intacct_id = models.CharField("vendor ID", max_length=100, blank=True)
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.SET_NULL, related_name="bills"
    )
    bill_date = models.DateField(null=True, blank=True, db_index=True)
    posted_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    paid_date = models.DateField(null=True, blank=True)
    term_name = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=30, blank=True, db_index=True)
    on_hold = models.BooleanField(default=False)
    total_selected = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total_selected = models.DecimalField(null=True, blank=True, **MONEY)
    module = models.CharField(max_length=10, blank=True)
    source_document_key = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The purchasing document (vendor invoice) the bill was made from (DOCHDRKEY).",
    )
    source_document = models.ForeignKey(
        PurchasingDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bills",
        help_text="The vendor invoice the bill was posted from.",
    )
    supdoc_id = models.CharField("attachment ID", max_length=100, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["-bill_date", "-id"]
        indexes = [
            *sort_indexes(
                "apbill",
                "number",
                "bill_date",
                "due_date",
                "state",
                "trx_total_entered",
                "trx_total_paid",
                "trx_total_due",
                "sync_state",
                # The amount search.
                "total_entered",
                "total_due",
            ),
            models.Index(fields=["state", "due_date"], name="apbill_state_due"),
            models.Index(fields=["connection", "state", "due_date"]),
            models.Index(fields=["connection", "number"]),
            models.Index(fields=["vendor", "bill_date"]),
        ]

    def __str__(self) -> str:
        return self.number or f"Bill {self.intacct_recordno}"


class BillLine(IntacctRecord):
    """A line of a bill (APBILLITEM), with its dimensions and amortization.

    The amortization start date and template are the two fields staff know as the bill
    line's amortization custom fields: a Date and a List (the templates).
    """

    bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    bill_recordno = models.BigIntegerField(db_index=True)
    line_no = models.IntegerField(null=True, blank=True)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    offset_gl_account = models.CharField("AP account", max_length=50, blank=True)
    memo = models.TextField(blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    trx_amount = models.DecimalField(null=True, blank=True, **MONEY)
    total_paid = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total_paid = models.DecimalField(null=True, blank=True, **MONEY)
    currency = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=30, blank=True)
    location_id = models.CharField(max_length=100, blank=True)
    department_id = models.CharField(max_length=100, blank=True)
    class_id = models.CharField(max_length=100, blank=True)
    project_id = models.CharField(max_length=100, blank=True)
    item_id = models.CharField(max_length=100, blank=True)
    vendor_dimension = models.CharField("vendor (dimension)", max_length=100, blank=True)
    amortization_start = models.DateField(
        "amortization start date", null=True, blank=True, help_text="Date."
    )
    amortization_template = models.ForeignKey(
        AmortizationTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bill_lines",
        help_text="List: the amortization templates.",
    )
    amortization_template_intacct_id = models.CharField(
        "amortization template ID", max_length=100, blank=True
    )
    amortization_end = models.DateField("amortization end date", null=True, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["bill_id", "line_no"]

    def __str__(self) -> str:
        return f"Line {self.line_no} of bill {self.bill_recordno}"
