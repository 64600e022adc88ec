"""AR master data: payment terms and customers (entities and contacts: integrations)."""

from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ar.admin.filters import CustomerAgingFilter, CustomerOverdueFilter
from ar.models import Customer, Invoice, Payment, PaymentTerm
from ar.money import money_text
from ar.selectors import AGING_BUCKETS, aging_attr, customers_with_aging, money, open_q
from integrations.admin.custom_field_columns import CustomFieldsAdminMixin
from integrations.admin.links import day, intacct_reference, list_link, record_link
from integrations.admin.money import money_cell
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin
from integrations.display import entity_code

# How much of a customer's history its page shows before linking to the full list.
RECENT_PAYMENT_DAYS = 365
PAGE_ROWS = 25


@admin.register(PaymentTerm)
class PaymentTermAdmin(IntacctRecordAdmin):
    intacct_fields = (
        "name",
        "description",
        "status",
        "due_days",
        "due_from",
        "discount_days",
        "discount_amount",
    )
    list_display = ("name", "description", "due_days", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", SyncStateFilter)
    search_fields = ("name", "description")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


def base_code(customer: Any) -> str:
    """The customer's amounts are in its entity's base currency."""
    entity = customer.created_in_entity
    return (entity.currency if entity else "") or customer.currency


@admin.register(Customer)
class CustomerAdmin(AmountSearchMixin, CustomFieldsAdminMixin, IntacctRecordAdmin):
    custom_field_object = "CUSTOMER"
    intacct_fields = (
        "customer_id",
        "name",
        "source",
        "intacct_customer_id",
        "status",
        "customer_type",
        "parent_customer_id",
        "currency",
        "term_name",
        "payment_term",
        "credit_limit",
        "total_due",
        "on_hold",
        "created_in_entity",
        "display_contact",
        "primary_contact",
        "bill_to_contact",
        "ship_to_contact",
    )
    readonly_fields = (
        "intacct_record",
        "aging_summary",
        "open_invoices",
        "recent_payments",
        "custom_fields_panel",
    )
    fieldsets = (
        (None, {"fields": (*intacct_fields, "intacct_record")}),
        ("Custom fields", {"fields": ("custom_fields_panel",)}),
        ("Receivables", {"fields": ("aging_summary", "open_invoices", "recent_payments")}),
        IntacctRecordAdmin.binding_fieldset,
    )
    list_display = (
        "customer_id",
        "name",
        "status",
        "entity_column",
        "balance_money",
        "overdue_money",
        "aging_money",
        "contact_column",
        "sync_badge",
    )
    list_filter = (
        "connection",
        "status",
        "source",
        "currency",
        "created_in_entity",
        CustomerOverdueFilter,
        CustomerAgingFilter,
        SyncStateFilter,
    )
    list_select_related = ("connection", "display_contact", "created_in_entity")
    search_fields = ("customer_id", "name", "intacct_customer_id", "display_contact__email")
    amount_search_fields = ("total_due",)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Customer]:
        return customers_with_aging(super().get_queryset(request), today=timezone.localdate())

    @admin.display(description="balance (local documents)", ordering="balance")
    def balance(self, obj: Any) -> Any:
        return money(obj.balance)

    @admin.display(description="Balance", ordering="balance")
    def balance_money(self, obj: Any) -> str:
        """One balance: what the local documents say, flagged where Intacct's differs."""
        ours = money(obj.balance)
        theirs = money(obj.total_due)
        if theirs is not None and ours is not None and theirs != ours:
            return money_cell(
                ours,
                base_code(obj),
                flag=f"Intacct's TOTALDUE is {money_text(theirs, base_code(obj))}: "
                "a document is not synced yet, or was changed since the last sync.",
            )
        return money_cell(ours, base_code(obj))

    @admin.display(description="Entity", ordering="created_in_entity__location_id")
    def entity_column(self, obj: Any) -> str:
        return entity_code(obj) or "—"

    @admin.display(description="Contact", ordering="display_contact__contact_name")
    def contact_column(self, obj: Any) -> str:
        contact = obj.display_contact
        if contact is None:
            return "—"
        return format_html("{}<div class='quiet'>{}</div>", contact, contact.email or "")

    @admin.display(description="Aging (past due)")
    def aging_money(self, obj: Any) -> str:
        """The buckets with something owed, one line each (all at a glance, one column)."""
        lines = [
            (bucket.label, money_text(money(getattr(obj, aging_attr(bucket))), base_code(obj)))
            for bucket in AGING_BUCKETS
            if money(getattr(obj, aging_attr(bucket)))
        ]
        if not lines:
            return format_html('<span class="money">{}</span>', "—")
        return format_html_join("", '<span class="money aging-line">{}: {}</span>', lines)

    @admin.display(description="Overdue", ordering="overdue_balance")
    def overdue_money(self, obj: Any) -> str:
        return money_cell(money(obj.overdue_balance), base_code(obj))

    @admin.display(description="open invoices (local)", ordering="open_balance")
    def open_balance(self, obj: Any) -> Any:
        return money(obj.open_balance)

    @admin.display(description="overdue", ordering="overdue_balance")
    def overdue_balance(self, obj: Any) -> Any:
        return money(obj.overdue_balance)

    @admin.display(description="Intacct record")
    def intacct_record(self, obj: Customer) -> str:
        return intacct_reference(obj, "CUSTOMER")

    @admin.display(description="aging (base currency)")
    def aging_summary(self, obj: Any) -> str:
        cells = [(b.label, money(getattr(obj, aging_attr(b)))) for b in AGING_BUCKETS]
        return format_html(
            "<table class='aging'><tr><th>Open</th><th>Overdue</th>{}</tr>"
            "<tr><td>{}</td><td>{}</td>{}</tr></table>",
            format_html_join("", "<th>{}</th>", ((label,) for label, _ in cells)),
            money(obj.open_balance),
            money(obj.overdue_balance),
            format_html_join("", "<td>{}</td>", ((value,) for _, value in cells)),
        )

    @admin.display(description="open invoices")
    def open_invoices(self, obj: Customer) -> str:
        rows = list(
            Invoice.objects.filter(open_q(), customer=obj).order_by("due_date", "pk")[
                : PAGE_ROWS + 1
            ]
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
            (
                (
                    record_link(i),
                    day(i.invoice_date),
                    day(i.due_date),
                    i.state,
                    i.trx_total_due,
                    i.currency,
                )
                for i in rows[:PAGE_ROWS]
            ),
        )
        more = list_link(
            Invoice, {"customer__id__exact": obj.pk, "due": "overdue"}, "overdue invoices"
        )
        every = list_link(Invoice, {"customer__id__exact": obj.pk}, "all invoices")
        return format_html(
            "<table class='open-invoices'><tr><th>Invoice</th><th>Date</th><th>Due</th>"
            "<th>State</th><th>Due (trx)</th></tr>{}</table><p>{}{} · {}</p>",
            body or format_html("<tr><td colspan='5'>{}</td></tr>", "No open invoices."),
            f"Showing the first {PAGE_ROWS}. " if len(rows) > PAGE_ROWS else "",
            more,
            every,
        )

    @admin.display(description="recent payments")
    def recent_payments(self, obj: Customer) -> str:
        since = timezone.localdate() - timedelta(days=RECENT_PAYMENT_DAYS)
        rows = list(
            Payment.objects.filter(customer=obj, received_date__gte=since).order_by(
                "-received_date", "-pk"
            )[:PAGE_ROWS]
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
            (
                (
                    record_link(p),
                    day(p.received_date),
                    p.method,
                    p.state,
                    p.trx_total_entered,
                    p.currency,
                )
                for p in rows
            ),
        )
        every = list_link(Payment, {"customer__id__exact": obj.pk}, "all payments")
        return format_html(
            "<table class='recent-payments'><tr><th>Payment</th><th>Received</th>"
            "<th>Method</th><th>State</th><th>Amount (trx)</th></tr>{}</table><p>{}</p>",
            body
            or format_html("<tr><td colspan='5'>{}</td></tr>", "No payments in the last year."),
            every,
        )
