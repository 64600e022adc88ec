"""Card transactions with their lines, VAT lines included."""

from decimal import Decimal

from django.contrib import admin
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest

from ap.models import CardTransaction, CardTransactionLine
from integrations.admin.columns import (
    DOCUMENT_TOTALS,
    EntityColumn,
    IntacctRecordColumn,
    base_amounts,
    day_column,
    trx_amounts,
)
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.money import document_money, money_cell
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


class CardLineInline(ReadOnlyInline):
    model = CardTransactionLine
    fk_name = "card_transaction"
    fields = (
        "line_no",
        "gl_account",
        "memo",
        "amount_money",
        "tax_detail",
        "tax_rate",
        "taxed_line_recordno",
        "department_id",
        "location_id",
        "vendor_intacct_id",
    )
    readonly_fields = fields
    verbose_name_plural = "lines (a VAT line names the line it taxes)"

    @admin.display(description="amount")
    def amount_money(self, obj: CardTransactionLine) -> str:
        return money_cell(obj.trx_amount, obj.currency)


@admin.register(CardTransaction)
class CardTransactionAdmin(
    EntityColumn, AmountSearchMixin, IntacctRecordColumn, IntacctRecordAdmin
):
    intacct_object = "CCTRANSACTION"
    intacct_fields = (
        "number",
        "card_account",
        "payee",
        "description",
        "transaction_date",
        "posted_date",
        "state",
        "subsidiary",
        "tax_solution",
        "inclusive_tax",
        *DOCUMENT_TOTALS,
    )
    readonly_fields = ("intacct_record",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "card_account", "payee"),
                    ("subsidiary", "state"),
                    ("transaction_date", "posted_date"),
                    ("tax_solution", "inclusive_tax"),
                    "description",
                    "intacct_record",
                )
            },
        ),
        trx_amounts("Amounts (transaction currency), VAT included"),
        base_amounts(),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (CardLineInline,)
    list_display = (
        "number",
        "payee",
        "card_account",
        "entity_code",
        "day",
        "state",
        "amount_money",
        "vat_money",
        "sync_badge",
    )
    list_select_related = ("connection", "subsidiary")
    list_filter = ("connection", "subsidiary", "state", "currency", "card_account", SyncStateFilter)
    search_fields = ("number", "payee", "description", "card_account")
    amount_search_fields = ("total_entered", "trx_total_entered")
    date_hierarchy = "transaction_date"
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[CardTransaction]:
        vat = (
            CardTransactionLine.objects.filter(
                card_transaction=OuterRef("pk"), taxed_line_recordno__isnull=False
            )
            .values("card_transaction")
            .annotate(total=Sum("trx_amount"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(vat_total=Subquery(vat, output_field=DecimalField()))
        )

    day = day_column("transaction_date", "Date")

    @admin.display(description="Amount", ordering="trx_total_entered")
    def amount_money(self, obj: CardTransaction) -> str:
        return document_money(obj, "total_entered")

    @admin.display(description="of which VAT", ordering="vat_total")
    def vat_money(self, obj: CardTransaction) -> str:
        vat = getattr(obj, "vat_total", None)
        return money_cell(vat if vat is not None else Decimal("0.00"), obj.currency)
