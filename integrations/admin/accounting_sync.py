"""The Accounting Sync page: a connection's home for everyone who follows its syncs.

Status (credentials, last sync, next scheduled run, open errors), Sync Now for users with the
"request sync" permission, this connection's Recent Syncs and a chart of records and duration
per run. Staff open it from Recent Syncs; they never see the connection's settings.
"""

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from integrations import selectors
from integrations.admin.runs import format_duration
from integrations.charts import run_points, runs_chart_svg
from integrations.models import IntacctConnection, SyncError, SyncRun

REQUEST_SYNC = "integrations.request_sync"


def can_open(request: HttpRequest) -> bool:
    """Who may open the page: anyone who may read the run log or the connections."""
    user = request.user
    return user.has_perm("integrations.view_syncrun") or user.has_perm(
        "integrations.view_intacctconnection"
    )


def accounting_sync_url(connection_id: int) -> str:
    return reverse("admin:integrations_intacctconnection_sync", args=[connection_id])


def _row(run: SyncRun) -> dict:
    return {
        "run": run,
        "numbers": [
            f"{n:,}"
            for n in (run.records_read, run.records_written, run.records_failed, run.api_requests)
        ],
        "duration": format_duration(run.duration_seconds),
    }


def accounting_sync_view(model_admin: ModelAdmin, request: HttpRequest, pk: int):
    if not can_open(request):
        raise PermissionDenied
    connection = get_object_or_404(IntacctConnection, pk=pk)
    runs = list(selectors.connection_recent_runs(connection))
    chart_rows = [
        {
            "id": r.pk,
            "records_read": r.records_read,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "status": r.status,
        }
        for r in runs
    ]
    errors_url = reverse("admin:integrations_syncerror_changelist")
    open_statuses = ",".join(selectors.OPEN)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Accounting Sync: {connection}",
        "opts": IntacctConnection._meta,
        "connection": connection,
        "status": selectors.connection_status(connection),
        "sync_now": selectors.sync_now_availability(connection),
        "can_request_sync": request.user.has_perm(REQUEST_SYNC),
        "can_configure": model_admin.has_view_permission(request, connection),
        "runs": [_row(run) for run in runs],
        "runs_url": reverse("admin:integrations_syncrun_changelist")
        + f"?connection__id__exact={connection.pk}",
        "errors_url": f"{errors_url}?connection__id__exact={connection.pk}"
        f"&status__in={open_statuses}",
        "chart": mark_safe(  # noqa: S308 (built from numbers and escaped labels)
            runs_chart_svg(run_points(chart_rows, failed_status=SyncRun.Status.FAILED))
        ),
        "error_model": SyncError._meta,
    }
    return TemplateResponse(
        request, "admin/integrations/intacctconnection/accounting_sync.html", context
    )
