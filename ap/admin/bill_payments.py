"""Bill payments with the bills and credits each applies to, and vendor credits."""

from django.contrib import admin
from django.utils.html import format_html

from ap.admin.columns import VendorDocumentColumns, VendorFilter
from ap.models import Bill, BillPayment, BillPaymentDetail, VendorCredit, VendorCreditLine
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    IntacctRecordColumn,
    base_amounts,
    day_column,
    trx_amounts,
)
from integrations.admin.filters import related_filter
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.links import list_link, record_link
from integrations.admin.money import money_cell
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin

# Bill payments and vendor credits pull no exchange rate (ap.declarations.bills).
_TOTALS = tuple(name for name in DOCUMENT_TOTALS if name != "exchange_rate")


class DetailInline(ReadOnlyInline):
    """Payment details seen from the payment or the vendor credit."""

    model = BillPaymentDetail
    fields = ("bill_link", "payment_link", "credit_link", "payment_date", "cash", "credit")
    readonly_fields = fields
    verbose_name_plural = "applied to"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bill", "payment", "vendor_credit")

    @admin.display(description="bill")
    def bill_link(self, obj: BillPaymentDetail) -> str:
        return record_link(obj.bill) if obj.bill else str(obj.bill_recordno or "—")

    @admin.display(description="payment")
    def payment_link(self, obj: BillPaymentDetail) -> str:
        return record_link(obj.payment)

    @admin.display(description="vendor credit")
    def credit_link(self, obj: BillPaymentDetail) -> str:
        return record_link(obj.vendor_credit)

    @admin.display(description="cash applied")
    def cash(self, obj: BillPaymentDetail) -> str:
        return money_cell(obj.trx_amount, obj.currency)

    @admin.display(description="credit applied")
    def credit(self, obj: BillPaymentDetail) -> str:
        return money_cell(obj.trx_credit_amount, obj.currency)


class PaymentDetailsInline(DetailInline):
    fk_name = "payment"


class CreditApplicationsInline(DetailInline):
    fk_name = "vendor_credit"


class VendorCreditLineInline(ReadOnlyInline):
    model = VendorCreditLine
    fk_name = "vendor_credit"
    fields = ("line_no", "gl_account", "location_id", "memo", "amount", "trx_amount")
    readonly_fields = fields
    verbose_name_plural = "lines"


@admin.register(BillPayment)
class BillPaymentAdmin(
    VendorDocumentColumns, AmountSearchMixin, IntacctRecordColumn, IntacctRecordAdmin
):
    intacct_object = "APPYMT"
    intacct_fields = (
        "number",
        "reference",
        "vendor",
        "vendor_intacct_id",
        "subsidiary",
        "payment_date",
        "method",
        "bank_account",
        "state",
        "cleared",
        *_TOTALS,
    )
    readonly_fields = ("intacct_record", "bills_link")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "reference"),
                    ("vendor", "vendor_intacct_id"),
                    ("subsidiary", "state", "cleared"),
                    ("payment_date", "method", "bank_account"),
                    "bills_link",
                    "intacct_record",
                )
            },
        ),
        trx_amounts(
            "Amounts (transaction currency): paid, applied, unapplied", exchange_rate=False
        ),
        base_amounts(),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (PaymentDetailsInline,)
    list_display = (
        "number_and_reference",
        "vendor_link",
        "entity_code",
        "paid_on",
        "method",
        "state",
        "amount_money",
        "paid_money",
        "due_money",
        "bills_link",
        "sync_badge",
    )
    list_select_related = ("connection", "vendor", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        "currency",
        "method",
        VendorFilter,
        related_filter(Bill, "details__bill", "paid bill", "bill"),
        SyncStateFilter,
    )
    search_fields = ("number", "reference", "vendor__name", "vendor__vendor_id")
    amount_search_fields = ("total_entered", "trx_total_entered")
    date_hierarchy = "payment_date"
    show_full_result_count = False

    @admin.display(description="Payment", ordering="number")
    def number_and_reference(self, obj: BillPayment) -> str:
        return format_html("{}<div class='quiet'>{}</div>", obj.number or "—", obj.reference)

    paid_on = day_column("payment_date", "Paid on")

    @admin.display(description="bills")
    def bills_link(self, obj: BillPayment) -> str:
        return list_link(Bill, {"payment": obj.pk}, "bills paid")


@admin.register(VendorCredit)
class VendorCreditAdmin(
    VendorDocumentColumns, AmountSearchMixin, IntacctRecordColumn, IntacctRecordAdmin
):
    intacct_object = "APADJUSTMENT"
    intacct_fields = (
        "number",
        "description",
        "vendor",
        "vendor_intacct_id",
        "subsidiary",
        "credit_date",
        "posted_date",
        "applied_date",
        "state",
        *_TOTALS,
    )
    readonly_fields = ("intacct_record", "applied_column", "bills_link")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    ("vendor", "vendor_intacct_id"),
                    ("subsidiary", "state", "applied_column"),
                    ("credit_date", "posted_date", "applied_date"),
                    "description",
                    "bills_link",
                    "intacct_record",
                )
            },
        ),
        trx_amounts(
            "Amounts (transaction currency): credit, applied, left to apply", exchange_rate=False
        ),
        base_amounts(),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (VendorCreditLineInline, CreditApplicationsInline)
    list_display = (
        "number",
        "vendor_link",
        "entity_code",
        "credit_day",
        "state",
        "applied_column",
        "amount_money",
        "paid_money",
        "due_money",
        "bills_link",
        "sync_badge",
    )
    list_select_related = ("connection", "vendor", "subsidiary")
    list_filter = (
        "connection",
        "subsidiary",
        "state",
        "currency",
        VendorFilter,
        related_filter(Bill, "applications__bill", "applied to bill", "bill"),
        SyncStateFilter,
    )
    search_fields = ("number", "description", "vendor__name", "vendor__vendor_id")
    amount_search_fields = ("total_entered", "trx_total_entered")
    date_hierarchy = "credit_date"
    show_full_result_count = False

    credit_day = day_column("credit_date", "Date")

    @admin.display(description="Applied", boolean=True)
    def applied_column(self, obj: VendorCredit) -> bool:
        return obj.applied

    @admin.display(description="bills")
    def bills_link(self, obj: VendorCredit) -> str:
        return list_link(Bill, {"vendor_credit": obj.pk}, "bills credited")
