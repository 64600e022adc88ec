"""django-q2 task entry points (thin: they call services)."""

import logging

from integrations.models import IntacctConnection, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive

log = logging.getLogger(__name__)


def run_sync_task(run_id: int) -> str:
    """Execute a queued run (Sync Now, manual imports)."""
    # The connection loads inside sync_run_execute, so that a connection that cannot even be
    # loaded (a password the keys cannot decrypt) fails the run instead of leaving it queued.
    run = SyncRun.objects.get(pk=run_id)
    run = sync_run_execute(run=run, follow_up="enqueue")
    return f"run {run.pk}: {run.status}"


def scheduled_sync(connection_id: int) -> str:
    """The daily batch pull and the hourly auto-sync: an incremental run, in this worker."""
    connection = IntacctConnection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.enabled:
        return "connection missing or disabled; nothing to do"
    stage = SyncRun.Stage.INCREMENTAL if connection.cursors.exists() else SyncRun.Stage.INITIAL
    try:
        run = sync_start(
            connection=connection, trigger=SyncRun.Trigger.SCHEDULE, stage=stage, enqueue=False
        )
    except (RunAlreadyActive, ConnectionUnavailable) as exc:
        log.info("scheduled sync of %s skipped: %s", connection, exc)
        return f"skipped: {exc}"
    run = sync_run_execute(run=run, follow_up="enqueue")
    return f"run {run.pk}: {run.status}"
