"""Company-wide master data both domains use: entities (subsidiaries) and contacts."""

from django.contrib import admin

from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.models import Contact, Subsidiary


@admin.register(Subsidiary)
class SubsidiaryAdmin(IntacctRecordAdmin):
    intacct_fields = ("location_id", "name", "parent_id", "currency", "status")
    list_display = ("location_id", "name", "currency", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", "currency", SyncStateFilter)
    search_fields = ("location_id", "name")
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
