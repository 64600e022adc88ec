"""Read-only queries for the admin and commands."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django_q.models import Schedule

from integrations.models import IntacctConnection, SyncError, SyncRun

OPEN = (SyncError.Status.OPEN, SyncError.Status.RETRYING)


def connection_annotations() -> dict:
    """Per-connection last run and open error count, as annotations (no per-row queries)."""
    last = SyncRun.objects.filter(connection=OuterRef("pk")).order_by("-queued_at", "-id")
    return {
        "last_run_status": Subquery(last.values("status")[:1]),
        "last_run_at": Subquery(last.values("queued_at")[:1]),
        "open_errors": Count("sync_errors", filter=Q(sync_errors__status__in=OPEN), distinct=True),
    }


@dataclass
class ConnectionStatus:
    last_run_text: str
    next_run_text: str
    open_errors: int


def connection_status(connection: IntacctConnection) -> ConnectionStatus:
    last = SyncRun.objects.filter(connection=connection).first()
    if last is None:
        last_text = "Never synced."
    else:
        when = timezone.localtime(last.finished_at or last.queued_at)
        last_text = (
            f"#{last.pk} {last.get_stage_display()} — {last.get_status_display()} "
            f"({when:%Y-%m-%d %H:%M}); {last.records_read} read, {last.records_written} written"
        )
    next_text = next_run_text(connection)
    open_errors = SyncError.objects.filter(connection=connection, status__in=OPEN).count()
    return ConnectionStatus(last_text, next_text, open_errors)


SCHEDULE_KINDS = {"daily": "daily batch pull", "hourly": "hourly auto-sync"}


def next_run_text(connection: IntacctConnection) -> str:
    """When the next scheduled run starts (local time) and which schedule it is.

    With both schedules the earlier one is named; on a tie, the daily pull (it does the more).
    """
    prefix = f"intacct-sync:{connection.pk}:"
    upcoming = sorted(
        (s.next_run, s.name.removeprefix(prefix))
        for s in Schedule.objects.filter(name__startswith=prefix)
        if s.next_run
    )
    if not upcoming:
        return "No schedule set."
    when, kind = upcoming[0]
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M} ({SCHEDULE_KINDS.get(kind, kind)})"


@dataclass
class SyncNowAvailability:
    available: bool
    reason: str = ""
    active_run: SyncRun | None = None


def sync_now_availability(connection: IntacctConnection) -> SyncNowAvailability:
    """Whether the Sync Now button shows, and why not."""
    if not connection.enabled:
        return SyncNowAvailability(False, "The connection is disabled.")
    if connection.credentials_status == "bad":
        return SyncNowAvailability(
            False,
            "Intacct rejected the credentials. Fix them, save, and use Test connection.",
        )
    if connection.credentials_status != "ok":
        return SyncNowAvailability(
            False,
            "Use Test connection first: the credentials are new or changed and have not "
            "passed a test yet.",
        )
    active = SyncRun.objects.filter(connection=connection, status__in=SyncRun.ACTIVE).first()
    if active is not None:
        return SyncNowAvailability(
            False, f"A sync is {active.get_status_display().lower()} (run #{active.pk}).", active
        )
    return SyncNowAvailability(True)


RECENT_RUNS_SHOWN = 20


def connection_recent_runs(connection: IntacctConnection, *, limit: int = RECENT_RUNS_SHOWN):
    """The connection's latest runs, newest first (one query, whatever the history)."""
    return SyncRun.objects.filter(connection=connection).order_by("-queued_at", "-id")[:limit]


def several_connections() -> bool:
    """Whether lists need a connection column (one query; with one connection they don't)."""
    return IntacctConnection.objects.count() > 1


def without_single_connection_column(columns, *, column: str = "connection") -> tuple:
    """``columns`` minus the connection column when there is only one connection."""
    if several_connections():
        return tuple(columns)
    return tuple(c for c in columns if c != column)
