"""The shared in-flight limit as the client uses it: waiting, back-off, typed errors, and the
request that is never sent while no slot is free."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest

from integrations.intacct import (
    Credentials,
    InFlightWaitTimeout,
    IntacctClient,
    RateLimitError,
    SharedInFlight,
    SlotStoreError,
    TransportError,
)

from .sandbox_client import BASE, OPEN_CLIENTS


class MemorySlots:
    """A store in memory (one process), recording every call."""

    def __init__(self, refuse: int = 0) -> None:
        self.leases: dict[str, set[str]] = {}
        self.refuse = refuse  # refuse the first N attempts whatever the count
        self.attempts = 0
        self.most = 0
        self.lock = threading.Lock()

    def try_acquire(self, company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        with self.lock:
            self.attempts += 1
            if self.attempts <= self.refuse:
                return False
            held = self.leases.setdefault(company, set())
            if len(held) >= limit:
                return False
            held.add(lease_id)
            self.most = max(self.most, len(held))
            return True

    def renew(self, company: str, lease_id: str, lease_seconds: float) -> bool:
        with self.lock:
            return lease_id in self.leases.get(company, set())

    def release(self, company: str, lease_id: str) -> None:
        with self.lock:
            self.leases[company].discard(lease_id)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_free_slot_is_taken_at_once_and_given_back():
    slots = MemorySlots()
    clock = FakeClock()
    limit = SharedInFlight(
        slots,
        " DEMO-co ",
        limit=2,
        lease_seconds=60,
        wait_seconds=5,
        sleep=clock.sleep,
        clock=clock,
    )
    with limit.slot():
        assert slots.leases == {"demo-co": {next(iter(slots.leases["demo-co"]))}}
    assert slots.leases == {"demo-co": set()}
    assert clock.sleeps == []


def test_waiting_polls_with_a_growing_capped_delay_then_takes_the_slot():
    slots = MemorySlots(refuse=12)
    clock = FakeClock()
    limit = SharedInFlight(
        slots, "demo-co", limit=2, lease_seconds=60, wait_seconds=30, sleep=clock.sleep, clock=clock
    )
    lease = limit.acquire()
    assert slots.leases["demo-co"] == {lease}
    assert len(clock.sleeps) == 12
    # Jittered between half and all of a delay that grows by 1.5 from 10 ms up to 250 ms.
    assert 0.005 <= clock.sleeps[0] <= 0.01
    assert max(clock.sleeps) <= 0.25
    assert clock.sleeps[-1] >= 0.125


def test_a_slot_that_stays_taken_raises_a_typed_retry_safe_error_after_the_wait():
    slots = MemorySlots()
    clock = FakeClock()
    limit = SharedInFlight(
        slots, "demo-co", limit=1, lease_seconds=60, wait_seconds=3, sleep=clock.sleep, clock=clock
    )
    limit.acquire()
    with pytest.raises(InFlightWaitTimeout) as caught:
        limit.acquire()
    assert isinstance(caught.value, RateLimitError)  # reads and writes may send it again
    assert caught.value.retry_safe
    assert caught.value.retry_after == 1.0
    assert clock.now == pytest.approx(3.0)
    assert len(slots.leases["demo-co"]) == 1


def test_a_failing_store_on_release_is_logged_not_raised(caplog):
    class BrokenRelease(MemorySlots):
        def release(self, company: str, lease_id: str) -> None:
            raise SlotStoreError("store down")

    limit = SharedInFlight(BrokenRelease(), "demo-co", limit=1, lease_seconds=1, wait_seconds=1)
    with caplog.at_level(logging.WARNING, logger="integrations.intacct"), limit.slot():
        pass
    assert "not released (it expires on its own): store down" in caplog.text


def test_slot_store_errors_say_nothing_was_sent():
    error = SlotStoreError("down")
    assert isinstance(error, TransportError)
    assert error.sent is False and error.retry_safe and error.party == "configuration"


def _client(handle, slots, **config) -> IntacctClient:
    creds = Credentials(**handle.credentials, endpoint_url=handle.gateway_url)
    settings = replace(BASE, allowed_endpoints=(handle.base_url + "/",), **config)
    client = IntacctClient(creds, settings, shared_slots=slots)
    OPEN_CLIENTS.append(client)
    return client


def test_the_client_holds_a_shared_slot_for_each_request(sandbox_server):
    slots = MemorySlots()
    client = _client(sandbox_server, slots, max_in_flight=2)
    pages = list(client.query("CUSTOMER", ["RECORDNO"], page_size=100))
    assert pages
    # getAPISession plus the pages, each through the store, each slot given back.
    assert slots.attempts == client.stats.requests
    assert slots.leases == {"demo-co": set()}


def test_clients_with_separate_local_throttles_share_the_store_limit(make_sandbox):
    sandbox = make_sandbox(latency_ms=40)
    slots = MemorySlots()
    # Different rates: four local throttles allowing 2 each, 8 together; the store allows 2.
    clients = [
        _client(sandbox, slots, max_in_flight=2, max_requests_per_second=1000.0 - n)
        for n in range(4)
    ]

    def pull(client: IntacctClient) -> None:
        for _ in range(3):
            list(client.query("CUSTOMER", ["RECORDNO"], page_size=50))

    threads = [threading.Thread(target=pull, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert slots.most == 2
    assert sandbox.status()["peak_in_flight"] == 2
    assert slots.leases == {"demo-co": set()}

    # Without the store the same clients keep more than 2 in flight; a reset starts the count.
    sandbox.reset_counters()
    assert sandbox.status()["peak_in_flight"] == 0
    alone = [
        _client(sandbox, None, max_in_flight=2, max_requests_per_second=1000.0 - n)
        for n in range(4)
    ]
    threads = [threading.Thread(target=pull, args=(c,)) for c in alone]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sandbox.status()["peak_in_flight"] > 2


def test_no_request_leaves_while_every_shared_slot_stays_taken(sandbox):
    slots = MemorySlots()
    slots.leases["demo-co"] = {"held-by-another-worker"}
    client = _client(
        sandbox, slots, max_in_flight=1, connect_timeout=0.1, read_timeout=0.1, retry_attempts=1
    )
    before = sandbox.status()["requests"]
    with pytest.raises(InFlightWaitTimeout):
        client.open_session()
    assert sandbox.status()["requests"] == before
    assert client.stats.requests == 0
