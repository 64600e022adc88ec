"""A million invoices on PostgreSQL: the admin's lists and pages and the API's lists.

Seeds ``--invoices`` invoices straight into PostgreSQL with COPY (not through Intacct): two
lines each, a customer per fifty, a payment and its application per two invoices, a credit
memo per twenty (applied to an invoice), plus AP vendors and a bill per two invoices. Then
VACUUM ANALYZE, and for each page a staff user opens (every list with no filter, each filter
the list offers, searches, each sortable column both ways, a detail page) and each API list
(with its filters), prints the median and 95th percentile server time over ``--repeat`` runs
and the queries one request ran. The target is under 300 ms and at most 10 queries a page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/million_rows_bench.py [--invoices 1000000] [--repeat 5] [--reuse]

``--reuse`` keeps a database seeded by an earlier run (at the same size) and only measures.
"""

import argparse
import base64
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300
TARGET_QUERIES = 10


def configure(var: str) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is filled and kept).")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DOTENV_DISABLED": "1",
            "SECRET_KEY": "bench-" + "x" * 40,
            # Fixed, so that --reuse reads the connection an earlier run stored.
            "CREDENTIALS_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"b" * 32).decode(),
            "VAR_DIR": var,
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Copier:
    """COPY rows of one model: the given columns per row, every other column its default."""

    def __init__(self, model: Any, columns: Sequence[str]) -> None:
        from django.db import connection
        from django.utils import timezone

        self.model = model
        fields = list(model._meta.concrete_fields)
        template = []
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = timezone.now()
            else:
                value = field.get_db_prep_save(field.get_default(), connection)
            template.append(value)
        index = {f.attname: i for i, f in enumerate(fields)}
        self.positions = [index[c] for c in columns]
        self.template = template
        self.sql = (
            f"COPY {connection.ops.quote_name(model._meta.db_table)} "
            f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) FROM STDIN"
        )

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        from django.db import connection

        n = 0
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            for row in rows:
                values = list(self.template)
                for position, value in zip(self.positions, row, strict=True):
                    values[position] = value
                copy.write_row(values)
                n += 1
        return n


def copy_rows(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    return Copier(model, columns).write(rows)


def reset_sequences(*models: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))",
                [table],
            )


