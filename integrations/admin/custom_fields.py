"""Custom field selections: consultants pick which discovered Intacct fields to import."""

from django import forms
from django.contrib import admin, messages

from integrations.custom_fields import DATATYPES
from integrations.models import CustomField


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
    actions = ("enable_fields", "disable_fields")

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
        messages.success(request, f"{count} field(s) will be imported from the next sync on.")
        if missing:
            messages.warning(request, f"{missing} field(s) no longer in Intacct were left out.")

    @admin.action(description="Stop importing the selected fields", permissions=["change"])
    def disable_fields(self, request, queryset) -> None:
        count = queryset.update(enabled=False)
        messages.success(request, f"{count} field(s) will no longer be imported.")
