"""A base admin for records the app owns and pushes to Intacct (invoices, bills, payments …).

Such a record is editable until it has been pushed; from then on its fields are read-only
here and change only through the flow that updates it in Intacct (a domain service). Saving
in the admin goes through ``record_mark_pending_push``, so a change moves the push version
and an unchanged save does not. Every page shows the sync state, the last push, the Intacct
RECORDNO and a link to the record's sync errors.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from integrations.models import SyncError
from integrations.sync.pending import ENGINE_FIELDS, record_mark_pending_push

SYNC_FIELDS = ("sync_state", "last_pushed_at", "intacct_recordno", "intacct_id", "errors_link")


def is_pushed(obj: models.Model | None) -> bool:
    """True once Intacct holds the record (it has a RECORDNO)."""
    return obj is not None and getattr(obj, "intacct_recordno", None) is not None


class AppOwnedRecordAdmin(admin.ModelAdmin):
    """Editable until pushed, then read-only; sync state and errors on every page.

    Subclasses set ``fieldsets`` or ``fields`` for the record's own fields as usual; the
    "Sync with Intacct" fieldset is appended. ``ready_for_push(obj)`` says whether a save
    queues the record (e.g. not while it is a draft).
    """

    sync_fieldset = ("Sync with Intacct", {"fields": SYNC_FIELDS})

    def ready_for_push(self, obj: models.Model) -> bool:
        return True

    def _own_fields(self) -> list[str]:
        return [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "concrete", False)
            and getattr(f, "editable", False)
            and not f.primary_key
            and f.name not in ENGINE_FIELDS
        ]

    def get_readonly_fields(self, request, obj=None):
        fixed = [*SYNC_FIELDS, *self.readonly_fields]
        if is_pushed(obj):
            return tuple(dict.fromkeys([*self._own_fields(), *fixed]))
        return tuple(dict.fromkeys(fixed))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SYNC_FIELDS]})
            for name, opts in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, self.sync_fieldset]

    def has_delete_permission(self, request, obj=None) -> bool:
        # What Intacct holds is deleted, voided or reversed through its flow, never here.
        return not is_pushed(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if is_pushed(obj) and change:
            return  # every field is read-only: nothing the form could have changed
        if self.ready_for_push(obj):
            record_mark_pending_push(record=obj)
        else:
            obj.save()

    @admin.display(description="Sync errors")
    def errors_link(self, obj: models.Model | None) -> str:
        if obj is None or obj.pk is None:
            return "-"
        # Errors name the model the push step writes (a proxy's concrete model).
        label = obj._meta.concrete_model._meta.label
        query = urlencode({"local_model": label, "local_pk": str(obj.pk)})
        count = SyncError.objects.filter(
            local_model=label,
            local_pk=str(obj.pk),
            status__in=SyncError.UNRESOLVED,
        ).count()
        url = f"{reverse('admin:integrations_syncerror_changelist')}?{query}"
        label = f"{count} open" if count else "none open"
        return format_html('<a href="{}">{} (all errors of this record)</a>', url, label)
