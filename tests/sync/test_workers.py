"""Real processes: a django-q2 cluster running a scheduled sync; a sync killed and resumed."""

import signal
import threading
from datetime import timedelta

import pytest
from django.db import connection as db_connection
from django.utils import timezone
from django_q.models import Schedule

from integrations.models import SyncRun
from integrations.services import sync_now
from integrations.sync.lifecycle import RunAlreadyActive
from tests.sync.test_engine_http import assert_equal_to_sandbox
from tests.sync.workers import start, stop, wait_for, wait_while_progressing

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_qcluster_runs_a_scheduled_sync(sandbox, connect):
    conn = connect(sandbox, hourly_sync=True)
    schedule = Schedule.objects.get(name=f"intacct-sync:{conn.pk}:hourly")
    schedule.next_run = timezone.now() - timedelta(seconds=1)
    schedule.save()
    cluster = start("qcluster", Q_POLL_SECONDS="0.2")
    finished = ["succeeded", "failed", "partially_failed"]
    try:
        # The scheduled initial import, then the historical import it starts by itself.
        initial, historical = wait_while_progressing(
            lambda: (
                (
                    SyncRun.objects.filter(
                        connection=conn, stage="initial", status__in=finished
                    ).first(),
                    SyncRun.objects.filter(
                        connection=conn, stage="historical", status__in=finished
                    ).first(),
                )
                if SyncRun.objects.filter(connection=conn, status__in=finished).count() == 2
                else None
            ),
            # Under load the two whole-company imports take what they take: wait while the
            # runs advance (their heartbeats, counts and number), fail if they stall. The
            # scheduler looks at schedules every 30 s, so the first minute may show nothing.
            progress=lambda: list(
                SyncRun.objects.filter(connection=conn).values_list(
                    "pk", "status", "heartbeat_at", "records_read"
                )
            ),
            stalled_after=180,
        )
    finally:
        output = stop(cluster)
    assert initial.status == "succeeded", (initial.message, output[-3000:])
    assert initial.trigger == "schedule" and historical.trigger == "schedule"
    assert historical.status == "succeeded", (historical.message, output[-3000:])
    assert_equal_to_sandbox(sandbox, conn)
    schedule.refresh_from_db()
    assert schedule.next_run > timezone.now()  # rescheduled for the next hour


def test_killed_worker_is_detected_and_the_rerun_ends_with_the_same_data(make_sandbox, connect):
    sandbox = make_sandbox(latency_ms=120)
    conn = connect(sandbox)
    args = (
        "intacct_sync",
        "--connection",
        conn.name,
        "--stage",
        "historical",
        "--objects",
        "subsidiaries,payment_terms,contacts,customers",
    )
    # No overlap window, so what the rerun reads shows exactly where it resumed.
    env = {"SYNC_PAGE_SIZE": "7", "SYNC_OVERLAP_MINUTES": "0"}
    uninterrupted = sum(
        len(sandbox.query_rows(f"SELECT RECORDNO FROM {t} WHERE STATUS <> 'inactive'"))
        for t in ("locationentity", "arterm", "contact", "customer")
    )
    worker = start(*args, **env)
    try:
        # 3 entities + 5 terms + at least one committed page of contacts.
        wait_for(
            lambda: SyncRun.objects.filter(
                connection=conn, status="running", records_read__gte=15
            ).exists(),
            timeout=120,
            what="the sync to commit a few pages",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        stop(worker)
    killed = SyncRun.objects.get(connection=conn)
    assert killed.status == "running"  # nobody closed it: the process died

    rerun = start(*args, **env)
    rerun.wait(timeout=300)
    output = stop(rerun)
    assert rerun.returncode == 0, output[-3000:]
    killed.refresh_from_db()
    assert killed.status == "failed" and "stopped" in killed.message
    final = SyncRun.objects.exclude(pk=killed.pk).get(connection=conn)
    assert final.status == "succeeded", final.message
    # It resumed from the committed cursors instead of starting over.
    assert final.records_read < uninterrupted, (final.records_read, uninterrupted)
    assert_equal_to_sandbox(sandbox, conn)


def test_two_concurrent_sync_now_make_one_run(sandbox, connect):
    conn = connect(sandbox, credentials_status="ok")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press() -> None:
        try:
            barrier.wait()
            sync_now(connection=conn, user="someone")
            outcomes.append("queued")
        except RunAlreadyActive:
            outcomes.append("refused")
        finally:
            db_connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["queued", "refused"]
    assert SyncRun.objects.filter(connection=conn).count() == 1
