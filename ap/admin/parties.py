"""Vendors and AP payment terms (entities, contacts and GL accounts: integrations)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from ap.admin.columns import vendor_documents
from ap.balances import open_balance_expression
from ap.models import APTerm, Vendor
from integrations.admin.columns import IntacctRecordColumn
from integrations.admin.custom_field_columns import CustomFieldsAdminMixin
from integrations.admin.links import record_link
from integrations.admin.money import money_cell
from integrations.admin.parties import PartyColumnsMixin, TermAdmin, base_code
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.admin.search import AmountSearchMixin


@admin.register(APTerm)
class APTermAdmin(TermAdmin):
    intacct_fields = (
        "name",
        "description",
        "status",
        "due_days",
        "due_from",
        "discount_days",
        "discount_from",
        "discount_amount",
        "discount_unit",
    )


@admin.register(Vendor)
class VendorAdmin(
    PartyColumnsMixin,
    AmountSearchMixin,
    CustomFieldsAdminMixin,
    IntacctRecordColumn,
    IntacctRecordAdmin,
):
    intacct_object = "VENDOR"
    custom_field_object = "VENDOR"
    intacct_fields = (
        "vendor_id",
        "name",
        "status",
        "vendor_type",
        "parent_vendor_id",
        "currency",
        "payment_currency",
        "term_name",
        "payment_term",
        "credit_limit",
        "total_due",
        "on_hold",
        "one_time",
        "billing_type",
        "payment_method",
        "default_expense_account",
        "created_in_entity",
    )
    tipalti_fields = (
        "company_name",
        "first_name",
        "middle_name",
        "last_name",
        "email",
        "phone",
        "street1",
        "street2",
        "city",
        "state",
        "zip_code",
        "country",
    )
    tax_fields = ("tax_id", "name_1099", "form_1099_type", "form_1099_box")
    contact_fields = ("display_contact", "primary_contact", "pay_to_contact", "return_to_contact")
    readonly_fields = ("intacct_record", "custom_fields_panel", "documents_link")
    fieldsets = (
        (None, {"fields": (*intacct_fields, "documents_link", "intacct_record")}),
        ("Name and address", {"fields": tipalti_fields}),
        ("Contacts", {"fields": contact_fields}),
        ("1099", {"fields": tax_fields}),
        ("Custom fields", {"fields": ("custom_fields_panel",)}),
        IntacctRecordAdmin.binding_fieldset,
    )
    list_display = (
        "vendor_id",
        "name",
        "status",
        "entity_column",
        "term_name",
        "balance_money",
        "pay_to_column",
        "sync_badge",
    )
    list_filter = (
        "connection",
        "status",
        "currency",
        "created_in_entity",
        "payment_term",
        SyncStateFilter,
    )
    list_select_related = ("connection", "created_in_entity", "pay_to_contact")
    search_fields = ("vendor_id", "name", "email")
    amount_search_fields = ("total_due",)
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (
            *super().get_readonly_fields(request, obj),
            *self.tipalti_fields,
            *self.tax_fields,
            *self.contact_fields,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vendor]:
        return super().get_queryset(request).annotate(open_balance=open_balance_expression())

    @admin.display(description="documents")
    def documents_link(self, obj: Vendor) -> str:
        return vendor_documents(obj)

    @admin.display(description="Open balance", ordering="open_balance")
    def balance_money(self, obj: Any) -> str:
        return money_cell(obj.open_balance, base_code(obj))

    @admin.display(description="Pay to", ordering="pay_to_contact__contact_name")
    def pay_to_column(self, obj: Any) -> str:
        contact = obj.pay_to_contact
        if contact is None:
            return "—"
        return format_html("{}<div class='quiet'>{}</div>", record_link(contact), contact.email)
