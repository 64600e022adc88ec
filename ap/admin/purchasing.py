"""Purchasing: purchase orders and receivers with their lines, definitions, units of measure,
and the consultants' status map and matching mode (saving either re-maps every document)."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from ap.admin.bills import bills_made_from
from ap.models import (
    PODefinition,
    PurchasingDocument,
    PurchasingLine,
    PurchasingSettings,
    StatusMapping,
    Unit,
    UnitGroup,
)
from ap.purchasing.statuses import purchasing_statuses_apply, purchasing_statuses_apply_all
from integrations.admin.columns import IntacctRecordColumn
from integrations.admin.custom_field_columns import CustomFieldsAdminMixin
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.links import day, record_link
from integrations.admin.money import money_cell
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    """The status map; a save or delete re-maps the documents of every connection."""

    list_display = ("document_kind", "intacct_state", "matching_mode_text", "status")
    list_filter = ("document_kind", "status", "matching_mode")
    list_editable = ("status",)
    list_display_links = ("intacct_state",)
    search_fields = ("intacct_state",)

    @admin.display(description="matching mode", ordering="matching_mode")
    def matching_mode_text(self, obj: StatusMapping) -> str:
        return obj.get_matching_mode_display() if obj.matching_mode else "Both"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        purchasing_statuses_apply_all()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        purchasing_statuses_apply_all()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        purchasing_statuses_apply_all()


@admin.register(PurchasingSettings)
class PurchasingSettingsAdmin(admin.ModelAdmin):
    list_display = ("connection", "matching_mode")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        purchasing_statuses_apply(connection=obj.connection)


@admin.register(PODefinition)
class PODefinitionAdmin(IntacctRecordAdmin):
    intacct_fields = ("name", "template_type", "category", "conversion", "status")
    list_display = ("name", "category", "conversion", "status", "sync_badge")
    list_filter = ("connection", "category", SyncStateFilter)
    search_fields = ("name",)
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


class UnitInline(ReadOnlyInline):
    model = Unit
    fk_name = "group"
    fields = ("unit", "abbreviation", "decimals", "is_base")
    show_change_link = False


@admin.register(UnitGroup)
class UnitGroupAdmin(IntacctRecordAdmin):
    intacct_fields = ("name", "is_system", "inventory_unit", "purchasing_unit", "sales_unit")
    list_display = ("name", "purchasing_unit", "unit_count", "sync_badge")
    list_filter = ("connection", SyncStateFilter)
    search_fields = ("name", "units__unit")
    inlines = (UnitInline,)
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitGroup]:
        return super().get_queryset(request).annotate(n_units=Count("units"))

    @admin.display(description="units", ordering="n_units")
    def unit_count(self, obj: Any) -> int:
        return int(obj.n_units)


@admin.register(Unit)
class UnitAdmin(IntacctRecordAdmin):
    intacct_fields = ("unit", "abbreviation", "group", "decimals", "is_base")
    list_display = ("unit", "abbreviation", "group", "is_base", "sync_badge")
    list_filter = ("connection", "group", "is_base", SyncStateFilter)
    list_select_related = ("connection", "group")
    search_fields = ("unit", "abbreviation")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


class LineInline(ReadOnlyInline):
    """A document's lines; custom dimensions (GLDIM…) show under the dimension's name."""

    model = PurchasingLine
    fk_name = "document"
    show_change_link = False
    fields = (
        "line_no",
        "item_id",
        "description",
        "quantity",
        "unit",
        "rate",
        "amount_money",
        "billed_quantity",
        "billed_money",
        "location_id",
        "department_id",
        "class_id",
        "warehouse",
        "dimensions",
    )
    verbose_name_plural = "lines"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.fields

    @admin.display(description="amount")
    def amount_money(self, obj: PurchasingLine) -> str:
        return money_cell(obj.amount, obj.currency)

    @admin.display(description="billed amount")
    def billed_money(self, obj: PurchasingLine) -> str:
        return money_cell(obj.billed_amount, obj.currency)

    @admin.display(description="dimensions")
    def dimensions(self, obj: PurchasingLine) -> str:
        values = sorted((dimension_name(k), v) for k, v in (obj.custom_fields or {}).items())
        return format_html_join(", ", "{}: {}", values) if values else "—"


def dimension_name(field_id: str) -> str:
    """``GLDIMPROJECT_TYPE`` -> ``Project type``: a custom dimension under its own name."""
    name = field_id[len("GLDIM") :] if field_id.upper().startswith("GLDIM") else field_id
    return name.replace("_", " ").strip().capitalize()


class ConvertedInline(ReadOnlyInline):
    """Documents made from this one: receivers, vendor invoices, back orders."""

    model = PurchasingDocument
    fk_name = "source"
    fields = ("document_link", "kind", "state", "status", "document_date", "is_back_order")
    verbose_name = "converted document"
    verbose_name_plural = "receivers, vendor invoices and back orders made from it"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.fields

    @admin.display(description="document")
    def document_link(self, obj: PurchasingDocument) -> str:
        return record_link(obj)


@admin.register(PurchasingDocument)
class PurchasingDocumentAdmin(
    AmountSearchMixin, CustomFieldsAdminMixin, IntacctRecordColumn, IntacctRecordAdmin
):
    """Purchase orders, receivers and vendor invoices; Intacct owns every field."""

    intacct_object = "PODOCUMENT"
    custom_field_object = "PODOCUMENT"
    intacct_fields = (
        "doc_id",
        "number",
        "definition_name",
        "kind",
        "state",
        "status",
        "vendor",
        "vendor_intacct_id",
        "subsidiary",
        "document_date",
        "due_date",
        "memo",
        "reference",
        "vendor_document_number",
        "currency",
        "base_currency",
        "subtotal",
        "total",
        "trx_total",
        "quantity_converted",
        "quantity_remaining",
        "created_from",
        "source",
        "is_back_order",
    )
    readonly_fields = ("intacct_record", "custom_fields_panel", "bills_link")
    fieldsets = (
        (None, {"fields": (*intacct_fields, "bills_link", "intacct_record")}),
        ("Custom fields", {"fields": ("custom_fields_panel",)}),
        IntacctRecordAdmin.binding_fieldset,
    )
    inlines = (LineInline, ConvertedInline)
    list_display = (
        "doc_link",
        "kind",
        "status_column",
        "vendor_column",
        "entity_code",
        "date_column",
        "total_money",
        "source_column",
        "sync_badge",
    )
    list_display_links = None
    list_filter = (
        "kind",
        "status",
        "state",
        "definition_name",
        "subsidiary",
        "currency",
        "is_back_order",
        "connection",
        SyncStateFilter,
    )
    list_select_related = ("connection", "vendor", "subsidiary", "source")
    search_fields = ("doc_id", "number", "vendor__name", "vendor_intacct_id", "reference")
    amount_search_fields = ("trx_total", "total")
    date_hierarchy = None
    show_full_result_count = False

    @admin.display(description="document", ordering="doc_id")
    def doc_link(self, obj: PurchasingDocument) -> str:
        return record_link(obj, obj.doc_id or obj.number)

    @admin.display(description="status", ordering="status")
    def status_column(self, obj: PurchasingDocument) -> str:
        if not obj.status and obj.kind in ("po", "receiver"):
            return format_html('<span class="flagged">Unmapped: {}</span>', obj.state)
        return format_html(
            "{}<div class='quiet'>{}</div>", obj.get_status_display() or "—", obj.state
        )

    @admin.display(description="vendor", ordering="vendor__name")
    def vendor_column(self, obj: PurchasingDocument) -> str:
        return record_link(obj.vendor) if obj.vendor else obj.vendor_intacct_id

    @admin.display(description="entity", ordering="subsidiary__location_id")
    def entity_code(self, obj: PurchasingDocument) -> str:
        return obj.subsidiary.location_id if obj.subsidiary else "—"

    @admin.display(description="date", ordering="document_date")
    def date_column(self, obj: PurchasingDocument) -> str:
        return day(obj.document_date)

    @admin.display(description="total", ordering="trx_total")
    def total_money(self, obj: PurchasingDocument) -> str:
        return money_cell(obj.trx_total, obj.currency or obj.base_currency)

    @admin.display(description="from", ordering="created_from")
    def source_column(self, obj: PurchasingDocument) -> str:
        if obj.source is not None:
            return record_link(obj.source, obj.source.doc_id)
        return obj.created_from or "—"

    @admin.display(description="bills")
    def bills_link(self, obj: PurchasingDocument) -> str:
        return bills_made_from(obj)
