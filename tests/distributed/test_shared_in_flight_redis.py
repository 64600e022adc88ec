"""The per-company in-flight limit across machines through Redis: the store itself, a holder
killed with SIGKILL, and four syncs of one company on two clusters kept to two requests in
flight at the sandbox."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
import redis
from django_q.models import Task
from django_q.tasks import async_task

from integrations.intacct import RedisSlots, SharedInFlight
from integrations.models import SyncRun
from tests.sync.workers import ROOT, child_env, wait_for

pytestmark = [pytest.mark.distributed, pytest.mark.django_db(transaction=True)]

KEY = "intacct:in-flight:demo-co"


def test_slots_up_to_the_limit_then_none_until_one_is_released(redis_url):
    slots = RedisSlots(redis_url)
    assert slots.try_acquire("demo-co", 2, "a", 60)
    assert slots.try_acquire("demo-co", 2, "b", 60)
    assert not slots.try_acquire("demo-co", 2, "c", 60)
    assert slots.try_acquire("other-co", 2, "x", 60)
    slots.release("demo-co", "a")
    assert slots.try_acquire("demo-co", 2, "c", 60)
    members = redis.Redis.from_url(redis_url).zrange(KEY, 0, -1)
    assert sorted(members) == [b"b", b"c"]
    slots.close()


def test_an_expired_lease_is_taken_over_and_the_key_expires_with_its_last_lease(redis_url):
    slots = RedisSlots(redis_url)
    raw = redis.Redis.from_url(redis_url)
    assert slots.try_acquire("demo-co", 1, "crashed", 0.3)  # never released
    assert 0 < raw.pttl(KEY) <= 300
    assert not slots.try_acquire("demo-co", 1, "next", 60)
    time.sleep(0.4)
    assert slots.try_acquire("demo-co", 1, "next", 60)
    assert not slots.renew("demo-co", "crashed", 60)  # too late to renew
    slots.release("demo-co", "crashed")  # the old holder comes back late: frees nothing
    assert raw.zrange(KEY, 0, -1) == [b"next"]
    assert raw.pttl(KEY) > 50_000
    slots.release("demo-co", "next")
    assert raw.exists(KEY) == 0  # an idle company leaves nothing behind
    slots.close()


def test_a_request_outliving_its_lease_keeps_its_slot(redis_url):
    slots = RedisSlots(redis_url)
    limit = SharedInFlight(slots, "DEMO-CO", limit=1, lease_seconds=0.3, wait_seconds=0)
    with limit.slot():
        time.sleep(1.0)  # three lease terms: the keeper thread renewed it
        assert not slots.try_acquire("demo-co", 1, "next", 60)
    assert slots.try_acquire("demo-co", 1, "next", 60)
    slots.close()


HOLD_BOTH = """
import sys, time
from integrations.intacct import RedisSlots
slots = RedisSlots(sys.argv[1])
assert slots.try_acquire("killed-co", 2, "killed-1", 8)
assert slots.try_acquire("killed-co", 2, "killed-2", 8)
time.sleep(600)
"""


def test_a_machine_killed_while_holding_slots_frees_them_when_its_leases_expire(redis_url):
    raw = redis.Redis.from_url(redis_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_BOTH, redis_url], cwd=ROOT, env=child_env()
    )
    try:
        killed = "intacct:in-flight:killed-co"
        wait_for(lambda: raw.zcard(killed) == 2, timeout=60, what="the holder to take both slots")
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    slots = RedisSlots(redis_url)
    assert not slots.try_acquire("killed-co", 2, "now", 60)  # its leases still run
    limit = SharedInFlight(slots, "KILLED-CO", limit=2, lease_seconds=60, wait_seconds=120)
    lease = limit.acquire()  # waits for the first lease to expire
    assert lease.encode() in raw.zrange("intacct:in-flight:killed-co", 0, -1)
    slots.close()


OBJECTS = ["subsidiaries", "payment_terms", "contacts", "customers"]
ENTITIES = ("", "US", "UK", "CA")


def test_syncs_of_one_company_on_two_clusters_keep_to_two_requests_in_flight(
    make_sandbox, connect, clusters, settings
):
    sandbox = make_sandbox(latency_ms=150)
    conns = [connect(sandbox, name=f"Entity {e or 'top'}", entity_id=e) for e in ENTITIES]
    # Two machines with three workers each: the four syncs run at once whichever takes them.
    clusters(2, SYNC_PAGE_SIZE="5", SYNC_OVERLAP_MINUTES="0", Q_WORKERS="3")
    task_ids = [
        async_task("tests.distributed.tasks.start_sync", conn.pk, "historical", OBJECTS)
        for conn in conns
    ]
    wait_for(
        lambda: (
            (
                Task.objects.filter(id__in=task_ids).count() == len(task_ids)
                and SyncRun.objects.filter(status="succeeded").count() == len(conns)
            )
            or SyncRun.objects.filter(status="failed").exists()
        ),
        timeout=900,
        interval=1,
        what="the four syncs",
    )
    runs = list(SyncRun.objects.all())
    assert [r.status for r in runs] == ["succeeded"] * len(conns), [r.message for r in runs]
    # At least three runs were under way at once (three worker processes, each with its own
    # local limit), and still the company saw two requests at most.
    at_once = max(sum(o.started_at <= r.started_at < o.finished_at for o in runs) for r in runs)
    assert at_once >= 3
    status = sandbox.status()
    assert status["peak_in_flight"] == 2
    assert status["rejected_concurrency"] == 0
