"""List columns and filters shared by the AP documents (bills, payments, credits, cards)."""

from typing import Any

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join

from ap.models import Bill, BillPayment, Vendor, VendorCredit
from integrations.admin.columns import EntityColumn
from integrations.admin.filters import related_filter
from integrations.admin.links import list_link, record_link
from integrations.admin.money import document_money

VendorFilter = related_filter(Vendor, "vendor", "vendor", "vendor")


class VendorDocumentColumns(EntityColumn):
    """Vendor, entity and the amounts of a document, each amount with its currency."""

    @admin.display(description="Vendor", ordering="vendor__name")
    def vendor_link(self, obj: Any) -> str:
        return record_link(obj.vendor) if obj.vendor else obj.vendor_intacct_id

    @admin.display(description="Amount", ordering="trx_total_entered")
    def amount_money(self, obj: Any) -> str:
        return document_money(obj, "total_entered")

    @admin.display(description="Paid / applied", ordering="trx_total_paid")
    def paid_money(self, obj: Any) -> str:
        return document_money(obj, "total_paid")

    @admin.display(description="Due", ordering="trx_total_due")
    def due_money(self, obj: Any) -> str:
        return document_money(obj, "total_due")


class BillDueFilter(admin.SimpleListFilter):
    """Open bills split by whether their due date has passed."""

    title = "due"
    parameter_name = "due"
    OPEN_STATES = ("Posted", "Partially Paid", "Selected")

    def lookups(self, request, model_admin):
        return (
            ("open", "Open"),
            ("overdue", "Overdue"),
            ("not_overdue", "Open, not overdue"),
            ("closed", "Closed"),
        )

    def queryset(self, request, queryset):
        open_rows = queryset.filter(state__in=self.OPEN_STATES).exclude(total_due=0)
        today = timezone.localdate()
        if self.value() == "open":
            return open_rows
        if self.value() == "overdue":
            return open_rows.filter(due_date__lt=today)
        if self.value() == "not_overdue":
            return open_rows.exclude(due_date__lt=today)
        if self.value() == "closed":
            return queryset.exclude(pk__in=open_rows.values("pk"))
        return queryset


def vendor_documents(vendor: Vendor) -> str:
    """Links to the vendor's bills, bill payments and vendor credits (for the vendor page)."""
    links = (
        (list_link(model, {"vendor": vendor.pk}, text),)
        for model, text in (
            (Bill, "bills"),
            (BillPayment, "bill payments"),
            (VendorCredit, "vendor credits"),
        )
    )
    return format_html_join(" · ", "{}", links)
