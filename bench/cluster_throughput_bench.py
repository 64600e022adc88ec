"""Throughput of N connections synced at once through a django-q2 cluster.

For each N (default 1, 2, 4, 8) it starts N sandbox companies (each its own process, company
``COMPANY-k``, the same seeded data, the sandbox's default latency), makes one connection per
company, starts a real ``qcluster`` process, queues the historical import of every connection
(``sync_start``, as the admin's button does) and waits until every run has finished. It prints
records read per second over all connections, API requests, the wall time from queueing to
the last run's end, and the peak RSS of the cluster's worker processes.

    python bench/cluster_throughput_bench.py [--connections 1,2,4,8] [--scale 1000]
        [--database-url postgres://...] [--redis-url redis://...] [--workers 2,8]

Settings are the product's defaults (client throttle, log level, ``Q_WORKERS``=2). Since two
workers run two syncs at a time, ``--workers`` measures the same N again with another worker
count (default ``2,8``: the default, then one worker per connection up to 8); each line says
which. Without ``--database-url`` it runs on a fresh SQLite file, without ``--redis-url`` on
django-q2's ORM broker, and it prints what it ran on. The database is flushed between runs
(use a database of its own) and the Redis database is emptied (use one of its own).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ACTIVE = ("queued", "running")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_sandbox(data_dir: str, port: int, company_id: str) -> None:
    """Child mode: one sandbox company on ``port`` until terminated."""
    sys.path.insert(0, str(ROOT))
    from integrations.sandbox.config import SandboxConfig
    from integrations.sandbox.server import SandboxServer

    server = SandboxServer(data_dir, port=port, config=SandboxConfig(company_id=company_id))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


def seed_template(cache: Path, scale: int) -> Path:
    """A seeded company database, made once per scale."""
    sys.path.insert(0, str(ROOT))
    from integrations.sandbox.seed import seed_company
    from integrations.sandbox.store import DB_NAME, Store

    directory = cache / f"cluster-scale-{scale}"
    if not (directory / DB_NAME).exists():
        directory.mkdir(parents=True, exist_ok=True)
        store = Store(directory)
        seed_company(store, scale=scale, seed=1)
        store.close()
    return directory / DB_NAME


def wait_answering(port: int, proc: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("a sandbox stopped while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/status", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("a sandbox did not start in time")


def group_peak_rss_mb(pgid: int) -> list[float]:
    """Peak RSS (VmHWM) of every live process of the process group, in MB."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            continue
    return peaks


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("django-q").setLevel(logging.WARNING)  # no line per enqueued task


