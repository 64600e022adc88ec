"""AR admin: Intacct-owned fields are read-only; lists are built for large tables."""

from django.contrib import admin

from ar.models import Contact, Customer, PaymentTerm, Subsidiary
from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter


@admin.register(Subsidiary)
class SubsidiaryAdmin(IntacctRecordAdmin):
    intacct_fields = ("location_id", "name", "parent_id", "currency", "status")
    list_display = ("location_id", "name", "currency", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", "currency", SyncStateFilter)
    search_fields = ("location_id", "name")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


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


@admin.register(Contact)
class ContactAdmin(IntacctRecordAdmin):
    intacct_fields = (
        "contact_name",
        "print_as",
        "company_name",
        "first_name",
        "last_name",
        "email",
        "email2",
        "phone",
        "phone2",
        "address1",
        "address2",
        "city",
        "state",
        "zip_code",
        "country",
        "status",
    )
    list_display = ("contact_name", "print_as", "email", "phone", "status", "sync_badge")
    list_filter = ("connection", "status", SyncStateFilter)
    search_fields = ("contact_name", "print_as", "company_name", "email")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


@admin.register(Customer)
class CustomerAdmin(IntacctRecordAdmin):
    intacct_fields = (
        "customer_id",
        "name",
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
    list_display = (
        "customer_id",
        "name",
        "status",
        "total_due",
        "currency",
        "display_contact",
        "created_in_entity",
        "sync_badge",
    )
    list_filter = ("connection", "status", "currency", "created_in_entity", SyncStateFilter)
    list_select_related = ("connection", "display_contact", "created_in_entity")
    search_fields = ("customer_id", "name", "display_contact__email")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)
