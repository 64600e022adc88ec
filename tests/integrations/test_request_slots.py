"""The database store of shared in-flight slots (SQLite and PostgreSQL), and the choice of
store from the settings."""

from __future__ import annotations

import signal
import time
import uuid

import pytest

from integrations.intacct import RedisSlots, SharedInFlight
from integrations.request_slots import DatabaseSlots, shared_slots
from integrations.sync.clients import client_for
from tests.sync.workers import start, stop, wait_for_output


@pytest.fixture
def slots():
    """The store, and a company of the test's own (the store commits outside the test's
    transaction, so rows outlive the test)."""
    store = DatabaseSlots()
    company = f"co-{uuid.uuid4().hex[:12]}"
    yield store, company
    for lease in store.holders(company):
        store.release(company, lease)
    store.close()


@pytest.mark.django_db
def test_slots_up_to_the_limit_then_none_until_one_is_released(slots):
    store, co = slots
    assert store.try_acquire(co, 2, "a", 60)
    assert store.try_acquire(co, 2, "b", 60)
    assert not store.try_acquire(co, 2, "c", 60)
    assert store.try_acquire(co + "-other", 2, "x", 60)  # companies are independent
    store.release(co + "-other", "x")
    store.release(co, "a")
    assert store.try_acquire(co, 2, "c", 60)
    assert store.holders(co) == ["b", "c"]


@pytest.mark.django_db
def test_a_lower_limit_uses_only_the_first_slots(slots):
    store, co = slots
    assert store.try_acquire(co, 3, "a", 60)
    assert store.try_acquire(co, 3, "b", 60)
    assert not store.try_acquire(co, 2, "c", 60)
    assert store.try_acquire(co, 3, "c", 60)


@pytest.mark.django_db
def test_an_expired_lease_is_taken_over_and_its_late_release_frees_nothing(slots):
    store, co = slots
    assert store.try_acquire(co, 1, "crashed", 0.2)  # never released
    assert not store.try_acquire(co, 1, "next", 60)
    time.sleep(0.3)
    assert not store.renew(co, "crashed", 60)  # too late to renew
    assert store.try_acquire(co, 1, "next", 60)
    store.release(co, "crashed")  # the old holder comes back late
    assert store.holders(co) == ["next"]
    assert not store.try_acquire(co, 1, "third", 60)


@pytest.mark.django_db
def test_a_renewed_lease_stays_held_past_its_first_term(slots):
    store, co = slots
    assert store.try_acquire(co, 1, "long-request", 0.3)
    assert store.renew(co, "long-request", 60)
    time.sleep(0.4)
    assert not store.try_acquire(co, 1, "next", 60)
    assert store.holders(co) == ["long-request"]


@pytest.mark.django_db
def test_a_request_outliving_its_lease_keeps_its_slot(slots):
    """The keeper thread renews held leases every third of their length."""
    store, co = slots
    limit = SharedInFlight(store, co, limit=1, lease_seconds=0.3, wait_seconds=0)
    with limit.slot():
        time.sleep(1.0)  # three lease terms
        assert len(store.holders(co)) == 1
        assert not store.try_acquire(co, 1, "next", 60)
    assert store.holders(co) == []


@pytest.mark.django_db
def test_settings_choose_the_store(settings, connect, sandbox_server):
    settings.REDIS_URL = ""
    assert isinstance(shared_slots(), DatabaseSlots)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing is contacted until a request
    assert isinstance(shared_slots(), RedisSlots)
    settings.INTACCT_SHARED_IN_FLIGHT = False
    assert shared_slots() is None

    settings.INTACCT_SHARED_IN_FLIGHT = True
    settings.REDIS_URL = ""
    with client_for(connect(sandbox_server)) as client:
        client.open_session()
    # The login went through a slot of the database store and gave it back.
    store = shared_slots()
    assert isinstance(store, DatabaseSlots)
    assert store.holders("demo-co") == []


HOLD_BOTH = """
from integrations.request_slots import DatabaseSlots
slots = DatabaseSlots()
assert slots.try_acquire("killed-co", 2, "killed-1", 8)
assert slots.try_acquire("killed-co", 2, "killed-2", 8)
print("holding", flush=True)
import time
time.sleep(600)
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_holding_slots_frees_them_when_its_leases_expire():
    holder = start("shell", "-c", HOLD_BOTH)
    try:
        wait_for_output(holder, "holding")  # both slots are taken
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        stop(holder)
    slots = DatabaseSlots()
    assert slots.holders("killed-co") == ["killed-1", "killed-2"]
    assert not slots.try_acquire("killed-co", 2, "now", 60)  # its leases still run
    limit = SharedInFlight(slots, "KILLED-CO", limit=2, lease_seconds=60, wait_seconds=120)
    lease = limit.acquire()  # waits for the first lease to expire
    assert lease in slots.holders("killed-co")
    slots.close()
