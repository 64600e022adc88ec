"""Start management commands as real subprocesses on the test database."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database the tests are using (the test database, not the real one)."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "localhost"
    return f"postgres://{auth}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    env.update(
        DOTENV_DISABLED="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=settings.SECRET_KEY,
        CREDENTIALS_ENCRYPTION_KEY=",".join(settings.CREDENTIALS_ENCRYPTION_KEYS),
        DATABASE_URL=database_url(),
        VAR_DIR=str(settings.VAR_DIR),
        INTACCT_ENDPOINT_ALLOWLIST=",".join(settings.INTACCT_ENDPOINT_ALLOWLIST),
        INTACCT_RETRY_BASE_DELAY_SECONDS="0.05",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


_OUTPUT: dict[int, IO[bytes]] = {}


def start(*args: str, **env: str) -> subprocess.Popen:
    """Start ``manage.py *args``; its output goes to a temporary file that :func:`stop` reads.

    Not a pipe: a child that logs more than a pipe holds (retries on a loaded machine) would
    block on its next write while nobody reads, and look hung.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=child_env(**env),
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    _OUTPUT[proc.pid] = output
    return proc


def start_group(*args: str, log: Path, **env: str) -> subprocess.Popen:
    """Like :func:`start`, in a process group of its own (so that the command and everything it
    forks can be killed at once, as a machine dies), its output going to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=child_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; fail with ``what`` on time-out.

    This bounds how long a test waits for a subprocess; it is not a performance assertion.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Gave up waiting for {what} after {timeout:.0f}s")


def wait_while_progressing(predicate, *, progress, stalled_after: float, interval: float = 0.5):
    """Poll ``predicate`` until it returns a truthy value, for as long as ``progress()`` keeps
    changing: fail only when it has not changed for ``stalled_after`` seconds.

    For waits on work whose length depends on the machine's load (a whole import on a busy CI
    box): a slow machine is given the time it needs, a hung worker still fails the test.
    """
    last = progress()
    stalled_since = time.monotonic()
    while True:
        value = predicate()
        if value:
            return value
        now = progress()
        if now != last:
            last, stalled_since = now, time.monotonic()
        elif time.monotonic() - stalled_since > stalled_after:
            raise AssertionError(f"No progress for {stalled_after:.0f}s; last state: {last!r}")
        time.sleep(interval)


def output_so_far(proc: subprocess.Popen) -> str:
    """What a process started by :func:`start` has written until now."""
    output = _OUTPUT.get(proc.pid)
    if output is None:
        return ""
    output.seek(0)
    return output.read().decode(errors="replace")


def wait_for_output(proc: subprocess.Popen, text: str, timeout: float = 120) -> None:
    """Wait until ``text`` appears in the process's output; fail if it exits or never does."""
    deadline = time.monotonic() + timeout
    while text not in output_so_far(proc):
        if proc.poll() is not None:
            raise AssertionError(f"exited ({proc.returncode}): {output_so_far(proc)[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} within {timeout}s: {output_so_far(proc)[-2000:]}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    output = _OUTPUT.pop(proc.pid, None)
    if output is None:
        return ""
    with output:
        output.seek(0)
        return output.read().decode(errors="replace")
