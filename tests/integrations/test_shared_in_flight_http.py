"""Several sync processes pulling the same Intacct company at once: the sandbox never serves
more than ``INTACCT_MAX_IN_FLIGHT`` (2) of their requests at a time, through the database
store of shared slots; without it the same processes go over."""

from __future__ import annotations

import pytest

from integrations.models import SyncCursor, SyncRun
from tests.sync.workers import start, stop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# One connection per entity of the company (and one at the top level): one company's limit.
ENTITIES = ("", "US", "UK", "CA")
ARGS = ("--stage", "historical", "--objects", "subsidiaries,payment_terms,contacts,customers")
# Small pages so each process keeps sending for a while, whatever its start-up time.
ENV = {"SYNC_PAGE_SIZE": "5", "SYNC_OVERLAP_MINUTES": "0"}


def _sync_at_once(names: list[str], **env: str) -> None:
    workers = [start("intacct_sync", "--connection", name, *ARGS, **ENV, **env) for name in names]
    outputs = []
    try:
        for worker in workers:
            worker.wait(timeout=600)
    finally:
        outputs = [stop(worker) for worker in workers]
    for worker, output in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, output[-3000:]


def test_processes_of_one_company_keep_to_two_requests_in_flight(make_sandbox, connect):
    sandbox = make_sandbox(latency_ms=150)
    names = [connect(sandbox, name=f"Entity {e or 'top'}", entity_id=e).name for e in ENTITIES]

    _sync_at_once(names)
    status = sandbox.status()
    assert status["peak_in_flight"] == 2
    assert status["rejected_concurrency"] == 0
    runs = SyncRun.objects.all()
    assert [r.status for r in runs] == ["succeeded"] * len(ENTITIES)
    assert all(r.records_read > 0 for r in runs)

    # The same pulls again (cursors dropped) with the limit per process only: they go over.
    SyncCursor.objects.all().delete()
    sandbox.reset_counters()
    _sync_at_once(names, INTACCT_SHARED_IN_FLIGHT="0")
    assert sandbox.status()["peak_in_flight"] > 2
