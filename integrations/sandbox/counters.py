"""Counters reported by the status endpoint and the readByQuery result-set cache."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from typing import Any


class Counters:
    """Thread-safe counters reported by ``/_sandbox/status``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Zero every counter."""
        with getattr(self, "_lock", threading.Lock()):
            self.requests = 0
            self.http_status: Counter[str] = Counter()
            self.functions: Counter[str] = Counter()
            self.billable = 0
            self.faults: Counter[str] = Counter()
            self.replays = 0
            self.rejected_concurrency = 0
            self.rejected_rate = 0

    def add(self, **changes: int) -> None:
        """Increment scalar counters."""
        with self._lock:
            for name, value in changes.items():
                setattr(self, name, getattr(self, name) + value)

    def bump(self, counter: str, key: str, value: int = 1) -> None:
        """Increment one key of a counter dict."""
        with self._lock:
            getattr(self, counter)[key] += value

    def snapshot(self) -> dict[str, Any]:
        """JSON form."""
        with self._lock:
            return {
                "requests": self.requests,
                "http_status": dict(self.http_status),
                "functions": dict(self.functions),
                "billable_transactions": self.billable,
                "faults_injected": dict(self.faults),
                "uniqueid_replays": self.replays,
                "rejected_concurrency": self.rejected_concurrency,
                "rejected_rate": self.rejected_rate,
            }


class ResultCache:
    """readByQuery result sets kept for readMore, bounded LRU."""

    def __init__(self, size: int = 2000) -> None:
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def put(self, key: str, value: Any) -> None:
        """Remember a result set."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def get(self, key: str) -> Any:
        """A result set or ``None``."""
        with self._lock:
            return self._items.get(key)

    def drop(self, key: str) -> None:
        """Forget a finished result set."""
        with self._lock:
            self._items.pop(key, None)
