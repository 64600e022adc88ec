"""pytest fixtures that run the Intacct sandbox on a free port with a temporary data dir.

* ``sandbox_server`` (session): one shared server seeded with ``--scale 300 --seed 7``, for
  read-only tests. Do not write to it or change its faults/config.
* ``sandbox`` (function): a fresh server with its own copy of that seeded company, for tests
  that write, inject faults or change configuration.
* ``make_sandbox(scale=..., seed=..., empty=False, **config)``: a factory for custom servers
  (``config`` = SandboxConfig fields such as ``latency_ms``, ``max_concurrency``,
  ``session_timeout_minutes``, ``uniqueid_mode``, ``timeout_hold_seconds``, plus ``faults`` as a
  ``"name=p,..."`` spec or a dict like the control endpoint takes).

Each yields an :class:`integrations.sandbox.handle.SandboxHandle`. Every seeded company is
pinned to ``PINNED_AS_OF`` (its history ends that day) so the tests stay deterministic.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from integrations.sandbox.config import SandboxConfig, parse_fault_json, parse_fault_spec
from integrations.sandbox.handle import SandboxHandle
from integrations.sandbox.seed import seed_company
from integrations.sandbox.seed.context import PINNED_AS_OF
from integrations.sandbox.server import SandboxServer
from integrations.sandbox.store import DB_NAME, Store

DEFAULT_SCALE = 300
DEFAULT_SEED = 7


def _start(data_dir: Path, scale: int, seed: int, empty: bool, **config: Any) -> SandboxHandle:
    faults = config.pop("faults", None)
    settings = SandboxConfig(**config)
    if isinstance(faults, str):
        settings.set_faults(parse_fault_spec(faults))
    elif faults:
        settings.set_faults(parse_fault_json(faults))
    server = SandboxServer(
        data_dir, port=0, scale=scale, seed=seed, empty=empty, config=settings, as_of=PINNED_AS_OF
    )
    return SandboxHandle(server.start())


@pytest.fixture(scope="session")
def sandbox_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded company database file that per-test sandboxes copy."""
    directory = tmp_path_factory.mktemp("sandbox-template")
    store = Store(directory)
    seed_company(store, scale=DEFAULT_SCALE, seed=DEFAULT_SEED, as_of=PINNED_AS_OF)
    store.close()
    return directory / DB_NAME


@pytest.fixture(scope="session")
def sandbox_server(
    tmp_path_factory: pytest.TempPathFactory, sandbox_template: Path
) -> Iterator[SandboxHandle]:
    """A shared, read-only sandbox (scale 300, seed 7)."""
    directory = tmp_path_factory.mktemp("sandbox-shared")
    shutil.copyfile(sandbox_template, directory / DB_NAME)
    handle = _start(directory, DEFAULT_SCALE, DEFAULT_SEED, False)
    yield handle
    handle.stop()


@pytest.fixture
def sandbox(tmp_path: Path, sandbox_template: Path) -> Iterator[SandboxHandle]:
    """A fresh sandbox with its own copy of the seeded company."""
    directory = tmp_path / "sandbox"
    directory.mkdir()
    shutil.copyfile(sandbox_template, directory / DB_NAME)
    handle = _start(directory, DEFAULT_SCALE, DEFAULT_SEED, False)
    yield handle
    handle.stop()


@pytest.fixture
def make_sandbox(tmp_path: Path) -> Iterator[Callable[..., SandboxHandle]]:
    """Factory for sandboxes with a custom size or configuration; all stop at teardown."""
    started: list[SandboxHandle] = []

    def factory(
        scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED, empty: bool = False, **config: Any
    ) -> SandboxHandle:
        directory = tmp_path / f"sandbox-{len(started)}"
        directory.mkdir()
        handle = _start(directory, scale, seed, empty, **config)
        started.append(handle)
        return handle

    yield factory
    for handle in started:
        handle.stop()
