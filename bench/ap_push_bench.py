"""AP write-back benchmark: push N bills made here, each with its payment, to a sandbox with
network latency.

It starts a sandbox (a small seeded company, ``--latency-ms`` per request), makes a fresh app
database with one connection, pulls the vendors, creates ``--bills`` approved bills (one line
each, spread over the vendors) and one payment per bill, then times, in its own process with
the product's settings,

    manage.py intacct_sync --connection bench --direction push \
        --objects bills_push,bill_payments_push

and prints the wall time, API requests, write functions sent and records per request, with
the checks: every bill and payment once in the sandbox, every local one with its RECORDNO.
Targets (issue 15, as for invoice write-back): 10,000 bills with their payments at 250 ms in
at most 60 s, at most one request per 25 records.

    python bench/ap_push_bench.py [--bills 10000] [--latency-ms 250]
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


def make_bills(count: int) -> None:
    """Run in its own process: ``count`` approved bills made here and a payment of each."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from datetime import date
    from decimal import Decimal

    from ap.models import (
        APPushSettings,
        Bill,
        BillEntry,
        BillPayment,
        BillStatus,
        PaymentApplication,
        Vendor,
    )
    from integrations.models import IntacctConnection, SyncState

    connection = IntacctConnection.objects.get(name="bench")
    connection.push_location_id = "US"
    connection.save()
    APPushSettings.objects.update_or_create(
        connection=connection, defaults={"bank_account_id": "BOA-OPS"}
    )
    vendors = list(
        Vendor.objects.filter(connection=connection, status="active").order_by("vendor_id")
    )
    amounts = [Decimal(f"{100 + n % 500}.25") for n in range(count)]
    bills = Bill.objects.bulk_create(
        [
            Bill(
                connection=connection,
                origin="app",
                app_status=BillStatus.PAID,
                vendor=vendors[n % len(vendors)],
                vendor_intacct_id=vendors[n % len(vendors)].vendor_id,
                number=f"BB-{n:06d}",
                bill_date=date(2026, 11, 2),
                due_date=date(2026, 12, 2),
                approved_on=date(2026, 11, 3),
                total_entered=amounts[n],
                sync_state=SyncState.PENDING_PUSH,
                push_version=1,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    BillEntry.objects.bulk_create(
        [BillEntry(bill=bill, line_no=1, gl_account="6000", amount=amounts[n], memo="Services")
         for n, bill in enumerate(bills)],
        batch_size=2000,
    )  # fmt: skip
    payments = BillPayment.objects.bulk_create(
        [
            BillPayment(
                connection=connection,
                origin="app",
                vendor=bill.vendor,
                vendor_intacct_id=bill.vendor_intacct_id,
                submitted_on=date(2026, 11, 5),
                reference_code=f"BP-{n:06d}",
                total_entered=amounts[n],
                sync_state=SyncState.PENDING_PUSH,
                push_version=1,
            )
            for n, bill in enumerate(bills)
        ],
        batch_size=1000,
    )
    PaymentApplication.objects.bulk_create(
        [PaymentApplication(payment=p, bill=b, amount=amounts[n])
         for n, (p, b) in enumerate(zip(payments, bills, strict=True))],
        batch_size=2000,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bills", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=250)
    parser.add_argument("--make-bills", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_bills is not None:
        make_bills(args.make_bills)
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
                 "--objects", "vendors"],
                env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            subprocess.run(
                [sys.executable, __file__, "--make-bills", str(args.bills)],
                env=env, cwd=ROOT, check=True,
            )  # fmt: skip
            before = status(port)
            code, wall, rss, cpu = run_measured(
                [
                    *MANAGE,
                    "intacct_sync",
                    "--connection",
                    "bench",
                    "--direction",
                    "push",
                    "--objects",
                    "bills_push,bill_payments_push",
                ],
                env,
            )
            after = status(port)
            db = sqlite3.connect(app / "db.sqlite3")
            (requests, counts) = db.execute(
                "SELECT api_requests, counts FROM integrations_syncrun ORDER BY id DESC LIMIT 1"
            ).fetchone()
            pushed, without_key = db.execute(
                "SELECT COUNT(*), SUM(intacct_recordno IS NULL) FROM (SELECT intacct_recordno "
                "FROM ap_bill WHERE origin = 'app' UNION ALL SELECT intacct_recordno "
                "FROM ap_billpayment WHERE origin = 'app')"
            ).fetchone()
            db.close()
            gateway = sqlite3.connect(f"file:{data_dir / 'sandbox.sqlite3'}?mode=ro", uri=True)
            numbers, twice = gateway.execute(
                "SELECT COUNT(*), SUM(n > 1) FROM (SELECT COUNT(*) AS n FROM apbill "
                "WHERE RECORDID LIKE 'BB-%' GROUP BY RECORDID UNION ALL SELECT COUNT(*) "
                "FROM appymt WHERE DESCRIPTION LIKE 'BP-%' GROUP BY DESCRIPTION)"
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
    writes = functions.get("create", 0)
    http = after["requests"] - before["requests"]
    records = 2 * args.bills
    print(
        f"{args.bills:,} bills and their payments at --latency-ms {args.latency_ms}: "
        f"{wall:.1f} s wall "
        f"({cpu:.1f} s CPU, peak RSS {rss:.0f} MB), exit {code}\n"
        f"  {requests} API requests in the run ({http} at the gateway, sign-in included); "
        f"{writes:,} write functions = {writes / max(requests, 1):.1f} functions per request, "
        f"{records / max(requests, 1):.1f} records per request\n"
        f"  gateway functions {functions}\n"
        f"  run counts {json.loads(counts or '{}')}\n"
        f"  local: {pushed:,} bills and payments, {without_key or 0} without a RECORDNO; "
        f"sandbox: {numbers:,} business keys, {twice or 0} of them more than once\n"
        f"  targets: <= 60 s {'met' if wall <= 60 else 'MISSED'}; <= 1 request per 25 "
        f"records {'met' if requests * 25 <= records else 'MISSED'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
