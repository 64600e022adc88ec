"""Client-side limits per company: requests in flight and requests per second.

Limits are shared by every client of the same company (and the same limit values) in this
process, so two syncs of one company cannot together exceed them.

Requests sent inside :func:`background_priority` (side fetches such as invoice documents) take
a free slot only while no other request waits for one, so they never delay the pages of a pull.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_priority = threading.local()


@contextmanager
def background_priority() -> Iterator[None]:
    """Requests this thread sends inside the block yield their turn to the others."""
    before = getattr(_priority, "background", False)
    _priority.background = True
    try:
        yield
    finally:
        _priority.background = before


class CompanyThrottle:
    """A bound on requests in flight plus even spacing of request starts."""

    def __init__(self, max_in_flight: int, max_per_second: float) -> None:
        self._interval = 1.0 / max_per_second
        self._cond = threading.Condition()
        self._in_flight = 0
        self._waiting = 0  # requests of normal priority waiting for a slot
        self._waiting_background = 0
        self._next_start = 0.0
        self.max_in_flight = max_in_flight

    @property
    def waiting(self) -> int:
        """Requests of normal priority waiting for a slot now."""
        return self._waiting

    @property
    def waiting_background(self) -> int:
        """Requests at background priority waiting for a slot now."""
        return self._waiting_background

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one in-flight slot, started no sooner than the rate allows."""
        background = getattr(_priority, "background", False)
        with self._cond:
            if background:
                self._waiting_background += 1
            else:
                self._waiting += 1
            try:
                while self._in_flight >= self.max_in_flight or (background and self._waiting):
                    self._cond.wait()
            finally:
                if background:
                    self._waiting_background -= 1
                else:
                    self._waiting -= 1
            self._in_flight += 1
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self._interval
        try:
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()


_registry: dict[tuple[str, int, float], CompanyThrottle] = {}
_registry_lock = threading.Lock()


def throttle_for(company_id: str, max_in_flight: int, max_per_second: float) -> CompanyThrottle:
    """The shared throttle of one company (keyed by company and limit values)."""
    key = (company_id.strip().lower(), max_in_flight, max_per_second)
    with _registry_lock:
        found = _registry.get(key)
        if found is None:
            found = _registry[key] = CompanyThrottle(max_in_flight, max_per_second)
        return found
