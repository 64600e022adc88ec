"""Bills with their lines and what paid them, and the amortization templates."""

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from ap.admin.columns import BillDueFilter, VendorDocumentColumns, VendorFilter
from ap.models import (
    AmortizationTemplate,
    Bill,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    PurchasingDocument,
    VendorCredit,
)
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    IntacctRecordColumn,
    base_amounts,
    day_column,
    trx_amounts,
)
from integrations.admin.filters import RelatedRecordFilter, related_filter
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.links import list_link, record_link
from integrations.admin.money import money_cell
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


class MadeFromFilter(RelatedRecordFilter):
    """Bills made from a purchasing document: posted from it (a vendor invoice) or from a
    vendor invoice converted from it (a receiver) or from one of its receivers (a PO)."""

    title = "made from purchasing document"
    parameter_name = "made_from"
    related_model = PurchasingDocument

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        key = int(self.value() or 0)
        return queryset.filter(
            Q(source_document=key)
            | Q(source_document__source=key)
            | Q(source_document__source__source=key)
        )


def bills_made_from(document: PurchasingDocument) -> str:
    """A link to the bills made from ``document`` (for the purchasing document page)."""
    return list_link(Bill, {"made_from": document.pk}, "bills made from it")


class BillLineInline(ReadOnlyInline):
    model = BillLine
    fk_name = "bill"
    fields = (
        "line_no",
        "gl_account",
        "memo",
        "amount_money",
        "paid_money",
        "department_id",
        "location_id",
        "class_id",
        "amortization_start",
        "amortization_template",
    )
    readonly_fields = fields
    verbose_name_plural = "lines"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("amortization_template")

    @admin.display(description="amount")
    def amount_money(self, obj: BillLine) -> str:
        return money_cell(obj.trx_amount, obj.currency)

    @admin.display(description="paid")
    def paid_money(self, obj: BillLine) -> str:
        return money_cell(obj.trx_total_paid, obj.currency)


class PaymentDetailInline(ReadOnlyInline):
    """What paid the bill: payments (cash) and vendor credits."""

    model = BillPaymentDetail
    fk_name = "bill"
    fields = ("payment_link", "vendor_credit_link", "payment_date", "cash_money", "credit_money")
    readonly_fields = fields
    verbose_name_plural = "paid by"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment", "vendor_credit")

    @admin.display(description="payment")
    def payment_link(self, obj: BillPaymentDetail) -> str:
        return record_link(obj.payment) if obj.payment else str(obj.payment_recordno or "—")

    @admin.display(description="vendor credit")
    def vendor_credit_link(self, obj: BillPaymentDetail) -> str:
        return record_link(obj.vendor_credit)

    @admin.display(description="cash applied")
    def cash_money(self, obj: BillPaymentDetail) -> str:
        return money_cell(obj.trx_amount, obj.currency)

    @admin.display(description="credit applied")
    def credit_money(self, obj: BillPaymentDetail) -> str:
        return money_cell(obj.trx_credit_amount, obj.currency)


@admin.register(Bill)
class BillAdmin(VendorDocumentColumns, AmountSearchMixin, IntacctRecordColumn, IntacctRecordAdmin):
    intacct_object = "APBILL"
    intacct_fields = (
        "number",
        "reference",
        "description",
        "vendor",
        "vendor_intacct_id",
        "subsidiary",
        "bill_date",
        "posted_date",
        "due_date",
        "paid_date",
        "term_name",
        "state",
        "on_hold",
        "module",
        "source_document_key",
        "supdoc_id",
        "source_document",
        *DOCUMENT_TOTALS,
        "total_selected",
        "trx_total_selected",
        "custom_fields",
    )
    readonly_fields = ("intacct_record", "payments_link", "credits_link", "made_from")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "reference"),
                    ("vendor", "vendor_intacct_id"),
                    ("subsidiary", "state", "on_hold"),
                    ("bill_date", "posted_date", "due_date", "paid_date"),
                    ("term_name", "module", "source_document_key"),
                    "made_from",
                    "description",
                    ("payments_link", "credits_link"),
                    "intacct_record",
                )
            },
        ),
        trx_amounts(
            "Amounts (transaction currency): total, paid, due, selected for payment",
            extra=("total_selected",),
        ),
        base_amounts(extra=("total_selected",)),
        ("Custom fields", {"fields": ("custom_fields", "supdoc_id"), "classes": ("collapse",)}),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (BillLineInline, PaymentDetailInline)
    list_display = (
        "number_and_reference",
        "vendor_link",
        "entity_code",
        "bill_day",
        "due_day",
        "state",
        "amount_money",
        "paid_money",
        "due_money",
        "payments_link",
        "sync_badge",
    )
    list_select_related = ("connection", "vendor", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        BillDueFilter,
        "currency",
        VendorFilter,
        related_filter(BillPayment, "payment_details__payment", "paid by payment", "payment"),
        related_filter(
            VendorCredit, "payment_details__vendor_credit", "credit applied", "vendor_credit"
        ),
        related_filter(
            AmortizationTemplate,
            "lines__amortization_template",
            "amortization template",
            "amortization_template",
        ),
        MadeFromFilter,
        SyncStateFilter,
    )
    search_fields = ("number", "reference", "vendor__name", "vendor__vendor_id")
    amount_search_fields = ("total_entered", "trx_total_entered", "total_due", "trx_total_due")
    date_hierarchy = "bill_date"
    show_full_result_count = False

    @admin.display(description="Bill", ordering="number")
    def number_and_reference(self, obj: Bill) -> str:
        return format_html("{}<div class='quiet'>{}</div>", obj.number or "—", obj.reference)

    bill_day = day_column("bill_date", "Date")

    due_day = day_column("due_date", "Due date")

    @admin.display(description="payments")
    def payments_link(self, obj: Bill) -> str:
        return list_link(BillPayment, {"bill": obj.pk}, "payments")

    @admin.display(description="vendor credits")
    def credits_link(self, obj: Bill) -> str:
        return list_link(VendorCredit, {"bill": obj.pk}, "credits applied")

    @admin.display(description="Made from")
    def made_from(self, obj: Bill) -> str:
        """The vendor invoice the bill was posted from, and what that was converted from."""
        chain = []
        document = obj.source_document
        while document is not None and len(chain) < 4:
            chain.append(document)
            document = document.source
        if not chain:
            return "—"
        return format_html_join(
            " ← ",
            "{}",
            ((record_link(d, d.doc_id or d.number),) for d in chain),
        )


@admin.register(AmortizationTemplate)
class AmortizationTemplateAdmin(IntacctRecordAdmin):
    intacct_fields = (
        "template_id",
        "description",
        "status",
        "schedule_period",
        "total_periods",
        "method",
        "deferred_account",
    )
    list_display = ("template_id", "description", "total_periods", "method", "status", "lines")
    list_filter = ("connection", "status")
    search_fields = ("template_id", "description")

    @admin.display(description="bill lines")
    def lines(self, obj: AmortizationTemplate) -> str:
        return list_link(Bill, {"amortization_template": obj.pk}, "bills")
