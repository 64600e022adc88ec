"""Customer payments and what they were applied to."""

from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ar.admin.columns import CustomerDocumentMixin
from ar.admin.inlines import ApplicationInline
from ar.admin.money_columns import CompactColumnsMixin, PaymentMoneyMixin
from ar.models import Invoice, Payment
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    IntacctRecordColumn,
    base_amounts,
    day_column,
    trx_amounts,
)
from integrations.admin.filters import related_filter
from integrations.admin.links import list_link
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


class PaymentApplicationsInline(ApplicationInline):
    """Applications of this payment to invoices (cash, or a credit memo's credit)."""

    fk_name = "payment"
    fields = ("invoice_link", "credit_memo_link", "payment_date", "amount", "credit_amount")
    verbose_name_plural = "applied to"


@admin.register(Payment)
class PaymentAdmin(
    CompactColumnsMixin,
    PaymentMoneyMixin,
    CustomerDocumentMixin,
    AmountSearchMixin,
    IntacctRecordColumn,
    IntacctRecordAdmin,
):
    intacct_object = "ARPYMT"
    intacct_fields = (
        "number",
        "reference",
        "description",
        "customer",
        "customer_intacct_id",
        "subsidiary",
        "received_date",
        "payment_date",
        "method",
        "record_type",
        "state",
        "bank_account",
        "undeposited_account",
        *DOCUMENT_TOTALS,
    )
    readonly_fields = ("intacct_record", "invoices_link", "cash_application_link")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "reference"),
                    ("customer", "customer_intacct_id"),
                    ("subsidiary", "state"),
                    ("received_date", "payment_date"),
                    ("method", "record_type"),
                    ("bank_account", "undeposited_account"),
                    "description",
                    "invoices_link",
                    "intacct_record",
                    "cash_application_link",
                )
            },
        ),
        base_amounts("Amounts (base currency): received, applied, unapplied"),
        trx_amounts(),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (PaymentApplicationsInline,)
    list_display = (
        "number_and_reference",
        "customer_link",
        "entity_code",
        "received_column",
        "method",
        "state",
        "amount_money",
        "applied_money",
        "unapplied_money",
        "invoices_link",
        "sync_badge",
    )
    list_select_related = ("connection", "customer", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        "currency",
        "method",
        SyncStateFilter,
        related_filter(Invoice, "applications__invoice", "applied to invoice", "invoice"),
    )
    search_fields = ("number", "reference", "customer__name", "customer__customer_id")
    amount_search_fields = ("total_entered", "trx_total_entered", "total_paid", "total_due")
    date_hierarchy = "received_date"
    show_full_result_count = False

    @admin.display(description="applied", ordering="total_paid")
    def applied(self, obj: Payment) -> Any:
        return obj.total_paid

    @admin.display(description="unapplied", ordering="total_due")
    def unapplied(self, obj: Payment) -> Any:
        return obj.total_due

    @admin.display(description="Payment", ordering="number")
    def number_and_reference(self, obj: Payment) -> str:
        return format_html("{}<div class='quiet'>{}</div>", obj.number or "—", obj.reference or "")

    received_column = day_column("received_date", "Received")

    @admin.display(description="invoices")
    def invoices_link(self, obj: Payment) -> str:
        return list_link(Invoice, {"payment": obj.pk}, "invoices paid")

    @admin.display(description="Cash application")
    def cash_application_link(self, obj: Payment) -> str:
        """Payments made in the app are worked on (and reversed) from their bank line."""
        if obj.origin != Payment.Origin.APP or obj.bank_transaction_id is None:
            return "-"
        url = reverse("admin:ar_banktransaction_apply", args=[obj.bank_transaction_id])
        return format_html(
            '<a href="{}?payment={}">{} — open in cash application</a>',
            url,
            obj.pk,
            obj.status_label,
        )
