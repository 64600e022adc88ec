"""Fixtures for the distributed tests: a private Redis server and two ``qcluster`` processes,
as two worker machines would run them, on the test's PostgreSQL database.

Every test here is marked ``distributed``. The default run deselects them (pyproject's
``-m 'not distributed'``); CI runs them in a stage of their own with ``-m distributed``. They
are never skipped: without redis-server, or on a database other than PostgreSQL, they fail.

* ``redis_url``: a private redis-server on a free port (one per session, emptied per test).
* ``redis_broker``: this test process enqueues through that Redis too (django-q2's ``Conf``).
* ``clusters``: ``clusters(count=2, **env)`` starts ``count`` qcluster processes named
  ``machine-a``, ``machine-b``, ... (``SYNC_WORKER_HOST``: each records its runs under its own
  machine name, so nothing can tell a dead run from its process id, as across machines), each
  in its own process group (:meth:`Cluster.kill` is a machine dying), waits until each has
  registered with Redis, and stops them at teardown.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.db import connection
from django_q.conf import Conf

from tests.sync.workers import start_group, wait_for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture(scope="session")
def _redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; the distributed tests need it")
    directory = tmp_path_factory.mktemp("redis")
    port = _free_port()
    with (directory / "redis.log").open("ab") as log:
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        server = subprocess.Popen(
            [binary, "--port", str(port), *options, "--dir", str(directory)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        wait_for(lambda: _answers(client), timeout=30, what="redis-server to answer")
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def redis_url(_redis_server: str) -> str:
    client = redis.Redis.from_url(_redis_server)
    client.flushall()
    client.close()
    return _redis_server


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.fail(
            "The distributed tests run on PostgreSQL (DATABASE_URL=postgres://...), "
            f"not on {connection.vendor}"
        )


@pytest.fixture
def redis_broker(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Tasks this process enqueues (``sync_start``, ``async_task``) go through the Redis."""
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_url)
    return redis_url


@dataclass
class Cluster:
    """One qcluster process (a worker machine) and everything it forked."""

    host: str
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the whole process group: the machine dies without a word."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=60)
        with contextlib.suppress(ProcessLookupError):  # workers a stopping cluster left behind
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _registered(url: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        return len(client.keys(f"{Conf.Q_STAT}:*"))
    finally:
        client.close()


@pytest.fixture
def clusters(
    postgresql: None, redis_broker: str, tmp_path: Path
) -> Iterator[Callable[..., list[Cluster]]]:
    started: list[Cluster] = []

    def _start(count: int = 2, **env: str) -> list[Cluster]:
        batch = []
        for letter in "abcdefgh"[:count]:
            host = f"machine-{letter}"
            log = tmp_path / f"qcluster-{host}.log"
            process = start_group(
                "qcluster",
                log=log,
                REDIS_URL=redis_broker,
                SYNC_WORKER_HOST=host,
                Q_POLL_SECONDS="0.2",
                **env,
            )
            batch.append(Cluster(host=host, process=process, log=log))
        started.extend(batch)
        wait_for(
            lambda: _registered(redis_broker) >= len(started),
            timeout=120,
            what=f"{len(started)} clusters to register with Redis",
        )
        return batch

    yield _start
    for cluster in started:
        cluster.stop()
