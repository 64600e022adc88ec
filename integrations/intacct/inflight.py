"""The per-company in-flight limit shared by every process and machine.

:mod:`.throttle` bounds requests in flight (and paces their starts) inside one process. Workers
on several machines each have their own throttle, so together they could keep more requests
in flight for one company than Intacct tolerates. A :class:`SharedSlots` store closes that gap:
it is a counting semaphore per company whose holders take *leases* that expire, so a worker
killed with SIGKILL frees its slot when the lease runs out instead of holding it forever.
Leases are short (:data:`LEASE_SECONDS`); one thread per process renews those still held every
third of that, so a request may last as long as the client's timeouts allow.

The client takes a shared slot after its local one (the local throttle keeps the per-second
pacing and keeps a process from asking for more shared slots than it may use), which costs
one round trip to the store before and one after each request. While every slot is taken the
client polls with a growing, jittered delay, and gives up after ``wait_seconds`` with
:class:`~.errors.InFlightWaitTimeout` (nothing was sent, so reads and writes may send again).

Stores: :class:`~.inflight_redis.RedisSlots` here (a sorted set per company), and a database
table on the Django side (``integrations.request_slots``), since this package never imports
Django.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from .errors import InFlightWaitTimeout, SlotStoreError

log = logging.getLogger("integrations.intacct")

# A lease lasts this long unless renewed: how long a killed worker's slot stays taken.
LEASE_SECONDS = 15.0

# Polling while every slot is taken: the first wait, its growth and its cap (seconds).
FIRST_POLL = 0.01
POLL_GROWTH = 1.5
MAX_POLL = 0.25


class SharedSlots(Protocol):
    """A counting semaphore per company whose slots are leases that expire."""

    def try_acquire(self, company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        """Take one of the company's ``limit`` slots for ``lease_id`` if one is free (or its
        lease has expired); never waits. Raises :class:`SlotStoreError` if the store fails."""
        ...

    def renew(self, company: str, lease_id: str, lease_seconds: float) -> bool:
        """Extend a held lease to ``lease_seconds`` from now; False if it is no longer held."""
        ...

    def release(self, company: str, lease_id: str) -> None:
        """Give the slot of ``lease_id`` back (nothing happens if it already expired)."""
        ...


def company_key(company_id: str) -> str:
    """Intacct company IDs are case-insensitive."""
    return company_id.strip().lower()


class SharedInFlight:
    """The shared in-flight limit of one company, as the gateway uses it."""

    def __init__(
        self,
        slots: SharedSlots,
        company_id: str,
        *,
        limit: int,
        lease_seconds: float,
        wait_seconds: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or lease_seconds <= 0 or wait_seconds < 0:
            raise ValueError("SharedInFlight: limit >= 1, lease_seconds > 0, wait_seconds >= 0.")
        self._slots = slots
        self.company = company_key(company_id)
        self.limit = limit
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self._sleep = sleep
        self._clock = clock

    def acquire(self) -> str:
        """Wait for a slot and return its lease id."""
        lease_id = uuid.uuid4().hex
        deadline = self._clock() + self.wait_seconds
        delay = FIRST_POLL
        while not self._slots.try_acquire(self.company, self.limit, lease_id, self.lease_seconds):
            left = deadline - self._clock()
            if left <= 0:
                raise InFlightWaitTimeout(
                    f"All {self.limit} shared request slots of the company stayed taken for "
                    f"{self.wait_seconds:.0f}s; nothing was sent.",
                    retry_after=min(MAX_POLL * 4, self.wait_seconds) or None,
                )
            self._sleep(min(left, delay * (0.5 + random.random() / 2)))  # noqa: S311 - jitter
            delay = min(MAX_POLL, delay * POLL_GROWTH)
        return lease_id

    def release(self, lease_id: str) -> None:
        """Give the slot back; a failing store only delays others until the lease expires."""
        try:
            self._slots.release(self.company, lease_id)
        except SlotStoreError as exc:
            log.warning("shared request slot not released (it expires on its own): %s", exc)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one shared slot for the duration of the block (its lease renewed meanwhile)."""
        lease_id = self.acquire()
        _keeper().hold(self._slots, self.company, lease_id, self.lease_seconds)
        try:
            yield
        finally:
            _keeper().drop(lease_id)
            self.release(lease_id)


class _LeaseKeeper:
    """Renews each lease this process holds a third of its length after it was taken or last
    renewed (requests shorter than that cost no renewal)."""

    def __init__(self) -> None:
        # lease id -> (store, company, lease seconds, when to renew on the monotonic clock)
        self._held: dict[str, tuple[SharedSlots, str, float, float]] = {}
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def hold(self, slots: SharedSlots, company: str, lease_id: str, seconds: float) -> None:
        with self._cond:
            self._held[lease_id] = (slots, company, seconds, time.monotonic() + seconds / 3)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._work, name="intacct-lease-keeper", daemon=True
                )
                self._thread.start()
            self._cond.notify()  # it may be due before the keeper's next wake-up

    def drop(self, lease_id: str) -> None:
        with self._cond:
            self._held.pop(lease_id, None)

    def _due(self) -> list[tuple[str, SharedSlots, str, float]]:
        """Wait until some lease is due; return the due ones (holding the condition)."""
        while True:
            now = time.monotonic()
            due = [(k, v[0], v[1], v[2]) for k, v in self._held.items() if v[3] <= now]
            if due:
                return due
            wake = min((v[3] for v in self._held.values()), default=now + LEASE_SECONDS)
            self._cond.wait(wake - now)

    def _work(self) -> None:
        while True:
            with self._cond:
                due = self._due()
                for lease_id, slots, company, seconds in due:
                    self._held[lease_id] = (slots, company, seconds, time.monotonic() + seconds / 3)
            for lease_id, slots, company, seconds in due:
                try:
                    renewed = slots.renew(company, lease_id, seconds)
                    with self._cond:
                        still_held = lease_id in self._held
                    if not renewed and still_held:
                        log.warning("shared request slot lease %s expired while held", lease_id)
                except Exception as exc:  # the keeper must outlive any one failure
                    log.warning("shared request slot lease not renewed: %s", exc)


_keepers: dict[int, _LeaseKeeper] = {}
_keepers_lock = threading.Lock()


def _keeper() -> _LeaseKeeper:
    """This process's keeper (a forked worker gets its own thread)."""
    with _keepers_lock:
        found = _keepers.get(os.getpid())
        if found is None:
            found = _keepers[os.getpid()] = _LeaseKeeper()
        return found
