"""A worker machine dies (SIGKILL to its whole cluster) while it runs a sync: the other machine's
next start closes that run as failed, and the rerun resumes from the last committed page."""

import math
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_q.models import Task
from django_q.tasks import async_task

from integrations.models import Contact, SyncCursor, SyncRun
from integrations.services import sync_start
from integrations.sync.timestamps import parse_timestamp
from tests.distributed.test_many_connections import OBJECTS, assert_holds_the_sandboxs_records
from tests.sync.workers import wait_for

pytestmark = [pytest.mark.distributed, pytest.mark.django_db(transaction=True)]

STALE_MINUTES = 0.1
PAGE = 7


def test_a_killed_machines_run_is_closed_by_the_other_and_the_rerun_resumes(
    make_sandbox, connect, clusters
):
    sandbox = make_sandbox(latency_ms=250)
    conn = connect(sandbox)
    # Small pages, and no overlap window, so what the rerun reads shows where it resumed.
    machines = clusters(
        2,
        SYNC_PAGE_SIZE=str(PAGE),
        SYNC_OVERLAP_MINUTES="0",
        SYNC_STALE_RUN_MINUTES=str(STALE_MINUTES),
    )
    killed = sync_start(connection=conn, trigger="sync_now", stage="historical", objects=OBJECTS)
    # Contacts are being read: a few of their pages are committed.
    wait_for(
        lambda: SyncRun.objects.filter(
            pk=killed.pk, status="running", progress__step="contacts", records_read__gte=15
        ).exists(),
        timeout=300,
        what="the sync to commit a few pages of contacts",
    )
    killed.refresh_from_db()
    holder = next(m for m in machines if killed.worker.startswith(f"{m.host}:"))
    survivor = next(m for m in machines if m is not holder)
    holder.kill()
    killed_at = timezone.now()

    killed.refresh_from_db()
    assert killed.status == "running"  # nobody closed it: the machine died
    cursor = SyncCursor.objects.get(connection=conn, step="contacts@historical")
    committed = set(Contact.objects.filter(connection=conn).values_list("pk", "intacct_recordno"))
    assert committed and cursor.last_modified

    # No process id can be checked across machines: only the lease (the heartbeat) tells the
    # run is dead. The other machine's next start comes once it has expired.
    lease = timedelta(minutes=STALE_MINUTES)
    wait_for(
        lambda: timezone.now() - killed.heartbeat_at > lease + timedelta(seconds=1),
        timeout=60,
        what="the dead run's heartbeat to expire",
    )
    sandbox.reset_counters()
    task_id = async_task("tests.distributed.tasks.start_sync", conn.pk, "historical", OBJECTS)
    wait_for(
        lambda: (
            Task.objects.filter(id=task_id).exists()
            and not SyncRun.objects.filter(connection=conn, status__in=SyncRun.ACTIVE).exists()
        ),
        timeout=300,
        what="the other machine to start and finish the rerun",
    )
    started = Task.objects.get(id=task_id)
    assert started.success and str(started.result).startswith("queued run"), started.result

    killed.refresh_from_db()
    assert killed.status == "failed" and killed.finished_at >= killed_at
    assert f"No progress for over {STALE_MINUTES:g} minutes" in killed.message
    rerun = SyncRun.objects.exclude(pk=killed.pk).get(connection=conn)
    assert rerun.status == "succeeded", (rerun.message, survivor.output()[-3000:])
    assert rerun.worker.startswith(f"{survivor.host}:")

    # The sandbox served the rerun exactly the pages its counts account for: one query per
    # page of 7 (one sign-in besides), nothing re-read from before the cursor.
    served = sandbox.status()
    pages = sum(max(1, math.ceil(c["read"] / PAGE)) for c in rerun.counts.values())
    assert served["functions"] == {"getAPISession": 1, "query": pages}, served["functions"]
    assert served["requests"] == rerun.api_requests
    # It resumed from the committed cursor: it read only the contacts modified since.
    since = parse_timestamp(cursor.last_modified)
    rows = sandbox.query_rows("SELECT RECORDNO, WHENMODIFIED FROM contact")
    from_cursor = [r for r in rows if datetime.fromisoformat(r["WHENMODIFIED"]) >= since]
    assert rerun.counts["contacts"]["read"] == len(from_cursor), (
        rerun.counts["contacts"],
        len(from_cursor),
        len(rows),
    )
    assert len(from_cursor) < len(rows)
    # What the dead machine committed stayed as it was (same rows, not re-created)...
    still = set(Contact.objects.filter(connection=conn).values_list("pk", "intacct_recordno"))
    assert committed <= still
    # ...and nothing is missing or doubled.
    assert_holds_the_sandboxs_records(sandbox, conn)
