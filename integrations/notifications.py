"""E-mail to a connection's notification addresses about runs that need attention."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from integrations.models import SyncError, SyncRun
from integrations.sync.registry import RegistryError, registry

log = logging.getLogger(__name__)


def open_error_count(connection_id: int) -> int:
    return SyncError.objects.filter(
        connection_id=connection_id,
        status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
    ).count()


def _why(run: SyncRun, errors_before: int, errors_after: int) -> str:
    if run.status == SyncRun.Status.FAILED:
        return "failed"
    if errors_after > errors_before:
        return "has new errors"
    if run.stage == SyncRun.Stage.MANUAL_IMPORT:
        return "finished"
    return ""


def _step_lines(run: SyncRun) -> list[str]:
    """One line per object the run touched: what it read and what became of it."""
    lines = []
    for name, counts in (run.counts or {}).items():
        try:
            label = registry.get(name).display
        except RegistryError:
            label = name
        lines.append(
            f"{label}: {counts.get('read', 0)} read, {counts.get('created', 0)} created, "
            f"{counts.get('updated', 0)} updated, {counts.get('failed', 0)} failed"
        )
    return lines


def notify_run_finished(run: SyncRun, *, errors_before: int) -> bool:
    """Send the message if the run failed, its open errors grew, or a manual import finished."""
    addresses = run.connection.notification_addresses
    errors_after = open_error_count(run.connection_id)
    why = _why(run, errors_before, errors_after)
    if not addresses or not why:
        return False
    subject = f"[Intacct Sync Hub] {run.get_stage_display()} of {run.connection} {why}"
    lines = [
        f"Connection: {run.connection}",
        f"Run #{run.pk}: {run.get_stage_display()}, {run.get_status_display()}",
        f"Records read: {run.records_read}, written: {run.records_written}, "
        f"failed: {run.records_failed}",
        f"Open sync errors: {errors_after} (before this run: {errors_before})",
        *_step_lines(run),
    ]
    if run.message:
        lines.append(f"Message: {run.message}")
    lines.append("Open the Recent Syncs and Sync errors pages in the admin for details and fixes.")
    try:
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, addresses)
    except OSError:
        log.exception("could not send the sync notification for run %s", run.pk)
        return False
    return True
