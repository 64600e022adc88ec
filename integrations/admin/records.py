"""A base admin for models synced from Intacct: what Intacct owns is read-only."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from integrations.admin.large_lists import LargeListAdmin
from integrations.models import IntacctRecord, SyncState
from integrations.selectors import several_connections


class IntacctRecordAdmin(LargeListAdmin):
    """Every field a pull writes is read-only; records are never added or deleted here.

    Subclasses list ``intacct_fields`` (the mapped fields); the binding fields are added.
    """

    intacct_fields: tuple[str, ...] = ()
    list_select_related = ("connection",)
    binding_fieldset = (
        "Sync with Intacct",
        {"fields": IntacctRecord.BINDING_FIELDS, "classes": ("collapse",)},
    )

    def get_list_display(self, request):
        # With several connections (companies or entities) every list says whose row it is.
        columns = tuple(
            c
            for c in super().get_list_display(request)
            if c not in ("connection", "connection_name")
        )
        several = getattr(request, "_several_connections", None)
        if several is None:
            # Asked more than once per page: one query per request.
            several = request._several_connections = several_connections()
        return (*columns, "connection_name") if several else columns

    @admin.display(description="Connection", ordering="connection__name")
    def connection_name(self, obj: models.Model) -> str:
        # A method, not the foreign key: the admin never wraps a foreign key's cell.
        return str(obj.connection)

    def get_object(self, request, object_id, from_field=None):
        # The page shows the records its list joins (connection, customer, entity): joined
        # here too rather than fetched one query each.
        queryset = self.get_queryset(request)
        if isinstance(self.list_select_related, (list, tuple)) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        meta = queryset.model._meta
        field = meta.pk if from_field is None else meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_readonly_fields(self, request, obj=None):
        return (*self.intacct_fields, *IntacctRecord.BINDING_FIELDS, *self.readonly_fields)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Intacct owns every field: pages open as "View …" with no Save button, and lists
        # say "Select … to view". Changes happen in Intacct and arrive with the next sync.
        return False

    @admin.display(description="Sync", ordering="sync_state")
    def sync_badge(self, obj: models.Model) -> str:
        state = obj.sync_state
        return "✓" if state == SyncState.SYNCED else obj.get_sync_state_display()


class SyncStateFilter(admin.SimpleListFilter):
    title = "sync state"
    parameter_name = "sync_state"

    def lookups(self, request, model_admin):
        return SyncState.choices

    def queryset(self, request, queryset):
        return queryset.filter(sync_state=self.value()) if self.value() else queryset
