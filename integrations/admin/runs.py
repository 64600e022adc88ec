"""Recent Syncs: the run log, with per-object counts, live progress and the run's errors."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from integrations import selectors
from integrations.charts import run_points, runs_chart_svg
from integrations.models import IntacctConnection, SyncError, SyncRun

CHART_VALUES = ("id", "records_read", "started_at", "finished_at", "status")
COUNT_COLUMNS = ("read", "created", "updated", "unchanged", "skipped", "failed", "deleted")


def connection_sync_link(connection) -> str:
    url = reverse("admin:integrations_intacctconnection_sync", args=[connection.pk])
    return format_html('<a href="{}" class="connection-sync-link">{}</a>', url, connection)


def imported_text(run: SyncRun) -> str:
    """What a manual import took: all customers, or the invoices of a sales document type."""
    params = run.parameters or {}
    if run.stage != SyncRun.Stage.MANUAL_IMPORT:
        return ""
    if params.get("document_type"):
        return f"invoices of type {params['document_type']}"
    if params.get("what") == "customers" or "customers" in (run.objects_requested or []):
        return "all customers"
    return ""


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{seconds:.1f}s"


class SyncErrorInline(admin.TabularInline):
    model = SyncError
    fields = ("object_name", "record_label", "errorno", "summary", "status", "repeat_count")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    max_num = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    # Fits 1,400 px beside the filters: short headers, counts right-aligned with separators,
    # stage and trigger in one cell, the connection only when there is more than one.
    list_display = (
        "id",
        "status",
        "stage_and_trigger",
        "read_count",
        "written_count",
        "failed_count",
        "requests_count",
        "duration_display",
        "queued_display",
        "connection_link",
    )
    list_display_links = ("id", "status")
    list_filter = ("connection", "status", "stage", "trigger")
    list_select_related = ("connection",)
    date_hierarchy = "queued_at"
    inlines = [SyncErrorInline]
    fields = (
        "connection_link",
        "status",
        "trigger",
        "stage",
        "imported_display",
        "requested_by",
        "progress_display",
        "counts_table",
        "api_requests",
        "billable_transactions",
        "window_start",
        "queued_at",
        "started_at",
        "finished_at",
        "duration_display",
        "worker",
        "message",
    )
    readonly_fields = fields
    change_list_template = "admin/integrations/syncrun/change_list.html"
    change_form_template = "admin/integrations/syncrun/change_form.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The run log is an audit record; it goes only with its connection (Retire).
        return False

    def get_list_display(self, request):
        return selectors.without_single_connection_column(
            super().get_list_display(request), column="connection_link"
        )

    @admin.display(description="Connection", ordering="connection__name")
    def connection_link(self, obj: SyncRun) -> str:
        # The Accounting Sync page, which everyone who reads runs may open (the settings
        # page is for consultants only).
        return connection_sync_link(obj.connection)

    @admin.display(description="Stage", ordering="stage")
    def stage_and_trigger(self, obj: SyncRun) -> str:
        return format_html(
            "{}<div class='quiet'>{}</div>",
            obj.get_stage_display(),
            imported_text(obj) or obj.get_trigger_display(),
        )

    @admin.display(description="Imported")
    def imported_display(self, obj: SyncRun) -> str:
        return imported_text(obj) or "—"

    @admin.display(description="Read", ordering="records_read")
    def read_count(self, obj: SyncRun) -> str:
        return f"{obj.records_read:,}"

    @admin.display(description="Written", ordering="records_written")
    def written_count(self, obj: SyncRun) -> str:
        return f"{obj.records_written:,}"

    @admin.display(description="Failed", ordering="records_failed")
    def failed_count(self, obj: SyncRun) -> str:
        return f"{obj.records_failed:,}"

    @admin.display(description="API requests", ordering="api_requests")
    def requests_count(self, obj: SyncRun) -> str:
        return f"{obj.api_requests:,}"

    @admin.display(description="Queued", ordering="queued_at")
    def queued_display(self, obj: SyncRun) -> str:
        return f"{timezone.localtime(obj.queued_at):%Y-%m-%d %H:%M}"

    @admin.display(description="Duration")
    def duration_display(self, obj: SyncRun) -> str:
        return format_duration(obj.duration_seconds)

    @admin.display(description="Progress")
    def progress_display(self, obj: SyncRun) -> str:
        p = obj.progress or {}
        if not p:
            return "—"
        total = p.get("total")
        of = f" of {total:,}" if isinstance(total, int) else ""
        eta = p.get("eta_seconds")
        left = ""
        if obj.is_active and isinstance(eta, int):
            left = f", about {eta // 60} min {eta % 60:02d} s left in this step"
        return format_html(
            "<span class='run-progress'>{} step: {} ({}), page {}, {} records{}{}</span>",
            "now" if obj.is_active else "last",
            p.get("step", ""),
            p.get("object", ""),
            p.get("page", 0),
            f"{p.get('records', 0):,}",
            of,
            left,
        )

    @admin.display(description="Per object")
    def counts_table(self, obj: SyncRun) -> str:
        if not obj.counts:
            return "—"
        head = format_html_join("", "<th>{}</th>", ((c,) for c in ("step", *COUNT_COLUMNS)))
        rows = format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (
                    format_html_join(
                        "",
                        "<td>{}</td>",
                        ((v,) for v in (name, *[c.get(k, 0) for k in COUNT_COLUMNS])),
                    ),
                )
                for name, c in obj.counts.items()
            ),
        )
        return format_html("<table class='run-counts'><tr>{}</tr>{}</table>", head, rows)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (
            getattr(response, "context_data", {}).get("cl")
            if hasattr(response, "context_data")
            else None
        )
        if cl is not None:
            recent = list(cl.queryset.order_by("-queued_at", "-id").values(*CHART_VALUES)[:30])
            points = run_points(recent, failed_status=SyncRun.Status.FAILED)
            response.context_data["runs_chart"] = mark_safe(runs_chart_svg(points))  # noqa: S308
            # Each connection's Accounting Sync page, reachable however many connections.
            response.context_data["sync_pages"] = [
                connection_sync_link(c) for c in IntacctConnection.objects.order_by("name")[:20]
            ]
        return response
