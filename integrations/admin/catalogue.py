from django.contrib import admin

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
    )
    readonly_fields = ("builtin",)
