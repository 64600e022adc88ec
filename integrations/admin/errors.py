"""Sync errors: filter, explain with the catalogue, retry / skip / resolve, export as CSV."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from integrations import error_actions, selectors
from integrations.admin.reachable import current_viewer, may_open
from integrations.admin.runs import connection_sync_link
from integrations.catalogue_text import catalogue_html
from integrations.models import SyncError


@admin.register(SyncError)
class SyncErrorAdmin(admin.ModelAdmin):
    # Fits 1,400 px beside the filters: the error and its known fix in one column, the
    # record in another, and the connection only when there is more than one.
    list_display = (
        "error_column",
        "record_column",
        "errorno",
        "status",
        "times",
        "last_seen_display",
        "connection",
    )
    list_display_links = ("error_column",)
    list_filter = ("connection", "object_name", "direction", "errorno", "status")
    list_select_related = ("connection", "catalogue_entry")
    search_fields = ("record_label", "record_key", "summary", "errorno")
    actions = ("retry", "skip_in_future", "mark_resolved", "export_csv")
    fields = (
        "connection_link",
        "run",
        "step",
        "object_name",
        "direction",
        "record_key",
        "record_label",
        "status",
        "how_to_fix",
        "errors_table",
        "first_seen",
        "last_seen",
        "repeat_count",
        "history_display",
        "raw_response",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Rendered here, while the viewer is known: the fix's link shows only to who may open it.
        token = current_viewer.set(request.user)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            current_viewer.reset(token)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Record pages link to "this record's errors" by its model and primary key.
        return lookup in ("local_model", "local_pk") or super().lookup_allowed(
            lookup, value, request
        )

    def has_change_permission(self, request, obj=None) -> bool:
        # Every field is read-only: "change" only enables the retry and skip actions, so an
        # error's own page opens as "View" with no Save button.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Errors are an audit record: resolved or skipped, never deleted by hand.
        return False

    def has_resolve_permission(self, request) -> bool:
        """Marking errors resolved and acting on whole-step errors: consultants (they may
        change connections), not accounting staff."""
        return request.user.has_perm("integrations.change_intacctconnection")

    def _own_records(self, request, queryset):
        """Staff act on their records' errors only, never on a whole step's error."""
        if self.has_resolve_permission(request):
            return queryset
        steps = queryset.filter(record_key="").count()
        if steps:
            messages.warning(
                request,
                f"{steps} error(s) of whole steps left alone: an implementation consultant "
                "handles those.",
            )
        return queryset.exclude(record_key="")

    def get_list_display(self, request):
        return selectors.without_single_connection_column(super().get_list_display(request))

    @admin.display(description="Error", ordering="summary")
    def error_column(self, obj: SyncError) -> str:
        entry = obj.catalogue_entry
        return format_html(
            "{}{}",
            self.short_summary(obj) or obj.errorno or "(no text)",
            format_html("<div class='known-fix quiet'>Known fix: {}</div>", entry.title)
            if entry
            else "",
        )

    @admin.display(description="Record", ordering="object_name")
    def record_column(self, obj: SyncError) -> str:
        target = obj.record_label or obj.record_key or f"step {obj.step}"
        return format_html(
            "{} {}<div class='quiet'>{}</div>",
            obj.object_name,
            target,
            obj.get_direction_display(),
        )

    @admin.display(description="Times", ordering="repeat_count")
    def times(self, obj: SyncError) -> int:
        return obj.repeat_count

    @admin.display(description="Last seen", ordering="last_seen")
    def last_seen_display(self, obj: SyncError) -> str:
        return f"{timezone.localtime(obj.last_seen):%Y-%m-%d %H:%M}" if obj.last_seen else "—"

    @admin.display(description="Connection")
    def connection_link(self, obj: SyncError) -> str:
        return connection_sync_link(obj.connection)

    @admin.display(description="Error")
    def short_summary(self, obj: SyncError) -> str:
        return (obj.summary[:117] + "…") if len(obj.summary) > 120 else obj.summary

    @admin.display(description="Catalogue", ordering="catalogue_entry__title")
    def catalogue_title(self, obj: SyncError) -> str:
        return obj.catalogue_entry.title if obj.catalogue_entry else "—"

    @admin.display(description="How to fix")
    def how_to_fix(self, obj: SyncError) -> str:
        entry = obj.catalogue_entry
        if entry is None:
            return "No catalogue entry matches this error yet; consultants can add one."
        link = entry.link_for(obj.connection_id)
        return format_html(
            "<div class='catalogue-fix'><strong>{}</strong>"
            "<div><em>Cause:</em> {}</div><div><em>Fix:</em> {}</div>{}{}{}</div>",
            entry.title,
            catalogue_html(entry.cause),
            catalogue_html(entry.fix_steps),
            format_html("<p><em>In Intacct:</em> {}</p>", entry.intacct_menu_path)
            if entry.intacct_menu_path
            else "",
            format_html(
                "<p>Retry is {}.</p>", "safe" if entry.retry_safe else "not safe until fixed"
            ),
            format_html("<p><a href='{}'>Open the screen that fixes it</a></p>", link)
            if link and may_open(current_viewer.get(), link)
            else (
                mark_safe("<p>A consultant can fix it on the connection's settings page.</p>")
                if link
                else ""
            ),
        )

    @admin.display(description="Intacct errors")
    def errors_table(self, obj: SyncError) -> str:
        return format_html(
            "<table><tr><th>No.</th><th>Description</th><th>Details</th><th>Correction</th></tr>"
            "{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        e.get("errorno", ""),
                        e.get("description", ""),
                        e.get("description2", ""),
                        e.get("correction", ""),
                    )
                    for e in obj.errors
                ),
            ),
        )

    @admin.display(description="History")
    def history_display(self, obj: SyncError) -> str:
        if not obj.history:
            return "—"
        return format_html_join(
            "",
            "<div>{} — {} by {}</div>",
            ((h.get("at"), h.get("action"), h.get("user")) for h in obj.history),
        )

    def _logged(self, request, errors, action: str) -> int:
        for error in errors:
            self.log_change(request, error, f"{action} (sync error)")
        return len(errors)

    @admin.action(description="Retry the selected records now", permissions=["change"])
    def retry(self, request, queryset):
        queryset = self._own_records(request, queryset).exclude(status=SyncError.Status.RESOLVED)
        errors = list(queryset)
        outcomes = error_actions.sync_errors_retry(errors=errors, user=request.user.get_username())
        n = self._logged(request, errors, error_actions.RETRY)
        for outcome in outcomes:
            level = messages.SUCCESS if outcome.run is not None else messages.WARNING
            messages.add_message(request, level, outcome.message)
        messages.info(request, f"{n} error(s) marked for retry.")

    @admin.action(description="Skip these records in future syncs", permissions=["change"])
    def skip_in_future(self, request, queryset):
        queryset = self._own_records(request, queryset)
        errors = error_actions.sync_errors_mark(
            errors=queryset, action=error_actions.SKIP, user=request.user.get_username()
        )
        n = self._logged(request, errors, error_actions.SKIP)
        messages.info(request, f"{n} record(s) will be skipped until the error is resolved.")

    @admin.action(description="Mark resolved", permissions=["resolve"])
    def mark_resolved(self, request, queryset):
        errors = error_actions.sync_errors_mark(
            errors=queryset, action=error_actions.RESOLVE, user=request.user.get_username()
        )
        n = self._logged(request, errors, error_actions.RESOLVE)
        messages.info(request, f"{n} error(s) marked resolved.")

    @admin.action(description="Export the selected errors as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="sync-errors.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "id",
                "connection",
                "object",
                "direction",
                "record",
                "record key",
                "error number",
                "summary",
                "status",
                "repeat count",
                "first seen",
                "last seen",
                "catalogue entry",
            ]
        )
        for e in queryset.select_related("connection", "catalogue_entry"):
            writer.writerow(
                [
                    e.pk,
                    e.connection.name,
                    e.object_name,
                    e.direction,
                    _safe_cell(e.record_label),
                    e.record_key,
                    e.errorno,
                    _safe_cell(e.summary),
                    e.status,
                    e.repeat_count,
                    e.first_seen.isoformat(),
                    e.last_seen.isoformat(),
                    e.catalogue_entry.title if e.catalogue_entry else "",
                ]
            )
        return response


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in exported text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
