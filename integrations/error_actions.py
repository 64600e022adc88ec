"""What a person does with sync errors: retry, skip in future syncs, mark resolved.

The errors admin and the API both call these; who may do what is theirs to check (staff act
on their records' errors, consultants also on whole steps' errors and resolve them).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from integrations import services
from integrations.models import SyncError, SyncRun
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive

RETRY = "Retry"
SKIP = "Skip in future syncs"
RESOLVE = "Mark resolved"
STATUS_OF = {
    RETRY: SyncError.Status.RETRYING,
    SKIP: SyncError.Status.SKIPPED,
    RESOLVE: SyncError.Status.RESOLVED,
}


def sync_errors_mark(*, errors: Iterable[SyncError], action: str, user: str) -> list[SyncError]:
    """Set each error's status for ``action`` and note who did it when in its history."""
    status = STATUS_OF[action]
    stamp = timezone.now().isoformat(timespec="seconds")
    marked = []
    for error in errors:
        error.history = [*error.history, {"at": stamp, "action": action, "user": user}]
        error.status = status
        error.resolved_at = timezone.now() if status == SyncError.Status.RESOLVED else None
        error.save(update_fields=["history", "status", "resolved_at"])
        marked.append(error)
    return marked


@dataclass
class RetryOutcome:
    run: SyncRun | None
    message: str


def sync_errors_retry(*, errors: Iterable[SyncError], user: str) -> list[RetryOutcome]:
    """Mark unresolved errors for retry and queue a retry run per connection.

    A connection that cannot run now (a run active, credentials untested) keeps its errors
    marked: the next run retries them.
    """
    marked = sync_errors_mark(
        errors=[e for e in errors if e.status != SyncError.Status.RESOLVED],
        action=RETRY,
        user=user,
    )
    outcomes = []
    for connection_id in sorted({e.connection_id for e in marked}):
        try:
            run = services.sync_retry(connection_id=connection_id, user=user)
            outcomes.append(RetryOutcome(run, f"Retry queued as run #{run.pk}."))
        except (RunAlreadyActive, ConnectionUnavailable) as exc:
            outcomes.append(
                RetryOutcome(None, f"{exc} The errors will be retried by the next run.")
            )
    return outcomes
