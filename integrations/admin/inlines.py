"""Inlines for rows Intacct owns, and for the documents stored with a record."""

from django.contrib import admin
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html


class ReadOnlyInline(admin.TabularInline):
    """Rows Intacct owns, shown on their parent's page and never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True
    # The admin captions each row with the object's name ("Line 1 of 1996"); the columns say
    # it already, so the caption is hidden (the row's View link stays).
    classes = ("read-only-rows",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DocumentInline(ReadOnlyInline):
    """A record's stored documents, each a link to its download view (``download_url``)."""

    download_url: str = ""
    show_change_link = False
    fields = ("download", "kind", "content_type", "size", "fetched_at")
    readonly_fields = fields
    verbose_name_plural = "documents"

    @admin.display(description="document")
    def download(self, obj: Model) -> str:
        url = reverse(self.download_url, args=[obj.pk])
        return format_html(
            '<a class="document-download" href="{}">{}</a>', url, getattr(obj, "name", obj)
        )
