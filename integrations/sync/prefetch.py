"""Overlap waiting and working: HTTP on background threads, every ORM call on the caller's.

:class:`Prefetch` reads an iterator of pages on a worker thread, a bounded number of pages ahead
of the consumer, so the next page is on its way while the current one is applied.
:class:`BackgroundFetches` runs side fetches (invoice documents) on a worker thread and hands
their results back to the caller's thread, which stores them between pages.

Only the client's HTTP exchanges run on the worker threads: page iterators and fetch functions
given here must not touch the database (the connection belongs to the thread that opened it).
The client's throttle bounds how many requests are in flight per company, so prefetching never
sends more at once than the synchronous code could.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import Any, Generic, TypeVar

from integrations.intacct import background_priority

T = TypeVar("T")

_END = object()


class _Failure:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


class Prefetch(Iterator[T], Generic[T]):
    """Iterate ``source`` on a worker thread, at most ``depth`` items ahead of the consumer.

    The worker starts on :meth:`start` (or the first ``next``), so a caller can start reading a
    step's first page before it needs it. An exception raised by the source is raised again on
    the consumer's thread, at the item where it happened. :meth:`close` stops the worker (the
    page it is reading is dropped) and waits for it; use the object as a context manager.
    """

    def __init__(self, source: Iterable[T], *, depth: int = 1, name: str = "prefetch") -> None:
        if depth < 1:
            raise ValueError("depth must be at least 1")
        self._source = source
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._started = False
        self._finished = False

    def start(self) -> Prefetch[T]:
        if not self._started:
            self._started = True
            self._thread.start()
        return self

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            self._put(_Failure(exc))
            return
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()  # a generator: runs its finally blocks on this thread
        self._put(_END)

    def __iter__(self) -> Prefetch[T]:
        return self

    def __next__(self) -> T:
        if self._finished:
            raise StopIteration
        self.start()
        item = self._queue.get()
        if item is _END:
            self._finished = True
            self._thread.join()
            raise StopIteration
        if isinstance(item, _Failure):
            self._finished = True
            self._thread.join()
            raise item.error
        return item  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop reading ahead and wait for the worker (at most the request in flight)."""
        self._finished = True
        self._stop.set()
        if self._started:
            while self._thread.is_alive():
                with suppress(queue.Empty):
                    self._queue.get(timeout=0.05)
            self._thread.join()

    def __enter__(self) -> Prefetch[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Job = Callable[[], "tuple[Callable[[], Any], Callable[[Any], None]] | None"]


class BackgroundFetches:
    """Side fetches on worker threads, prepared and stored on the caller's thread, in order.

    A job is a function called on the caller's thread when a worker is free; it reads what it
    needs from the database and returns ``(fetch, store)`` (or None when there is nothing to
    do). ``fetch()`` runs on a worker at background priority (its requests yield to the pull's
    pages); :meth:`drain`, called between pages, hands each finished result to ``store`` on the
    caller's thread, oldest first, and starts waiting jobs. At most ``limit`` jobs are started
    and not yet stored, so memory does not grow with the backlog. An exception of a fetch or a
    store is raised by the drain that reaches it.
    """

    def __init__(self, *, limit: int = 2, name: str = "background") -> None:
        self._limit = max(1, limit)
        self._pool = ThreadPoolExecutor(max_workers=self._limit, thread_name_prefix=name)
        self._backlog: deque[Job] = deque()
        self._started: deque[tuple[Future[Any], Callable[[Any], None]]] = deque()

    def __len__(self) -> int:
        return len(self._backlog) + len(self._started)

    def submit(self, job: Job) -> None:
        """Queue ``job``; it starts now if a worker is free."""
        self._backlog.append(job)
        self._top_up()

    def _top_up(self) -> None:
        while self._backlog and len(self._started) < self._limit:
            prepared = self._backlog.popleft()()
            if prepared is None:
                continue
            fetch, store = prepared
            self._started.append((self._pool.submit(_in_background, fetch), store))

    def drain(self, *, wait: bool = False) -> None:
        """Store what has been fetched (with ``wait``: every job, waiting for them)."""
        while True:
            while self._started and (wait or self._started[0][0].done()):
                future, store = self._started.popleft()
                result = future.result()
                self._top_up()  # the next fetch runs while this one is stored
                store(result)
            self._top_up()
            if not wait or not self._started:
                return

    def close(self) -> None:
        """Drop what was not stored and stop the workers (after the requests in flight)."""
        self._backlog.clear()
        for future, _ in self._started:
            future.cancel()
        self._started.clear()
        self._pool.shutdown(wait=True)


def _in_background(fetch: Callable[[], T]) -> T:
    with background_priority():
        return fetch()
