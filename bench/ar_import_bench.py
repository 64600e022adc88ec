"""AR onboarding benchmark: the whole onboarding against its floor, per company size.

For each scale (AR invoices in a seeded sandbox company) it prints:

- the onboarding: ``intacct_sync --stage initial`` (the historical import runs after it in the
  same process), in its own process, with the product's default settings (throttle, log level);
- the floor: the same query pages (same objects, fields, filters, page sizes and key chunks)
  fetched one after another through the project's client, with no database writes and no
  invoice documents, in its own process with the same settings;
- their ratio, records read per second, API requests per 1,000 records, and each process's
  peak RSS.

The default client throttle (``INTACCT_MAX_REQUESTS_PER_SECOND``, 10 requests a second per
company) bounds both runs from below by their request count. With ``--rates`` the same pair is
also measured with that one setting raised (default: 1000), which shows what the engine itself
costs; those lines say so.

    python bench/ar_import_bench.py [--scales 20000,100000] [--rates 1000] [--cache DIR]

Seeded sandboxes are cached in --cache (default var/bench) so reruns skip seeding. The sandbox
runs in another process; each measured process gets a fresh SQLite file.
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

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
DEFAULT_RATE = "the default"
# The floor process reads the steps it plans from here (all registered steps when unset).
OBJECTS_ENV = "BENCH_OBJECTS"


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


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float, float]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS in MB, CPU seconds) of that
    process."""
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - start
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024, cpu


def gateway_functions(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/status") as answer:
        return dict(json.load(answer)["functions"])


def prepare(var: Path, port: int, rate: str | None) -> dict[str, str]:
    """A fresh app database with one connection to the sandbox; the environment to use it."""
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DOTENV_DISABLED": "1",
        "SECRET_KEY": "bench-" + "x" * 40,
        "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "VAR_DIR": str(var),
        "INTACCT_ENDPOINT_ALLOWLIST": f"http://127.0.0.1:{port}/",
    }
    for name in ("INTACCT_MAX_REQUESTS_PER_SECOND", "LOG_LEVEL", "DATABASE_URL"):
        env.pop(name, None)  # the product's defaults, whatever this shell has
    if rate is not None:
        env["INTACCT_MAX_REQUESTS_PER_SECOND"] = rate
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*MANAGE, "intacct_connect", "--name", "bench", "--no-test",
         "--endpoint", f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml",
         "--sender-id", "demo_sender", "--company-id", "DEMO-CO", "--user-id", "ws_user"],
        env={**env, "INTACCT_SENDER_PASSWORD": "demo_sender_pw",
             "INTACCT_USER_PASSWORD": "ws_user_pw"},
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return env


def onboarding(port: int, rate: str | None, objects: list[str] | None = None) -> dict:
    """The onboarding of every registered step, or of the ``objects`` steps only."""
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        env = prepare(var, port, rate)
        before = gateway_functions(port)
        only = ["--objects", ",".join(objects)] if objects else []
        code, wall, rss, cpu = run_measured(
            [*MANAGE, "intacct_sync", "--connection", "bench", "--stage", "initial", *only], env
        )
        after = gateway_functions(port)
        db = sqlite3.connect(var / "db.sqlite3")
        runs = db.execute(
            "SELECT stage, status, records_read, api_requests, counts, "
            "(julianday(finished_at) - julianday(started_at)) * 86400 FROM "
            "integrations_syncrun ORDER BY id"
        ).fetchall()
        db.close()
    read = sum(r[2] for r in runs)
    requests = sum(r[3] for r in runs)
    # The runs count document fetches apart (files read and the requests they took).
    doc_counts = [
        json.loads(r[4] or "{}").get(k, {})
        for r in runs
        for k in ("invoice_pdfs", "invoice_attachments")
    ]
    doc_read = sum(c.get("read", 0) for c in doc_counts)
    doc_requests = sum(c.get("requests", 0) for c in doc_counts)
    return {
        "code": code,
        "wall": wall,
        "rss": rss,
        "cpu": cpu,
        "runs": [(r[0], r[1], f"{r[5] or 0:.1f} s") for r in runs],
        "records": read - doc_read,
        "requests": requests,
        "data_requests": requests - doc_requests,
        "doc_files": doc_read,
        "doc_requests": doc_requests,
        "functions": {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)},
    }


def floor(port: int, rate: str | None, objects: list[str] | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        env = prepare(var, port, rate)
        if objects:
            env[OBJECTS_ENV] = ",".join(objects)
        out = var / "floor.json"
        before = gateway_functions(port)
        code, wall, rss, cpu = run_measured(
            [sys.executable, __file__, "--floor-fetch", str(out)], env
        )
        after = gateway_functions(port)
        figures = json.loads(out.read_text()) if out.exists() else {}
    figures.update(
        code=code,
        wall=wall,
        rss=rss,
        cpu=cpu,
        functions={k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)},
    )
    return figures


