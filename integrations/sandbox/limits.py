"""Admission limits of the gateway: requests in flight and requests per second.

Both answer HTTP 429 with errorno ``GW-0010`` and a ``Retry-After`` header (seconds,
``retry_after_seconds`` of the configuration), as Intacct's gateway does when a client goes
over its rate limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from .config import SandboxConfig

CONCURRENCY = "concurrency"
RATE = "rate"


class RequestLimits:
    """Counts requests in flight and those admitted during the last second."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._in_flight = 0
        self._peak = 0
        self._admitted: deque[float] = deque()

    def enter(self) -> str | None:
        """Admit a request (None) or name the limit it hits (``concurrency`` or ``rate``)."""
        with self._lock:
            limit = self.config.max_concurrency
            if limit and self._in_flight >= limit:
                return CONCURRENCY
            per_second = self.config.max_requests_per_second
            if per_second:
                now = time.monotonic()
                while self._admitted and now - self._admitted[0] >= 1.0:
                    self._admitted.popleft()
                if len(self._admitted) >= per_second:
                    return RATE
                self._admitted.append(now)
            self._in_flight += 1
            self._peak = max(self._peak, self._in_flight)
            return None

    @property
    def in_flight(self) -> int:
        """Requests being served now."""
        return self._in_flight

    @property
    def peak_in_flight(self) -> int:
        """The most requests served at once since the start or the last reset."""
        return self._peak

    def reset_peak(self) -> None:
        """Start the high-water mark again from the requests in flight now."""
        with self._lock:
            self._peak = self._in_flight

    def leave(self) -> None:
        """A request finished."""
        with self._lock:
            self._in_flight -= 1
