"""Sync errors: filter, explain with the catalogue, retry / skip / resolve, export as CSV."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks

from integrations import services
from integrations.models import SyncError
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive


@admin.register(SyncError)
class SyncErrorAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "connection",
        "object_name",
        "direction",
        "record_label",
        "errorno",
        "short_summary",
        "status",
        "repeat_count",
        "last_seen",
        "catalogue_title",
    )
    list_filter = ("connection", "object_name", "direction", "errorno", "status")
    list_select_related = ("connection", "catalogue_entry")
    search_fields = ("record_label", "record_key", "summary", "errorno")
    actions = ("retry", "skip_in_future", "mark_resolved", "export_csv")
    fields = (
        "connection",
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

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Record pages link to "this record's errors" by its model and primary key.
        return lookup in ("local_model", "local_pk") or super().lookup_allowed(
            lookup, value, request
        )

    def has_change_permission(self, request, obj=None) -> bool:
        # Every field is read-only: "change" only enables the retry and skip actions.
        return super().has_change_permission(request, obj)

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
            "<p><em>Cause:</em> {}</p><div><em>Fix:</em> {}</div>{}{}{}</div>",
            entry.title,
            entry.cause,
            linebreaks(entry.fix_steps, autoescape=True),
            format_html("<p><em>In Intacct:</em> {}</p>", entry.intacct_menu_path)
            if entry.intacct_menu_path
            else "",
            format_html(
                "<p>Retry is {}.</p>", "safe" if entry.retry_safe else "not safe until fixed"
            ),
            format_html("<p><a href='{}'>Open the screen that fixes it</a></p>", link)
            if link
            else "",
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

    def _record(self, request, queryset, action: str, status: str) -> int:
        stamp = timezone.now().isoformat(timespec="seconds")
        user = request.user.get_username()
        count = 0
        for error in queryset:
            error.history = [*error.history, {"at": stamp, "action": action, "user": user}]
            error.status = status
            error.resolved_at = timezone.now() if status == SyncError.Status.RESOLVED else None
            error.save(update_fields=["history", "status", "resolved_at"])
            self.log_change(request, error, f"{action} (sync error)")
            count += 1
        return count

    @admin.action(description="Retry the selected records now", permissions=["change"])
    def retry(self, request, queryset):
        queryset = self._own_records(request, queryset).exclude(status=SyncError.Status.RESOLVED)
        n = self._record(request, queryset, "Retry", SyncError.Status.RETRYING)
        for connection_id in set(queryset.values_list("connection_id", flat=True)):
            try:
                run = services.sync_retry(
                    connection_id=connection_id, user=request.user.get_username()
                )
                messages.success(request, f"Retry queued as run #{run.pk}.")
            except (RunAlreadyActive, ConnectionUnavailable) as exc:
                messages.warning(request, f"{exc} The errors will be retried by the next run.")
        messages.info(request, f"{n} error(s) marked for retry.")

    @admin.action(description="Skip these records in future syncs", permissions=["change"])
    def skip_in_future(self, request, queryset):
        queryset = self._own_records(request, queryset)
        n = self._record(request, queryset, "Skip in future syncs", SyncError.Status.SKIPPED)
        messages.info(request, f"{n} record(s) will be skipped until the error is resolved.")

    @admin.action(description="Mark resolved", permissions=["resolve"])
    def mark_resolved(self, request, queryset):
        n = self._record(request, queryset, "Mark resolved", SyncError.Status.RESOLVED)
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
