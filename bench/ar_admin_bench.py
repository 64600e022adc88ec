"""AR admin benchmark: list and invoice pages over a large local AR ledger.

Fills a fresh SQLite database with ``--invoices`` invoices (one payment application per
two invoices, a credit memo per twenty, a customer per fifty, a custom-field value on each)
and prints, for each page an accounting clerk opens, the server time of one request and the
queries it ran. Query counts must not grow with the ledger; times show what SQLite costs.

    python bench/ar_admin_bench.py [--invoices 100000] [--repeat 3]
"""

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000


def configure(var: str) -> None:
    from cryptography.fernet import Fernet

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DOTENV_DISABLED": "1",
            "SECRET_KEY": "bench-" + "x" * 40,
            "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "VAR_DIR": var,
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(invoices: int) -> dict[str, int]:
    """The ledger; returns primary keys the pages open."""
    from ar.models import CreditMemo, Customer, Invoice, Payment, PaymentApplication
    from integrations.models import CustomField, IntacctConnection, Subsidiary

    rng = random.Random(1)
    today = date.today()
    conn = IntacctConnection.objects.create(
        name="bench",
        company_id="DEMO-CO",
        user_id="ws_user",
        # Never used: the benchmark reads local rows only.
        user_password=secrets.token_urlsafe(),
        sender_id="demo_sender",
        sender_password=secrets.token_urlsafe(),
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
    customers = Customer.objects.bulk_create(
        (
            Customer(
                connection=conn,
                intacct_recordno=n,
                customer_id=f"C-{n:06d}",
                name=f"Customer {n}",
                created_in_entity=entities[n % 3],
            )
            for n in range(1, invoices // 50 + 2)
        ),
        batch_size=BATCH,
    )
    states = ("Posted", "Partially Paid", "Paid", "Paid", "Paid")
    rows = []
    for n in range(1, invoices + 1):
        state = rng.choice(states)
        total = Decimal(rng.randint(1000, 900000)) / 100
        paid = total if state == "Paid" else (total / 2 if state == "Partially Paid" else 0)
        day = today - timedelta(days=rng.randint(0, 730))
        rows.append(
            Invoice(
                connection=conn,
                intacct_recordno=n,
                number=f"INV-{n:07d}",
                customer=customers[n % len(customers)],
                subsidiary=entities[n % 3],
                invoice_date=day,
                due_date=day + timedelta(days=30),
                state=state,
                currency="USD",
                total_entered=total,
                total_paid=paid,
                total_due=total - paid,
                trx_total_entered=total,
                trx_total_paid=paid,
                trx_total_due=total - paid,
                custom_fields={"SALES_CHANNEL": rng.choice(("Direct", "Partner", "Online"))},
            )
        )
    created = Invoice.objects.bulk_create(rows, batch_size=BATCH)
    memos = CreditMemo.objects.bulk_create(
        (
            CreditMemo(
                connection=conn,
                intacct_recordno=n,
                number=f"CM-{n:06d}",
                customer=customers[n % len(customers)],
                adjustment_date=today - timedelta(days=n % 700),
                state="Paid",
                total_entered=Decimal("-10.00"),
            )
            for n in range(1, invoices // 20 + 1)
        ),
        batch_size=BATCH,
    )
    payments = Payment.objects.bulk_create(
        (
            Payment(
                connection=conn,
                intacct_recordno=n,
                number=f"PMT-{n:07d}",
                customer=created[2 * n - 1].customer,
                received_date=created[2 * n - 1].invoice_date,
                state="Complete",
                total_entered=created[2 * n - 1].total_paid,
            )
            for n in range(1, invoices // 2 + 1)
        ),
        batch_size=BATCH,
    )
    PaymentApplication.objects.bulk_create(
        (
            PaymentApplication(
                connection=conn,
                intacct_recordno=n,
                payment=p,
                invoice=created[2 * n - 1],
                credit_memo=memos[n % len(memos)] if n % 10 == 0 else None,
                amount=p.total_entered,
            )
            for n, p in enumerate(payments, 1)
        ),
        batch_size=BATCH,
    )
    return {"invoice": created[1].pk, "customer": customers[0].pk}


def measure(repeat: int, keys: dict[str, int]) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from integrations.roles import ACCOUNTING_STAFF

    setup_test_environment()
    user = get_user_model().objects.create_user("clerk", is_staff=True)
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    client = Client()
    client.force_login(user)
    pages = [
        ("invoices", "/admin/ar/invoice/"),
        ("invoices, overdue", "/admin/ar/invoice/?due=overdue"),
        ("invoices, aged 31-60", "/admin/ar/invoice/?aging=31-60"),
        ("invoices, custom field", "/admin/ar/invoice/?cf_SALES_CHANNEL=Partner"),
        ("invoices, by balance", "/admin/ar/invoice/?o=-9"),
        ("invoices, search amount", "/admin/ar/invoice/?q=1234.56"),
        ("invoices, search customer", "/admin/ar/invoice/?q=Customer+77"),
        ("customers", "/admin/ar/customer/"),
        ("customers, overdue", "/admin/ar/customer/?overdue=yes"),
        ("payments", "/admin/ar/payment/"),
        ("credit memos", "/admin/ar/creditmemo/"),
        ("invoice page", f"/admin/ar/invoice/{keys['invoice']}/change/"),
        ("customer page", f"/admin/ar/customer/{keys['customer']}/change/"),
    ]
    for label, url in pages:
        best = None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            best = elapsed if best is None else min(best, elapsed)
        print(f"  {label:28s} {best * 1000:8.0f} ms  {len(ctx.captured_queries):3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        configure(var)
        start = time.perf_counter()
        keys = fill(args.invoices)
        print(
            f"{args.invoices:,} invoices, {args.invoices // 2:,} payments and applications, "
            f"{args.invoices // 20:,} credit memos, {args.invoices // 50 + 1:,} customers "
            f"(filled in {time.perf_counter() - start:.0f} s); best of {args.repeat}:",
            flush=True,
        )
        measure(args.repeat, keys)


if __name__ == "__main__":
    main()