def floor_fetch(out: Path) -> None:
    """The floor, run in its own process: the onboarding's query pages, no writes, no documents.

    Pages are planned by the engine's own page sources (``integrations.sync.pull.pages``) with
    each step's select list, stage filter and page size: the steps of the initial stage, then
    those of the historical one; a step that takes its parent's keys gets the keys of the
    records this process fetched; a stage declared ``since_last_pass`` reads only what changed
    since the initial pass (less the overlap window). Pages are read one after another.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from types import SimpleNamespace

    from django.conf import settings

    from integrations.models import IntacctConnection, ObjectFilter
    from integrations.sync.clients import client_for
    from integrations.sync.context import overlap_window
    from integrations.sync.filters import pull_filter
    from integrations.sync.pull.customs import chosen_custom_fields
    from integrations.sync.pull.pages import record_keys, select_list, stage_pages
    from integrations.sync.registry import registry
    from integrations.sync.steps import PullStep
    from integrations.sync.timestamps import parse_timestamp

    connection = IntacctConnection.objects.get(name="bench")
    client = client_for(connection)
    only = [n for n in os.environ.get(OBJECTS_ENV, "").split(",") if n] or None
    records = pages = 0
    last_modified: dict[str, str] = {}  # step -> WHENMODIFIED of its initial pass's last row
    try:
        for stage in ("initial", "historical"):
            # What the page sources read of a run: its client, stage, page size, parents' keys.
            ctx = SimpleNamespace(
                client=client,
                connection=connection,
                stage=stage,
                page_size=settings.SYNC_PAGE_SIZE,
                pulled={},
                run=SimpleNamespace(trigger="command", parameters={}),
            )
            steps = [s for s in registry.plan(only, stage=stage) if isinstance(s, PullStep)]
            for step in steps:
                spec = step.spec(stage)
                if spec is not None and spec.parent is not None:
                    ctx.pulled.setdefault(spec.parent.step, [])
            for step in steps:
                spec = step.spec(stage)
                since = None
                if spec is not None and spec.since_last_pass and step.name in last_modified:
                    since = parse_timestamp(last_modified[step.name]) - overlap_window()
                consultant = list(
                    ObjectFilter.objects.filter(connection=connection, step=step.name)
                )
                flt = pull_filter(step, stage=stage, consultant_filters=consultant)
                fields = select_list(step, chosen_custom_fields(connection, step))
                for page in stage_pages(ctx, step, fields, flt, since=since):  # type: ignore[arg-type]
                    pages += 1
                    records += len(page.records)
                    if step.name in ctx.pulled:
                        ctx.pulled[step.name].extend(record_keys(page.records))
                    if stage == "initial" and page.records:
                        last_modified[step.name] = page.records[-1].text("WHENMODIFIED")
    finally:
        client.close()
    out.write_text(
        json.dumps({"records": records, "pages": pages, "requests": client.stats.requests})
    )


def report(scale: int, label: str, run: dict, base: dict) -> None:
    ratio = run["wall"] / base["wall"] if base.get("wall") else float("nan")
    records = run["records"]
    print(
        f"scale {scale} ({label}):\n"
        f"  onboarding: {run['wall']:.1f} s wall ({run['cpu']:.1f} s CPU in the sync process), "
        f"exit {run['code']}, runs {run['runs']}\n"
        f"    {records:,} records read, {records / run['wall']:,.0f} records/s; "
        f"{run['requests']:,} API requests = {run['requests'] / max(records, 1) * 1000:.2f} per "
        f"1,000 records ({run['data_requests']:,} for records = "
        f"{run['data_requests'] / max(records, 1) * 1000:.2f} per 1,000; "
        f"{run['doc_requests']:,} for {run['doc_files']:,} invoice documents)\n"
        f"    peak RSS {run['rss']:.0f} MB; gateway functions {run['functions']}\n"
        f"  floor: {base['wall']:.1f} s wall ({base['cpu']:.1f} s CPU), exit {base['code']}: "
        f"{base.get('records', 0):,} "
        f"records in {base.get('pages', 0)} pages, {base.get('requests', 0)} requests, "
        f"{base.get('records', 0) / base['wall']:,.0f} records/s, peak RSS {base['rss']:.0f} MB; "
        f"gateway functions {base['functions']}\n"
        f"  onboarding / floor: {ratio:.2f}",
        flush=True,
    )
    if base.get("records") != records:
        print(
            f"  NOTE: the floor read {base.get('records')} records, the onboarding {records}",
            flush=True,
        )


def bench(scale: int, cache: Path, rates: list[str], objects: list[str] | None = None) -> None:
    data_dir = cache / f"sandbox-{scale}"
    port = free_port()
    t0 = time.monotonic()
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "integrations.sandbox", "--port", str(port),
         "--data-dir", str(data_dir), "--scale", str(scale), "--seed", "1",
         "--as-of", "2026-10-31"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_port(port, sandbox, 3600)
        print(f"scale {scale}: sandbox ready in {time.monotonic() - t0:.0f} s", flush=True)
        for rate in [None, *rates]:
            label = (
                "product defaults"
                if rate is None
                else f"INTACCT_MAX_REQUESTS_PER_SECOND={rate} instead of the default 10, "
                "to show the engine's own cost apart from the client throttle"
            )
            run = onboarding(port, rate, objects)
            base = floor(port, rate, objects)
            report(scale, label, run, base)
    finally:
        sandbox.terminate()
        sandbox.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="20000,100000")
    parser.add_argument(
        "--rates",
        default="1000",
        help="also measure with INTACCT_MAX_REQUESTS_PER_SECOND at these values ('' for none)",
    )
    parser.add_argument("--cache", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--floor-fetch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_fetch:
        floor_fetch(Path(args.floor_fetch))
        return
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    rates = [r.strip() for r in args.rates.split(",") if r.strip()]
    for scale in [int(s) for s in args.scales.split(",") if s.strip()]:
        bench(scale, cache, rates)


if __name__ == "__main__":
    main()