def one_round(n: int, workers: int, sandboxes: list[tuple[int, str]], env: dict[str, str]):
    from django.core.management import call_command
    from django.db import connection as db

    from integrations.models import IntacctConnection, SyncRun
    from integrations.services import sync_start

    call_command("flush", "--noinput", verbosity=0)
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    conns = []
    for port, company in sandboxes[:n]:
        conn = IntacctConnection(
            name=f"bench {company}",
            endpoint_url=f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml",
            sender_id="demo_sender",
            sender_password="demo_sender_pw",  # noqa: S106 - the sandbox's published demo login
            company_id=company,
            user_id="ws_user",
            user_password="ws_user_pw",  # noqa: S106
        )
        conn.save()
        conns.append(conn)
    db.close()
    cluster_env = {**env, "Q_WORKERS": str(workers)}
    log = Path(env["VAR_DIR"]) / f"qcluster-{n}-{workers}.log"
    with log.open("ab") as out:
        cluster = subprocess.Popen(
            [*MANAGE, "qcluster"],
            env=cluster_env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        time.sleep(3)  # let the cluster start its workers before the clock starts
        started = time.monotonic()
        for conn in conns:
            sync_start(connection=conn, trigger="command", stage="historical")
        peaks: dict[int, float] = {}
        while True:
            time.sleep(0.5)
            for i, peak in enumerate(group_peak_rss_mb(cluster.pid)):
                peaks[i] = max(peaks.get(i, 0.0), peak)
            if cluster.poll() is not None:
                raise SystemExit(f"the cluster stopped; see {log}")
            runs = list(SyncRun.objects.values_list("status", "records_read", "api_requests"))
            db.close()
            if len(runs) >= n and not any(status in ACTIVE for status, _, _ in runs):
                break
        wall = time.monotonic() - started
        rss = sorted(group_peak_rss_mb(cluster.pid), reverse=True)
    finally:
        cluster.send_signal(signal.SIGTERM)  # the cluster stops its own workers
        try:
            cluster.wait(timeout=60)
        except subprocess.TimeoutExpired:
            cluster.kill()
            cluster.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(cluster.pid, signal.SIGKILL)  # anything it left behind
    failed = [s for s, _, _ in runs if s != "succeeded"]
    return {
        "records": sum(r for _, r, _ in runs),
        "requests": sum(q for _, _, q in runs),
        "wall": wall,
        "failed": len(failed),
        # The group: the cluster's guard, its monitor and pusher, and the workers.
        "worker_rss": rss[0] if rss else 0.0,
        "group_rss": sum(rss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", default="1,2,4,8")
    parser.add_argument("--scale", type=int, default=1000, help="invoices per company")
    parser.add_argument("--workers", default="2,8", help="Q_WORKERS series (2 = the default)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--cache", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--serve-sandbox", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sandbox:
        serve_sandbox(args.serve_sandbox[0], int(args.serve_sandbox[1]), args.serve_sandbox[2])
        return
    counts = [int(n) for n in args.connections.split(",")]
    series = [int(w) for w in args.workers.split(",")]
    template = seed_template(Path(args.cache), args.scale)

    from cryptography.fernet import Fernet

    tmp = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    env = {
        **os.environ,
        "DOTENV_DISABLED": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "bench-" + "x" * 40,
        "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "VAR_DIR": str(tmp),
    }
    for name in ("INTACCT_MAX_REQUESTS_PER_SECOND", "LOG_LEVEL", "Q_WORKERS", "REDIS_URL"):
        env.pop(name, None)  # the product's defaults, whatever this shell has
    env["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'db.sqlite3'}"
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url

    procs: list[subprocess.Popen] = []
    sandboxes: list[tuple[int, str]] = []
    try:
        for k in range(max(counts)):
            directory = tmp / f"sandbox-{k}"
            directory.mkdir()
            shutil.copyfile(template, directory / template.name)
            port = free_port()
            company = f"COMPANY-{k + 1}"
            serve = ["--serve-sandbox", str(directory), str(port), company]
            procs.append(
                subprocess.Popen(
                    [sys.executable, __file__, *serve],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            sandboxes.append((port, company))
        for (port, _), proc in zip(sandboxes, procs, strict=True):
            wait_answering(port, proc)
        env["INTACCT_ENDPOINT_ALLOWLIST"] = ",".join(f"http://127.0.0.1:{p}/" for p, _ in sandboxes)
        subprocess.run([*MANAGE, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        setup_django(env)
        from django.db import connection as db

        print(
            f"cluster throughput: historical import of {args.scale} invoices' company per "
            f"connection; database {db.vendor}, broker "
            f"{'Redis' if args.redis_url else 'ORM (django-q2 on the database)'}; "
            f"sandbox latency 0 ms (its default); client throttle and log level as shipped; "
            f"{os.cpu_count()} CPUs"
        )
        print(
            f"{'N':>3} {'workers':>7} {'records':>8} {'records/s':>9} {'requests':>8} "
            f"{'wall s':>7} {'worker RSS MB':>13} {'cluster RSS MB':>14} {'failed':>6}"
        )
        for workers in series:
            for n in counts:
                r = one_round(n, workers, sandboxes, env)
                note = "" if workers == 2 else "  (Q_WORKERS raised from the default 2)"
                print(
                    f"{n:>3} {workers:>7} {r['records']:>8} {r['records'] / r['wall']:>9.0f} "
                    f"{r['requests']:>8} {r['wall']:>7.1f} {r['worker_rss']:>13.0f} "
                    f"{r['group_rss']:>14.0f} {r['failed']:>6}{note}",
                    flush=True,
                )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
