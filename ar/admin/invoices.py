"""Invoices: the list staff work their receivables from, and the invoice page."""

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ar.admin.columns import CustomerDocumentMixin
from ar.admin.filters import AgingFilter, DueFilter
from ar.admin.inlines import ApplicationInline
from ar.admin.money_columns import CompactColumnsMixin, DocumentMoneyMixin
from ar.models import CreditMemo, Invoice, InvoiceDocument, InvoiceLine, Payment
from ar.models import PaymentApplication as Application
from ar.money import amount_text
from ar.selectors import BUCKETS_BY_KEY, invoices_with_aging, money
from ar.settlement import settlement, with_credits_applied
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    IntacctRecordColumn,
    base_amounts,
    iso_day,
    trx_amounts,
)
from integrations.admin.custom_field_columns import CustomFieldsAdminMixin
from integrations.admin.filters import related_filter
from integrations.admin.inlines import DocumentInline, ReadOnlyInline
from integrations.admin.links import day, list_link
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


def _application_count(**where: Any) -> Coalesce:
    rows = (
        Application.objects.filter(invoice=OuterRef("pk"), **where)
        .order_by()
        .values("invoice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fk_name = "invoice"
    show_change_link = False
    fields = ("line_no", "gl_account", "location_id", "department_id", "memo", "amount")
    verbose_name_plural = "lines"


class PaymentAppliedInline(ApplicationInline):
    fk_name = "invoice"
    fields = ("payment_link", "received", "method", "payment_date", "amount", "currency")
    verbose_name = "payment"
    verbose_name_plural = "payments applied"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(payment__isnull=False, credit_memo__isnull=True)

    @admin.display(description="received")
    def received(self, obj: Application) -> str:
        return day(obj.payment.received_date if obj.payment else None)

    @admin.display(description="method")
    def method(self, obj: Application) -> str:
        return obj.payment.method if obj.payment else ""


class CreditAppliedInline(ApplicationInline):
    fk_name = "invoice"
    fields = ("credit_memo_link", "memo_date", "payment_date", "credit_amount", "currency")
    verbose_name = "credit memo"
    verbose_name_plural = "credit memos applied"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(credit_memo__isnull=False)

    @admin.display(description="memo date")
    def memo_date(self, obj: Application) -> str:
        return day(obj.credit_memo.adjustment_date if obj.credit_memo else None)


class InvoiceDocumentInline(DocumentInline):
    model = InvoiceDocument
    download_url = "ar:invoice_document"


@admin.register(Invoice)
class InvoiceAdmin(
    CompactColumnsMixin,
    DocumentMoneyMixin,
    CustomerDocumentMixin,
    AmountSearchMixin,
    CustomFieldsAdminMixin,
    IntacctRecordColumn,
    IntacctRecordAdmin,
):
    intacct_object = "ARINVOICE"
    custom_field_object = "ARINVOICE"
    intacct_fields = (
        "number",
        "reference",
        "description",
        "customer",
        "customer_intacct_id",
        "subsidiary",
        "module",
        "state",
        "invoice_date",
        "due_date",
        "posted_date",
        "paid_date",
        "term_name",
        *DOCUMENT_TOTALS,
        "source_document_key",
        "supdoc_id",
    )
    readonly_fields = (
        "intacct_record",
        "aging_summary",
        "settlement_panel",
        "related",
        "custom_fields_panel",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "reference"),
                    ("customer", "customer_intacct_id"),
                    ("subsidiary", "module"),
                    ("state", "aging_summary"),
                    "settlement_panel",
                    ("invoice_date", "due_date"),
                    ("posted_date", "paid_date"),
                    "term_name",
                    "description",
                    "related",
                    "intacct_record",
                )
            },
        ),
        base_amounts(),
        trx_amounts(),
        ("Custom fields", {"fields": ("custom_fields_panel",)}),
        ("Source", {"fields": ("source_document_key", "supdoc_id"), "classes": ("collapse",)}),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (InvoiceLineInline, PaymentAppliedInline, CreditAppliedInline, InvoiceDocumentInline)
    # Fits 1,400 px: dates, past-due days with their bucket, and links share cells.
    list_display = (
        "number",
        "customer_link",
        "entity_code",
        "dates_column",
        "status_column",
        "amount_money",
        "due_money",
        "past_due_column",
        "links_column",
        "sync_badge",
    )
    list_select_related = ("connection", "customer", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        "currency",
        DueFilter,
        AgingFilter,
        "module",
        SyncStateFilter,
        related_filter(Payment, "applications__payment", "payment", "payment"),
        related_filter(CreditMemo, "applications__credit_memo", "credit memo", "credit_memo"),
    )
    search_fields = ("number", "reference", "customer__name", "customer__customer_id")
    amount_search_fields = ("total_entered", "total_due", "trx_total_entered", "trx_total_due")
    date_hierarchy = "invoice_date"
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        pdf = InvoiceDocument.objects.filter(
            invoice=OuterRef("pk"), kind=InvoiceDocument.Kind.PDF
        ).order_by("-fetched_at", "-pk")
        queryset = invoices_with_aging(super().get_queryset(request), today=timezone.localdate())
        queryset = with_credits_applied(queryset)
        return queryset.annotate(
            payment_count=_application_count(payment__isnull=False, credit_memo__isnull=True),
            credit_count=_application_count(credit_memo__isnull=False),
            pdf_id=Subquery(pdf.values("pk")[:1]),
        )

    @admin.display(description="balance", ordering="balance")
    def balance_column(self, obj: Any) -> Decimal | None:
        return money(obj.balance)

    @admin.display(description="days past due", ordering="days_past_due")
    def days_past_due_column(self, obj: Any) -> int | None:
        return obj.days_past_due.days if obj.days_past_due is not None else None

    @admin.display(description="aging", ordering="days_past_due")
    def aging_column(self, obj: Any) -> str | None:
        bucket = BUCKETS_BY_KEY.get(obj.aging)
        return bucket.label if bucket else None

    @admin.display(description="applied")
    def applied_links(self, obj: Any) -> str:
        parts = []
        if obj.payment_count:
            parts.append(list_link(Payment, {"invoice": obj.pk}, f"{obj.payment_count} pmt"))
        if obj.credit_count:
            parts.append(list_link(CreditMemo, {"invoice": obj.pk}, f"{obj.credit_count} cm"))
        return format_html(" · ".join(["{}"] * len(parts)), *parts) if parts else "—"

    @admin.display(description="Status", ordering="state")
    def status_column(self, obj: Any) -> str:
        status = settlement(obj, getattr(obj, "credits_applied", None)).status
        if status == obj.state:
            return status
        return format_html("{}<div class='quiet'>{}</div>", status, obj.state)

    @admin.display(description="settlement")
    def settlement_panel(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return "—"
        s = settlement(obj, getattr(obj, "credits_applied", None))
        return format_html(
            '<div class="settlement"><strong>{}</strong><br>Total: {} · Payments: {} · '
            "Credits applied: {} · Balance: {}</div>",
            s.status,
            amount_text(s.total),
            amount_text(s.payments),
            amount_text(s.credits),
            amount_text(s.balance),
        )

    @admin.display(description="Dates", ordering="invoice_date")
    def dates_column(self, obj: Any) -> str:
        return format_html(
            "{}<div class='quiet'>due {}</div>", iso_day(obj.invoice_date), iso_day(obj.due_date)
        )

    # Days past due grow as the due date recedes: sorted by the (indexed) due date.
    @admin.display(description="Past due", ordering="-due_date")
    def past_due_column(self, obj: Any) -> str:
        days = self.days_past_due_column(obj)
        if days is None or days < 0:
            return "—" if days is None else "not yet due"
        return format_html("{} days<div class='quiet'>{}</div>", days, self.aging_column(obj) or "")

    @admin.display(description="Links")
    def links_column(self, obj: Any) -> str:
        return format_html("{}<div>{}</div>", self.applied_links(obj), self.pdf_link(obj))

    @admin.display(description="PDF")
    def pdf_link(self, obj: Any) -> str:
        if not obj.pdf_id:
            # Not fetched by the import (not open): fetched from Intacct when asked for. That
            # calls Intacct and may write error rows, so it is a POST: the button submits the
            # change list's form (with its CSRF token) to the download view.
            url = reverse("ar:invoice_pdf", args=[obj.pk])
            return format_html(
                '<button type="submit" class="pdf-from-intacct" formaction="{}" '
                'formmethod="post" formnovalidate>get PDF</button>',
                url,
            )
        url = reverse("ar:invoice_document", args=[obj.pdf_id])
        return format_html('<a href="{}">PDF</a>', url)

    @admin.display(description="aging")
    def aging_summary(self, obj: Any) -> str:
        if getattr(obj, "days_past_due", None) is None:
            return "—"
        days = obj.days_past_due.days
        bucket = BUCKETS_BY_KEY.get(obj.aging)
        state = f"{days} days past due" if days >= 0 else f"due in {-days} days"
        return f"{state} ({bucket.label})" if bucket else state

    @admin.display(description="see also")
    def related(self, obj: Invoice) -> str:
        links = [
            list_link(Payment, {"invoice": obj.pk}, "payments"),
            list_link(CreditMemo, {"invoice": obj.pk}, "credit memos"),
        ]
        if obj.customer_id:
            links.append(
                list_link(Invoice, {"customer__id__exact": obj.customer_id}, "customer's invoices")
            )
        return format_html(" · ".join(["{}"] * len(links)), *links)
