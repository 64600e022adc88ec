"""The one retry policy: exponential back-off with jitter, bounded in attempts and total time."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import IntacctError, RateLimitError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    """Retry a call while the error allows it, within ``attempts`` and ``max_seconds``.

    Delays double from ``base_delay`` up to ``max_delay`` with "equal jitter" (half fixed, half
    random) so that clients do not retry in lockstep; a ``Retry-After`` from a rate limit is
    honoured instead when it is given.
    """

    attempts: int = 5
    max_seconds: float = 120.0
    base_delay: float = 1.0
    max_delay: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, error: IntacctError) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return min(error.retry_after, self.max_seconds)
        backoff = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return float(backoff / 2 + self.rng() * backoff / 2)

    def run(
        self,
        call: Callable[[], T],
        *,
        retryable: Callable[[IntacctError], bool],
        on_retry: Callable[[int, IntacctError, float], None] | None = None,
    ) -> T:
        """Run ``call``; on a retryable :class:`IntacctError` wait and try again, else raise."""
        started = self.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                return call()
            except IntacctError as error:
                if attempt >= self.attempts or not retryable(error):
                    raise
                wait = self.delay(attempt, error)
                if self.clock() - started + wait > self.max_seconds:
                    raise
                if on_retry is not None:
                    on_retry(attempt, error, wait)
                self.sleep(wait)
