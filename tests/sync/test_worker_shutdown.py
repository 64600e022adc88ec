"""A qcluster worker stops within a page's time on SIGTERM and releases its run (real
processes; before, the cluster waited for the whole sync and needed SIGKILL)."""

import signal
import subprocess

import pytest
from django_q.tasks import async_task

from integrations.models import SyncRun
from integrations.services import sync_start
from tests.sync.workers import start, stop, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_sigterm_stops_the_running_sync_at_its_next_page_and_the_cluster_exits(
    make_sandbox, connect
):
    sandbox = make_sandbox(latency_ms=150)
    conn = connect(sandbox)
    run = sync_start(
        connection=conn,
        trigger="sync_now",
        stage="historical",
        objects=["subsidiaries", "payment_terms", "contacts", "customers"],
        enqueue=False,
    )
    async_task("integrations.tasks.run_sync_task", run.pk, task_name=f"sync-run-{run.pk}")
    cluster = start("qcluster", Q_POLL_SECONDS="0.2", SYNC_PAGE_SIZE="7")
    try:
        wait_for(
            lambda: SyncRun.objects.filter(
                pk=run.pk, status="running", records_read__gte=15
            ).exists(),
            timeout=180,
            what="the worker to commit a few pages",
        )
        cluster.send_signal(signal.SIGTERM)
        try:
            # Bounds the wait (a hang would fail here); not a performance assertion.
            cluster.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail("qcluster ignored SIGTERM: the sync kept its worker busy")
    finally:
        output = stop(cluster)
    run.refresh_from_db()
    assert run.status == "failed", (run.status, output[-3000:])
    assert run.message.startswith("Stopped: The worker was asked to stop"), run.message
    assert run.finished_at is not None
    # Released: the next sync of the connection is not refused.
    again = sync_start(connection=conn, trigger="sync_now", stage="historical", enqueue=False)
    assert again.status == "queued"
