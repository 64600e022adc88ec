"""Run lifecycle: queue (one active run per connection), claim, heartbeat, finish, reap.

The lock is the partial unique index ``one_active_run_per_connection`` on SyncRun: inserting
a second queued/running run for a connection fails in the database itself, on SQLite and
PostgreSQL alike, however many web servers and workers race.
"""

import os
import socket
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.models import IntacctConnection, SyncRun


class RunAlreadyActive(Exception):
    """The connection already has a queued or running sync."""

    def __init__(self, run: SyncRun) -> None:
        self.run = run
        super().__init__(
            f"A sync of {run.connection} is already {run.get_status_display().lower()} "
            f"(run #{run.pk}, {run.get_stage_display().lower()}); wait for it to finish."
        )


class ConnectionUnavailable(Exception):
    """The connection is disabled or its credentials are known to be bad."""


def this_host() -> str:
    """This machine's name on runs (``SYNC_WORKER_HOST``, else the host name)."""
    return settings.SYNC_WORKER_HOST or socket.gethostname()


def this_worker() -> str:
    return f"{this_host()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_dead(run: SyncRun, now: datetime) -> str:
    """Why an active run is abandoned ('' if it is not)."""
    host, _, pid = run.worker.rpartition(":")
    same_host = host == this_host() and pid.isdigit() and int(pid) != os.getpid()
    if run.status == SyncRun.Status.RUNNING and same_host and not _pid_alive(int(pid)):
        return f"The worker running it (process {pid}) stopped."
    stale = timedelta(minutes=settings.SYNC_STALE_RUN_MINUTES)
    if (
        run.status == SyncRun.Status.RUNNING
        and (run.heartbeat_at or run.started_at or now) < now - stale
    ):
        return f"No progress for over {settings.SYNC_STALE_RUN_MINUTES:g} minutes; its worker died."
    queued_limit = timedelta(minutes=settings.SYNC_QUEUED_TIMEOUT_MINUTES)
    if run.status == SyncRun.Status.QUEUED and run.queued_at < now - queued_limit:
        return f"Not started within {settings.SYNC_QUEUED_TIMEOUT_MINUTES} minutes of queueing."
    return ""


def reap_abandoned(connection: IntacctConnection) -> list[SyncRun]:
    """Close as failed the active runs of ``connection`` whose worker is gone."""
    now = timezone.now()
    closed = []
    for run in SyncRun.objects.filter(connection=connection, status__in=SyncRun.ACTIVE):
        reason = _is_dead(run, now)
        if reason:
            updated = SyncRun.objects.filter(pk=run.pk, status=run.status).update(
                status=SyncRun.Status.FAILED,
                finished_at=now,
                message=f"Closed as failed: {reason} The next run resumes where it stopped.",
            )
            if updated:
                closed.append(run)
    return closed


def queue_run(
    *,
    connection: IntacctConnection,
    trigger: str,
    stage: str,
    objects: list[str] | None = None,
    requested_by: str = "",
    reconcile_keys: bool = False,
    parameters: Mapping[str, Any] | None = None,
) -> SyncRun:
    """Create the connection's one active run, or raise :class:`RunAlreadyActive`."""
    if not connection.enabled:
        raise ConnectionUnavailable(f"The connection {connection} is disabled.")
    reap_abandoned(connection)
    try:
        with transaction.atomic():
            return SyncRun.objects.create(
                connection=connection,
                trigger=trigger,
                stage=stage,
                objects_requested=list(objects or []),
                requested_by=requested_by,
                reconcile_keys=reconcile_keys,
                parameters=dict(parameters or {}),
            )
    except IntegrityError:
        active = SyncRun.objects.filter(connection=connection, status__in=SyncRun.ACTIVE).first()
        if active is None:  # finished between the insert and this read: try once more
            return queue_run(
                connection=connection,
                trigger=trigger,
                stage=stage,
                objects=objects,
                requested_by=requested_by,
                reconcile_keys=reconcile_keys,
                parameters=parameters,
            )
        raise RunAlreadyActive(active) from None


def claim(run: SyncRun) -> bool:
    """Mark a queued run as running in this worker; False if someone else has it."""
    now = timezone.now()
    updated = SyncRun.objects.filter(pk=run.pk, status=SyncRun.Status.QUEUED).update(
        status=SyncRun.Status.RUNNING, started_at=now, heartbeat_at=now, worker=this_worker()
    )
    run.refresh_from_db()
    return bool(updated)


def fail_if_active(run: SyncRun, *, message: str) -> SyncRun:
    """Close ``run`` as failed now if it is still queued or running (nothing else touched it)."""
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk, status__in=SyncRun.ACTIVE).update(
        status=SyncRun.Status.FAILED, finished_at=now, heartbeat_at=now, message=message[:4000]
    )
    run.refresh_from_db()
    return run


def finish(run: SyncRun, *, status: str, message: str = "") -> SyncRun:
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=now, heartbeat_at=now, message=message[:4000]
    )
    run.refresh_from_db()
    return run
