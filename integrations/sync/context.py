"""What a running sync carries from step to step: the run, the client, counters, progress."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.utils import timezone

from integrations.models import IntacctConnection, SyncRun
from integrations.sync import shutdown
from integrations.sync.clients import SyncClient
from integrations.sync.counts import StepCounts
from integrations.sync.prefetch import BackgroundFetches

ProgressCallback = Callable[[SyncRun], None]
C = TypeVar("C")


def overlap_window() -> timedelta:
    return timedelta(minutes=settings.SYNC_OVERLAP_MINUTES)


@dataclass
class RunContext:
    run: SyncRun
    connection: IntacctConnection
    client: SyncClient
    stage: str
    page_size: int = field(default_factory=lambda: settings.SYNC_PAGE_SIZE)
    overlap: timedelta = field(default_factory=overlap_window)
    on_progress: ProgressCallback | None = None
    counts: dict[str, StepCounts] = field(default_factory=dict)
    # RECORDNOs pulled in this run by the steps other steps take parent keys from.
    pulled: dict[str, list[int]] = field(default_factory=dict)
    # Side fetches (invoice documents) that run beside the pull; stored between pages.
    background: BackgroundFetches = field(
        default_factory=lambda: BackgroundFetches(name="sync-side-fetches")
    )
    _baseline: tuple[int, int] = (0, 0)
    _to_close: list[Any] = field(default_factory=list)
    _read_ahead: Callable[[], Any] | None = None
    _ahead: Any = None

    def __post_init__(self) -> None:
        self._baseline = self._stats()

    def _stats(self) -> tuple[int, int]:
        stats = getattr(self.client, "stats", None)
        if stats is None:
            return (0, 0)
        return (int(stats.requests), int(stats.billable_transactions))

    def closing(self, thing: C) -> C:
        """Close ``thing`` (a page reader started ahead) when the run ends, whatever happens."""
        self._to_close.append(thing)
        return thing

    def plan_read_ahead(self, opener: Callable[[], Any]) -> None:
        """What :meth:`start_read_ahead` runs: open the next step's pages early."""
        self._read_ahead, self._ahead = opener, None

    def start_read_ahead(self) -> None:
        """Called once a step has its first page (the session is known good by then)."""
        opener, self._read_ahead = self._read_ahead, None
        if opener is not None:
            self._ahead = opener()

    def take_read_ahead(self) -> Any:
        """The pages opened early for the next step (None if they were not)."""
        ahead, self._ahead, self._read_ahead = self._ahead, None, None
        return ahead

    def close(self) -> None:
        """Stop what still reads ahead or beside the run (unstored side fetches are dropped)."""
        for thing in self._to_close:
            thing.close()
        self._to_close.clear()
        self.background.close()

    def step_counts(self, step_name: str) -> StepCounts:
        return self.counts.setdefault(step_name, StepCounts())

    def set_progress(self, **progress: Any) -> None:
        self.run.progress = {**self.run.progress, **progress}

    def save(self) -> None:
        """Write counters, progress and heartbeat to the run row (inside the page transaction)."""
        requests, billable = self._stats()
        totals = StepCounts()
        for counts in self.counts.values():
            totals.add(counts)
        run = self.run
        run.counts = {name: c.as_dict() for name, c in self.counts.items()}
        run.records_read = totals.read
        run.records_written = totals.written
        run.records_failed = totals.failed
        run.api_requests = requests - self._baseline[0]
        run.billable_transactions = billable - self._baseline[1]
        run.heartbeat_at = timezone.now()
        # A worker shutting down stops here, at a page boundary (the page in flight rolls back).
        shutdown.check_stop()
        # The heartbeat is the run's lease: a worker whose run was closed as stale by another
        # worker's start (a long pause, a lost network) stops here and its page rolls back.
        updated = SyncRun.objects.filter(pk=run.pk, status__in=SyncRun.ACTIVE).update(
            counts=run.counts,
            records_read=run.records_read,
            records_written=run.records_written,
            records_failed=run.records_failed,
            api_requests=run.api_requests,
            billable_transactions=run.billable_transactions,
            progress=run.progress,
            heartbeat_at=run.heartbeat_at,
            window_start=run.window_start,
            window_end=run.window_end,
        )
        if not updated:
            raise shutdown.RunClosedElsewhere(
                f"Run #{run.pk} was closed by another worker while this one ran it."
            )
        if self.on_progress is not None:
            self.on_progress(run)