def seed(invoices: int) -> None:
    """The ledger, ids assigned here (1..n per table) so rows can point at each other."""
    from psycopg.types.json import Jsonb

    from ap.models import Bill, Vendor
    from ar.models import (
        CreditMemo,
        Customer,
        Invoice,
        InvoiceLine,
        Payment,
        PaymentApplication,
    )
    from integrations.models import CustomField, IntacctConnection, Subsidiary

    rng = random.Random(1)
    today = date.today()
    conn = IntacctConnection.objects.create(
        name="bench",
        company_id="DEMO-CO",
        user_id="ws_user",
        user_password="never-used-bench",  # noqa: S106 - the bench reads local rows only
        sender_id="demo_sender",
        sender_password="never-used-bench",  # noqa: S106
    )
    CustomField.objects.create(
        connection=conn,
        object_name="ARINVOICE",
        field_id="SALES_CHANNEL",
        label="Sales channel",
        datatype="ENUM",
        valid_values=["Direct", "Partner", "Online"],
        enabled=True,
    )
    entities = Subsidiary.objects.bulk_create(
        Subsidiary(connection=conn, intacct_recordno=n, location_id=e, name=e, currency="USD")
        for n, e in enumerate(("US", "UK", "CA"), 1)
    )
    ent = [e.pk for e in entities]
    c = conn.pk
    n_customers = invoices // 50 + 1
    copy_rows(
        Customer,
        ("id", "connection_id", "intacct_recordno", "intacct_id", "customer_id", "name",
         "created_in_entity_id", "currency"),
        (
            (n, c, n, f"C-{n:06d}", f"C-{n:06d}", f"Customer {n} {rng.choice(NAMES)}",
             ent[n % 3], "USD")
            for n in range(1, n_customers + 1)
        ),
    )  # fmt: skip
    states = ("Posted", "Partially Paid", "Paid", "Paid", "Paid")
    channels = [Jsonb({"SALES_CHANNEL": v}) for v in ("Direct", "Partner", "Online")]
    totals: list[Decimal] = [Decimal(0)] * (invoices + 1)
    days: list[date] = [today] * (invoices + 1)
    customer_of = [0] * (invoices + 1)

    def invoice_rows() -> Iterable[tuple[Any, ...]]:
        for n in range(1, invoices + 1):
            state = states[rng.randrange(5)]
            total = Decimal(rng.randint(1000, 900000)) / 100
            paid = total if state == "Paid" else (total / 2 if state == "Partially Paid" else 0)
            day = today - timedelta(days=rng.randint(0, 730))
            customer = n % n_customers + 1
            totals[n], days[n], customer_of[n] = total, day, customer
            yield (
                n, c, n, f"INV-{n:07d}", f"INV-{n:07d}", customer, f"C-{customer:06d}",
                ent[n % 3], day, day + timedelta(days=30), state, "USD", "USD",
                total, paid, total - paid, total, paid, total - paid, channels[n % 3],
            )  # fmt: skip

    copy_rows(
        Invoice,
        ("id", "connection_id", "intacct_recordno", "intacct_id", "number", "customer_id",
         "customer_intacct_id", "subsidiary_id", "invoice_date", "due_date", "state",
         "currency", "base_currency", "total_entered", "total_paid", "total_due",
         "trx_total_entered", "trx_total_paid", "trx_total_due", "custom_fields"),
        invoice_rows(),
    )  # fmt: skip
    copy_rows(
        InvoiceLine,
        ("id", "connection_id", "intacct_recordno", "invoice_id", "invoice_recordno", "line_no",
         "gl_account", "location_id", "amount", "trx_amount"),
        (
            (2 * n - 1 + k, c, 2 * n - 1 + k, n, n, k + 1, "4000", "US",
             totals[n] / 2, totals[n] / 2)
            for n in range(1, invoices + 1)
            for k in (0, 1)
        ),
    )  # fmt: skip
    n_memos = invoices // 20
    copy_rows(
        CreditMemo,
        ("id", "connection_id", "intacct_recordno", "number", "customer_id", "subsidiary_id",
         "adjustment_date", "state", "currency", "total_entered"),
        (
            (n, c, n, f"CM-{n:07d}", n % n_customers + 1, ent[n % 3],
             today - timedelta(days=n % 700), "Paid", "USD", Decimal("-10.00"))
            for n in range(1, n_memos + 1)
        ),
    )  # fmt: skip
    n_payments = invoices // 2
    copy_rows(
        Payment,
        ("id", "connection_id", "intacct_recordno", "number", "customer_id", "subsidiary_id",
         "received_date", "payment_date", "state", "method", "currency", "amount"),
        (
            (n, c, n, f"PMT-{n:07d}", customer_of[2 * n], ent[n % 3], days[2 * n],
             days[2 * n], "Complete", "EFT", "USD", totals[2 * n])
            for n in range(1, n_payments + 1)
        ),
    )  # fmt: skip

    def application_rows() -> Iterable[tuple[Any, ...]]:
        for n in range(1, n_payments + 1):
            yield (n, c, n, n, n, 2 * n, 2 * n, None, days[2 * n], totals[2 * n], None, "USD")
        for m in range(1, n_memos + 1):
            inv = 20 * m - 1
            no = n_payments + m
            yield (no, c, no, None, None, inv, inv, m, days[inv], None, Decimal("10.00"), "USD")

    copy_rows(
        PaymentApplication,
        ("id", "connection_id", "intacct_recordno", "payment_id", "payment_recordno",
         "invoice_id", "invoice_recordno", "credit_memo_id", "payment_date", "amount",
         "credit_amount", "currency"),
        application_rows(),
    )  # fmt: skip
    n_vendors = invoices // 50 + 1
    copy_rows(
        Vendor,
        ("id", "connection_id", "intacct_recordno", "intacct_id", "vendor_id", "name",
         "currency"),
        (
            (n, c, n, f"V-{n:06d}", f"V-{n:06d}", f"Vendor {n} {rng.choice(NAMES)}", "USD")
            for n in range(1, n_vendors + 1)
        ),
    )  # fmt: skip
    copy_rows(
        Bill,
        ("id", "connection_id", "intacct_recordno", "number", "vendor_id", "vendor_intacct_id",
         "subsidiary_id", "bill_date", "due_date", "state", "currency", "base_currency",
         "total_entered", "total_paid", "total_due", "trx_total_entered", "trx_total_paid",
         "trx_total_due"),
        (
            (n, c, n, f"BILL-{n:07d}", n % n_vendors + 1, f"V-{n % n_vendors + 1:06d}",
             ent[n % 3], days[2 * n], days[2 * n] + timedelta(days=30),
             "Posted" if n % 3 else "Paid", "USD", "USD", totals[2 * n],
             Decimal(0) if n % 3 else totals[2 * n], totals[2 * n] if n % 3 else Decimal(0),
             totals[2 * n], Decimal(0) if n % 3 else totals[2 * n],
             totals[2 * n] if n % 3 else Decimal(0))
            for n in range(1, n_payments + 1)
        ),
    )  # fmt: skip
    reset_sequences(Customer, Invoice, InvoiceLine, CreditMemo, Payment, PaymentApplication)
    reset_sequences(Vendor, Bill)


NAMES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def staff_client() -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from integrations.roles import ACCOUNTING_STAFF

    user, _ = get_user_model().objects.get_or_create(username="bench-clerk", is_staff=True)
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.force_login(user)
    return client


