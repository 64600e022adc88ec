"""Inlines for rows Intacct owns."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows Intacct owns, shown on their parent's page and never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
