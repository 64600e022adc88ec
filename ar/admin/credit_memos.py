"""Credit memos (AR adjustments), their lines and the invoices they were applied to."""

from typing import Any

from django.contrib import admin

from ar.admin.columns import CustomerDocumentMixin
from ar.admin.inlines import ApplicationInline
from ar.admin.money_columns import CompactColumnsMixin, DocumentMoneyMixin
from ar.models import CreditMemo, CreditMemoLine, Invoice
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    IntacctRecordColumn,
    base_amounts,
    day_column,
    trx_amounts,
)
from integrations.admin.filters import related_filter
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.links import list_link
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


class CreditMemoLineInline(ReadOnlyInline):
    model = CreditMemoLine
    fk_name = "credit_memo"
    show_change_link = False
    fields = ("line_no", "gl_account", "location_id", "memo", "amount", "trx_amount")
    verbose_name_plural = "lines"


class CreditApplicationInline(ApplicationInline):
    fk_name = "credit_memo"
    fields = ("invoice_link", "payment_link", "payment_date", "credit_amount", "currency")
    verbose_name_plural = "applied to invoices"


@admin.register(CreditMemo)
class CreditMemoAdmin(
    CompactColumnsMixin,
    DocumentMoneyMixin,
    CustomerDocumentMixin,
    AmountSearchMixin,
    IntacctRecordColumn,
    IntacctRecordAdmin,
):
    intacct_object = "ARADJUSTMENT"
    intacct_fields = (
        "number",
        "reference",
        "description",
        "customer",
        "customer_intacct_id",
        "subsidiary",
        "adjustment_date",
        "posted_date",
        "state",
        *DOCUMENT_TOTALS,
    )
    readonly_fields = ("intacct_record", "invoices_link")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "reference"),
                    ("customer", "customer_intacct_id"),
                    ("subsidiary", "state"),
                    ("adjustment_date", "posted_date"),
                    "description",
                    "invoices_link",
                    "intacct_record",
                )
            },
        ),
        base_amounts(),
        trx_amounts(),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (CreditMemoLineInline, CreditApplicationInline)
    list_display = (
        "number",
        "customer_link",
        "entity_code",
        "date_column",
        "state",
        "amount_money",
        "due_money",
        "invoices_link",
        "sync_badge",
    )
    list_select_related = ("connection", "customer", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        "currency",
        SyncStateFilter,
        related_filter(Invoice, "applications__invoice", "applied to invoice", "invoice"),
    )
    search_fields = ("number", "reference", "customer__name", "customer__customer_id")
    amount_search_fields = ("total_entered", "trx_total_entered", "total_due")
    date_hierarchy = "adjustment_date"
    show_full_result_count = False

    @admin.display(description="balance", ordering="total_due")
    def balance(self, obj: CreditMemo) -> Any:
        return obj.total_due

    date_column = day_column("adjustment_date", "Date")

    @admin.display(description="invoices")
    def invoices_link(self, obj: CreditMemo) -> str:
        return list_link(Invoice, {"credit_memo": obj.pk}, "invoices credited")
