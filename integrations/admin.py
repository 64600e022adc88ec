from django.contrib import admin, messages
from django.db import models

from integrations.forms import IntacctConnectionForm
from integrations.models import IntacctConnection

admin.site.site_header = "Intacct Sync Hub"
admin.site.site_title = "Intacct Sync Hub"
admin.site.index_title = "Receivables, payables and their sync with Sage Intacct"


@admin.register(IntacctConnection)
class IntacctConnectionAdmin(admin.ModelAdmin):
    form = IntacctConnectionForm
    # The admin builds form fields itself; a scheme-less endpoint means https here too.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "company_id", "entity_label", "user_id", "enabled", "updated_at")
    list_filter = ("enabled",)
    search_fields = ("name", "company_id", "entity_id")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name",)}),
        ("Intacct company", {"fields": ("company_id", "entity_id", "endpoint_url")}),
        ("Web-services user", {"fields": ("user_id", "user_password")}),
        ("Sender", {"fields": ("sender_id", "sender_password")}),
        ("Sync settings", {"fields": ("enabled", "created_at", "updated_at")}),
    )

    @admin.display(description="Entity", ordering="entity_id")
    def entity_label(self, obj: IntacctConnection) -> str:
        return obj.entity_id or "Top level"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if not f.endswith("_password")]})
            for title, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", []):
            messages.warning(request, warning)
