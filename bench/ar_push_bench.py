"""AR write-back benchmark: push N app-made invoices to a sandbox with network latency.

It starts a sandbox (a small seeded company, ``--latency-ms`` per request), makes a fresh app
database with one connection, pulls the customers, creates ``--invoices`` issued invoices
(two lines each, spread over the customers), then times, in its own process with the
product's settings,

    manage.py intacct_sync --connection bench --direction push

and prints the wall time, API requests, write functions sent, functions per request and
invoices per request, with the checks: every invoice once in the sandbox, every local one
with its RECORDNO. Targets (issue 12): 10,000 invoices at 250 ms in at most 60 s, at most one
request per 25 invoices.

    python bench/ar_push_bench.py [--invoices 10000] [--latency-ms 250]
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ar_import_bench import MANAGE, ROOT, free_port, prepare, run_measured, wait_port


def status(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/status") as answer:
        return dict(json.load(answer))


def make_invoices(count: int) -> None:
    """Run in its own process: ``count`` issued app invoices, queued for the push."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from datetime import date
    from decimal import Decimal

    from ar.models import AppState, Customer, Invoice, InvoiceEntry, Origin
    from integrations.models import IntacctConnection, SyncState

    connection = IntacctConnection.objects.get(name="bench")
    connection.ar_gl_account = "4000"
    connection.push_location_id = "US"
    connection.push_department_id = "D100"
    connection.save()
    customers = list(
        Customer.objects.filter(connection=connection, status="active").order_by("customer_id")
    )
    invoices = Invoice.objects.bulk_create(
        [
            Invoice(
                connection=connection,
                origin=Origin.APP,
                app_state=AppState.ISSUED,
                customer=customers[n % len(customers)],
                number=f"PB-{n:06d}",
                invoice_date=date(2026, 11, 2),
                due_date=date(2026, 12, 2),
                sync_state=SyncState.PENDING_PUSH,
                push_version=1,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    InvoiceEntry.objects.bulk_create(
        [
            InvoiceEntry(
                invoice=inv,
                line_no=line,
                amount=Decimal(f"{10 + n % 500}.{line * 25:02d}"),
                memo=f"Service {line}",
                gl_account="4100" if line == 2 else "",
            )
            for n, inv in enumerate(invoices)
            for line in (1, 2)
        ],
        batch_size=2000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=250)
    parser.add_argument("--make-invoices", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_invoices is not None:
        make_invoices(args.make_invoices)
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        data_dir = var / "sandbox"
        sandbox = subprocess.Popen(
            [sys.executable, "-m", "integrations.sandbox", "--port", str(port),
             "--data-dir", str(data_dir), "--scale", "200", "--seed", "1",
             "--as-of", "2026-10-31", "--latency-ms", str(args.latency_ms)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_port(port, sandbox, 600)
            app = var / "app"
            app.mkdir()
            env = prepare(app, port, None)
            subprocess.run(
                [*MANAGE, "intacct_sync", "--connection", "bench", "--stage", "historical",
                 "--objects", "customers"],
                env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            subprocess.run(
                [sys.executable, __file__, "--make-invoices", str(args.invoices)],
                env=env, cwd=ROOT, check=True,
            )  # fmt: skip
            before = status(port)
            code, wall, rss, cpu = run_measured(
                [*MANAGE, "intacct_sync", "--connection", "bench", "--direction", "push"], env
            )
            after = status(port)
            db = sqlite3.connect(app / "db.sqlite3")
            (requests, counts) = db.execute(
                "SELECT api_requests, counts FROM integrations_syncrun ORDER BY id DESC LIMIT 1"
            ).fetchone()
            pushed, without_key = db.execute(
                "SELECT COUNT(*), SUM(intacct_recordno IS NULL) FROM ar_invoice "
                "WHERE origin = 'app'"
            ).fetchone()
            db.close()
            gateway = sqlite3.connect(f"file:{data_dir / 'sandbox.sqlite3'}?mode=ro", uri=True)
            numbers, twice = gateway.execute(
                "SELECT COUNT(*), SUM(n > 1) FROM (SELECT COUNT(*) AS n FROM arinvoice "
                "WHERE RECORDID LIKE 'PB-%' GROUP BY RECORDID)"
            ).fetchone()
            gateway.close()
        finally:
            sandbox.terminate()
            sandbox.wait()
    functions = {
        k: v - before["functions"].get(k, 0)
        for k, v in after["functions"].items()
        if v != before["functions"].get(k, 0)
    }
    writes = functions.get("create_invoice", 0) + functions.get("create", 0)
    http = after["requests"] - before["requests"]
    print(
        f"{args.invoices:,} invoices at --latency-ms {args.latency_ms}: {wall:.1f} s wall "
        f"({cpu:.1f} s CPU, peak RSS {rss:.0f} MB), exit {code}\n"
        f"  {requests} API requests in the run ({http} at the gateway, sign-in included); "
        f"{writes:,} write functions = {writes / max(requests, 1):.1f} functions per request, "
        f"{args.invoices / max(requests, 1):.1f} invoices per request\n"
        f"  gateway functions {functions}\n"
        f"  run counts {json.loads(counts or '{}').get('invoices_push')}\n"
        f"  local: {pushed:,} app invoices, {without_key or 0} without a RECORDNO; sandbox: "
        f"{numbers:,} invoice numbers, {twice or 0} of them more than once\n"
        f"  targets: <= 60 s {'met' if wall <= 60 else 'MISSED'}; <= 1 request per 25 "
        f"invoices {'met' if requests * 25 <= args.invoices else 'MISSED'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
