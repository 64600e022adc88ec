"""What a running sync carries from step to step: the run, the client, counters, progress."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from integrations.models import IntacctConnection, SyncRun
from integrations.sync import shutdown
from integrations.sync.counts import StepCounts

ProgressCallback = Callable[[SyncRun], None]


def overlap_window() -> timedelta:
    return timedelta(minutes=settings.SYNC_OVERLAP_MINUTES)


@dataclass
class RunContext:
    run: SyncRun
    connection: IntacctConnection
    client: Any
    stage: str
    page_size: int = field(default_factory=lambda: settings.SYNC_PAGE_SIZE)
    overlap: timedelta = field(default_factory=overlap_window)
    on_progress: ProgressCallback | None = None
    counts: dict[str, StepCounts] = field(default_factory=dict)
    # RECORDNOs pulled in this run by the steps other steps take parent keys from.
    pulled: dict[str, list[int]] = field(default_factory=dict)
    _baseline: Any = None

    def __post_init__(self) -> None:
        self._baseline = self._stats()

    def _stats(self) -> tuple[int, int]:
        stats = getattr(self.client, "stats", None)
        if stats is None:
            return (0, 0)
        return (int(stats.requests), int(stats.billable_transactions))

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
        SyncRun.objects.filter(pk=run.pk).update(
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
        if self.on_progress is not None:
            self.on_progress(run)
