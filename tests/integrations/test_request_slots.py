"""The database store of shared in-flight slots (SQLite and PostgreSQL), and the choice of
store from the settings."""

from __future__ import annotations

import signal
import time

import pytest

from integrations.intacct import RedisSlots, SharedInFlight
from integrations.models import RequestSlot
from integrations.request_slots import DatabaseSlots, shared_slots
from integrations.sync.clients import client_for
from tests.sync.workers import start, stop, wait_for


@pytest.mark.django_db
def test_slots_up_to_the_limit_then_none_until_one_is_released():
    slots = DatabaseSlots()
    assert slots.try_acquire("demo-co", 2, "a", 60)
    assert slots.try_acquire("demo-co", 2, "b", 60)
    assert not slots.try_acquire("demo-co", 2, "c", 60)
    assert slots.try_acquire("other-co", 2, "x", 60)  # companies are independent
    slots.release("demo-co", "a")
    assert slots.try_acquire("demo-co", 2, "c", 60)
    held = RequestSlot.objects.filter(company="demo-co").order_by("slot")
    assert list(held.values_list("slot", "lease_id")) == [(0, "c"), (1, "b")]


@pytest.mark.django_db
def test_a_lower_limit_uses_only_the_first_slots():
    slots = DatabaseSlots()
    assert slots.try_acquire("demo-co", 3, "a", 60)
    assert slots.try_acquire("demo-co", 3, "b", 60)
    assert not slots.try_acquire("demo-co", 2, "c", 60)
    assert slots.try_acquire("demo-co", 3, "c", 60)


@pytest.mark.django_db
def test_an_expired_lease_is_taken_over_and_its_late_release_frees_nothing():
    slots = DatabaseSlots()
    assert slots.try_acquire("demo-co", 1, "crashed", 0.2)  # never released
    assert not slots.try_acquire("demo-co", 1, "next", 60)
    time.sleep(0.3)
    assert slots.try_acquire("demo-co", 1, "next", 60)
    slots.release("demo-co", "crashed")  # the old holder comes back late
    assert RequestSlot.objects.get(company="demo-co").lease_id == "next"
    assert not slots.try_acquire("demo-co", 1, "third", 60)


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
    rows = RequestSlot.objects.filter(company="demo-co")
    assert rows.count() == settings.INTACCT_MAX_IN_FLIGHT
    assert set(rows.values_list("lease_id", flat=True)) == {""}


HOLD_BOTH = """
from integrations.request_slots import DatabaseSlots
slots = DatabaseSlots()
assert slots.try_acquire("demo-co", 2, "killed-1", 8)
assert slots.try_acquire("demo-co", 2, "killed-2", 8)
import time
time.sleep(600)
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_holding_slots_frees_them_when_its_leases_expire():
    holder = start("shell", "-c", HOLD_BOTH)
    try:
        wait_for(
            lambda: RequestSlot.objects.exclude(lease_id="").count() == 2,
            timeout=120,
            what="the worker to take both slots",
        )
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        stop(holder)
    slots = DatabaseSlots()
    assert not slots.try_acquire("demo-co", 2, "now", 60)  # its leases still run
    limit = SharedInFlight(slots, "DEMO-CO", limit=2, lease_seconds=60, wait_seconds=120)
    lease = limit.acquire()  # waits for the first lease to expire
    assert RequestSlot.objects.filter(lease_id=lease).count() == 1
