"""Custom field selections: consultants pick which discovered Intacct fields to import."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from integrations.custom_fields import (
    DATATYPES,
    custom_field_value_counts,
    custom_fields_backfill,
)
from integrations.models import CustomField
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive


class CustomFieldForm(forms.ModelForm):
    class Meta:
        model = CustomField
        fields = ("label", "datatype", "enabled")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = list(DATATYPES)
        current = self.instance.datatype if self.instance and self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["datatype"] = forms.ChoiceField(
            choices=choices,
            label="Type",
            help_text="How values are stored on the record (numbers as text, dates ISO).",
        )


@admin.register(CustomField)
class CustomFieldAdmin(admin.ModelAdmin):
    """Rows come from "Discover custom fields" on the connection; here they are chosen."""

    form = CustomFieldForm
    list_display = (
        "field_id",
        "label",
        "datatype",
        "enabled",
        "object_name",
        "connection",
        "intacct_status",
        "records_with_value",
    )
    list_display_links = ("field_id",)
    list_editable = ("label", "enabled")
    list_filter = ("connection", "object_name", "enabled", "missing_in_intacct")
    list_select_related = ("connection",)
    search_fields = ("field_id", "label")
    readonly_fields = (
        "connection",
        "object_name",
        "field_id",
        "valid_values",
        "intacct_status",
        "discovered_at",
    )
    fields = (
        "connection",
        "object_name",
        "field_id",
        "label",
        "datatype",
        "enabled",
        "valid_values",
        "intacct_status",
        "discovered_at",
    )
    actions = ("enable_fields", "backfill_fields", "disable_fields")

    def get_changelist_instance(self, request):
        cl = super().get_changelist_instance(request)
        # One count query per object for the whole page (not one per row).
        counts = custom_field_value_counts(cl.result_list)
        for field in cl.result_list:
            field.value_count = counts.get(field.pk, 0)
        return cl

    @admin.display(description="Records with a value")
    def records_with_value(self, obj: CustomField) -> str:
        count = getattr(obj, "value_count", None)
        return "—" if count is None else f"{count:,}"

    @admin.action(
        description="Backfill values for every record (one run per object)",
        permissions=["change"],
    )
    def backfill_fields(self, request, queryset) -> None:
        pairs = sorted(
            {(f.connection, f.object_name) for f in queryset.filter(enabled=True)},
            key=lambda p: (p[0].pk, p[1]),
        )
        if not pairs:
            messages.warning(request, "Tick (import) the fields first, then backfill them.")
            return
        for connection, object_name in pairs:
            try:
                run = custom_fields_backfill(
                    connection=connection,
                    object_name=object_name,
                    user=request.user.get_username(),
                )
            except (RunAlreadyActive, ConnectionUnavailable, ValueError) as exc:
                messages.warning(request, f"{connection}: {exc}")
                continue
            url = reverse("admin:integrations_syncrun_change", args=[run.pk])
            messages.success(
                request,
                format_html(
                    '{}: backfill of {} queued as <a href="{}">run #{}</a> (progress there).',
                    connection,
                    object_name,
                    url,
                    run.pk,
                ),
            )

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="In Intacct", ordering="missing_in_intacct")
    def intacct_status(self, obj: CustomField) -> str:
        if not obj.missing_in_intacct:
            return "yes"
        if obj.enabled:
            return "MISSING — untick it: pulls of this object fail until then"
        return "missing"

    @admin.action(description="Import the selected fields", permissions=["change"])
    def enable_fields(self, request, queryset) -> None:
        missing = queryset.filter(missing_in_intacct=True).count()
        count = queryset.filter(missing_in_intacct=False).update(enabled=True)
        messages.success(
            request,
            f"{count} field(s) will be imported from the next sync on, for records that change. "
            'To fill every record now, select them and choose "Backfill values for every '
            'record".',
        )
        if missing:
            messages.warning(request, f"{missing} field(s) no longer in Intacct were left out.")

    @admin.action(description="Stop importing the selected fields", permissions=["change"])
    def disable_fields(self, request, queryset) -> None:
        count = queryset.update(enabled=False)
        messages.success(request, f"{count} field(s) will no longer be imported.")
