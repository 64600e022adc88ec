"""Client-side limits per company: requests in flight and requests per second.

Limits are shared by every client of the same company (and the same limit values) in this
process, so two syncs of one company cannot together exceed them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class CompanyThrottle:
    """A bounded semaphore for concurrency plus even spacing of request starts."""

    def __init__(self, max_in_flight: int, max_per_second: float) -> None:
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self._interval = 1.0 / max_per_second
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.max_in_flight = max_in_flight

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one in-flight slot, started no sooner than the rate allows."""
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._interval
            if start > now:
                time.sleep(start - now)
            yield


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
