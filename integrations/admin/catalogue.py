from django.contrib import admin
from django.utils.html import format_html

from integrations.catalogue_text import catalogue_html
from integrations.models import ErrorCatalogueEntry


@admin.register(ErrorCatalogueEntry)
class ErrorCatalogueEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "errorno", "message_pattern", "retry_safe", "builtin")
    list_filter = ("retry_safe", "builtin")
    search_fields = ("title", "errorno", "message_pattern", "cause")
    fields = (
        "title",
        "errorno",
        "message_pattern",
        "cause",
        "fix_steps",
        "intacct_menu_path",
        "retry_safe",
        "admin_link",
        "builtin",
        "preview",
    )
    readonly_fields = ("builtin", "preview")

    @admin.display(description="As people see it")
    def preview(self, obj: ErrorCatalogueEntry) -> str:
        if obj is None or obj.pk is None:
            return "Save the entry to see how its cause and fix read."
        return format_html(
            "<div class='catalogue-fix'><div><em>Cause:</em> {}</div>"
            "<div><em>Fix:</em> {}</div></div>",
            catalogue_html(obj.cause),
            catalogue_html(obj.fix_steps),
        )
