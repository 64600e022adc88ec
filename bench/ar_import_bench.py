"""AR import benchmark: initial + historical import of a sandbox company, in its own process.

Prints, per scale: wall time of the initial + historical import, records read per second,
API requests per 1,000 records read (document fetches counted separately), and the peak RSS
of the sync process. The sandbox runs in another process; the app uses a fresh SQLite file.

    python bench/ar_import_bench.py [--scales 20000,100000] [--cache DIR]

Seeded sandboxes are cached in --cache (default var/bench) so reruns skip seeding.
"""

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the sandbox stopped while starting")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit("the sandbox did not start in time")


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS in MB) of that process."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.monotonic() - start, usage.ru_maxrss / 1024


def bench(scale: int, cache: Path) -> None:
    data_dir = cache / f"sandbox-{scale}"
    port = free_port()
    t0 = time.monotonic()
    sandbox = subprocess.Popen(
        [*MANAGE, "intacct_sandbox", "--port", str(port), "--data-dir", str(data_dir),
         "--as-of", "2026-10-31",
         "--scale", str(scale), "--seed", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_port(port, sandbox, 3600)
        print(f"scale {scale}: sandbox ready in {time.monotonic() - t0:.0f} s", flush=True)
        with tempfile.TemporaryDirectory() as var:
            env = {
                **os.environ,
                "DOTENV_DISABLED": "1",
                "SECRET_KEY": "bench-" + "x" * 40,
                "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                "VAR_DIR": var,
                "INTACCT_ENDPOINT_ALLOWLIST": f"http://127.0.0.1:{port}/",
                "INTACCT_MAX_REQUESTS_PER_SECOND": "1000",
                "LOG_LEVEL": "WARNING",
            }
            subprocess.run([*MANAGE, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            subprocess.run(
                [*MANAGE, "intacct_connect", "--name", "bench", "--no-test",
                 "--endpoint", f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml",
                 "--sender-id", "demo_sender", "--sender-password", "demo_sender_pw",
                 "--company-id", "DEMO-CO", "--user-id", "ws_user",
                 "--user-password", "ws_user_pw"],
                env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            before = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/status"))
            code, wall, rss = run_measured(
                [*MANAGE, "intacct_sync", "--connection", "bench", "--stage", "initial"], env
            )
            after = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/status"))
            db = sqlite3.connect(Path(var) / "db.sqlite3")
            runs = db.execute(
                "SELECT stage, status, records_read, api_requests, counts FROM "
                "integrations_syncrun ORDER BY id"
            ).fetchall()
            db.close()
    finally:
        sandbox.terminate()
        sandbox.wait()
    read = sum(r[2] for r in runs)
    requests = sum(r[3] for r in runs)
    functions = {k: v - before["functions"].get(k, 0) for k, v in after["functions"].items()}
    documents = functions.get("retrievepdf", 0) + functions.get("get", 0)
    # The runs count document fetches apart (reads and the requests they took).
    doc_counts = [
        json.loads(r[4] or "{}").get(k, {})
        for r in runs
        for k in ("invoice_pdfs", "invoice_attachments")
    ]
    doc_read = sum(c.get("read", 0) for c in doc_counts)
    doc_requests = sum(c.get("requests", 0) for c in doc_counts)
    record_read, record_requests = read - doc_read, requests - doc_requests
    print(
        f"scale {scale}: exit {code}; runs {[(r[0], r[1]) for r in runs]}\n"
        f"  initial + historical import: {wall:.1f} s wall, {read:,} records read, "
        f"{read / wall:,.0f} records/s\n"
        f"  API requests: {requests:,} ({requests / max(read, 1) * 1000:.2f} per 1,000 records "
        f"read); document fetch functions: {documents:,}\n"
        f"  without documents: {record_requests:,} requests for {record_read:,} records "
        f"({record_requests / max(record_read, 1) * 1000:.2f} per 1,000); documents: "
        f"{doc_read:,} files in {doc_requests:,} requests\n"
        f"  peak RSS of the sync process: {rss:.0f} MB\n"
        f"  functions at the gateway: {functions}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="20000,100000")
    parser.add_argument("--cache", default=str(ROOT / "var" / "bench"))
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    for scale in [int(s) for s in args.scales.split(",") if s.strip()]:
        bench(scale, cache)


if __name__ == "__main__":
    main()