def admin_pages(client: Any, model: str, searches: Sequence[str]) -> list[tuple[str, str]]:
    """A list with no filter, with each filter's first choice, each search, each sortable
    column both ways (read from the page the admin renders)."""
    base = f"/admin/{model}/"
    name = model.split("/")[1]
    response = client.get(base)
    assert response.status_code == 200, (base, response.status_code)
    cl = response.context["cl"]
    pages = [(f"{name}", base)]
    for spec in cl.filter_specs:
        choices = [c for c in spec.choices(cl) if not c.get("selected")]
        if choices:
            pages.append((f"{name}, {spec.title}", base + choices[0]["query_string"]))
    for term in searches:
        pages.append((f"{name}, search {term!r}", f"{base}?q={term.replace(' ', '+')}"))
    for index, field in enumerate(cl.list_display):
        if cl.get_ordering_field(field) is not None:
            for sign in ("", "-"):
                pages.append((f"{name}, by {field} {sign or '+'}", f"{base}?o={sign}{index}"))
    obj = cl.result_list[0]
    pages.append((f"{name} page", f"{base}{obj.pk}/change/"))
    return pages


def api_pages() -> list[tuple[str, str]]:
    today = date.today()
    since = (today - timedelta(days=30)).isoformat()
    return [
        ("api invoices", "/api/v1/invoices/"),
        ("api invoices, state", "/api/v1/invoices/?state=Paid"),
        ("api invoices, due overdue", "/api/v1/invoices/?due=overdue"),
        ("api invoices, customer", "/api/v1/invoices/?customer=77"),
        ("api invoices, entity", "/api/v1/invoices/?entity=UK"),
        ("api invoices, due_after", f"/api/v1/invoices/?due_after={since}"),
        ("api invoices, by number", "/api/v1/invoices/?ordering=number"),
        ("api customers", "/api/v1/customers/"),
        ("api customers, by name", "/api/v1/customers/?ordering=name"),
        ("api payments", "/api/v1/payments/"),
        ("api payments, customer", "/api/v1/payments/?customer=77"),
        ("api credit memos", "/api/v1/credit-memos/"),
        ("api bills", "/api/v1/bills/"),
        ("api bills, state", "/api/v1/bills/?state=Posted"),
    ]


def measure(client: Any, label: str, url: str, repeat: int) -> tuple[float, float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    db_times = []
    queries = 0
    status = 0
    for _ in range(repeat + 1):  # the first run warms caches and is not counted
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        status, queries = response.status_code, len(ctx.captured_queries)
        db_times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    times = sorted(times[1:])
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, statistics.median(db_times[1:]), queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure an already seeded db")
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        configure(var)
        from django.test.utils import setup_test_environment

        from ar.models import Invoice

        if not (args.reuse and Invoice.objects.exists()):
            start = time.perf_counter()
            seed(args.invoices)
            seeded = time.perf_counter() - start
            analyze()
            print(
                f"seeded {args.invoices:,} invoices ({2 * args.invoices:,} lines), "
                f"{args.invoices // 2:,} payments, {args.invoices // 20:,} credit memos, "
                f"{args.invoices // 50 + 1:,} customers, {args.invoices // 2:,} bills in "
                f"{seeded:.0f} s; VACUUM ANALYZE took "
                f"{time.perf_counter() - start - seeded:.0f} s",
                flush=True,
            )
        setup_test_environment()
        client = staff_client()
        pages = [
            *admin_pages(client, "ar/invoice", ("INV-0000777", "Acme", "1234.56")),
            *admin_pages(client, "ar/customer", ("C-000077", "Globex")),
            *admin_pages(client, "ar/payment", ("PMT-0000777",)),
            *admin_pages(client, "ar/creditmemo", ("CM-0000777",)),
            *admin_pages(client, "ap/bill", ("BILL-0000777", "Hooli")),
            *api_pages(),
        ]
        print(f"{'page':52s} {'median':>8s} {'p95':>8s} {'db':>8s} {'queries':>8s}")
        slow = 0
        for label, url in pages:
            if args.only and args.only not in label:
                continue
            median, p95, db, queries, status = measure(client, label, url, args.repeat)
            over = p95 >= TARGET_MS or queries > TARGET_QUERIES or status != 200
            slow += over
            flag = "  <-- over" if over else ""
            print(
                f"{label[:52]:52s} {median:6.0f}ms {p95:6.0f}ms {db:6.0f}ms {queries:8d}"
                f"{'' if status == 200 else f'  HTTP {status}'}{flag}",
                flush=True,
            )
        print(f"{len(pages)} pages, {slow} over {TARGET_MS} ms or {TARGET_QUERIES} queries")


if __name__ == "__main__":
    main()
