"""Company-wide master data both domains use: entities, contacts, GL accounts, dimensions.

Intacct owns all of it: every page is read-only.
"""

from django.contrib import admin

from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.models import Class, Contact, Department, GLAccount, Location, Subsidiary


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


@admin.register(GLAccount)
class GLAccountAdmin(IntacctRecordAdmin):
    intacct_fields = (
        "account_no",
        "title",
        "account_type",
        "normal_balance",
        "closing_type",
        "status",
        "require_department",
        "require_location",
        "require_class",
        "restricted",
        "entities",
    )
    list_display = (
        "account_no",
        "title",
        "account_type",
        "normal_balance",
        "status",
        "usable_in",
        "connection",
        "sync_badge",
    )
    list_filter = (
        "connection",
        "status",
        "account_type",
        "restricted",
        "entities",
        SyncStateFilter,
    )
    search_fields = ("account_no", "title")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entities")

    @admin.display(description="usable in")
    def usable_in(self, obj: GLAccount) -> str:
        """The entities an account restricted by Intacct is usable in; "all" otherwise."""
        if not obj.restricted:
            return "All entities"
        return ", ".join(sorted(e.location_id for e in obj.entities.all())) or "—"


@admin.register(Department)
class DepartmentAdmin(IntacctRecordAdmin):
    intacct_fields = ("department_id", "title", "parent_id", "status")
    list_display = ("department_id", "title", "parent_id", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", SyncStateFilter)
    search_fields = ("department_id", "title")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


@admin.register(Location)
class LocationAdmin(IntacctRecordAdmin):
    intacct_fields = ("location_id", "name", "parent_id", "entity_id", "currency", "status")
    list_display = (
        "location_id",
        "name",
        "parent_id",
        "entity_id",
        "status",
        "connection",
        "sync_badge",
    )
    list_filter = ("connection", "status", "entity_id", SyncStateFilter)
    search_fields = ("location_id", "name")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)


@admin.register(Class)
class ClassAdmin(IntacctRecordAdmin):
    intacct_fields = ("class_id", "name", "description", "parent_id", "status")
    list_display = ("class_id", "name", "parent_id", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", SyncStateFilter)
    search_fields = ("class_id", "name")
    fieldsets = ((None, {"fields": intacct_fields}), IntacctRecordAdmin.binding_fieldset)
