"""The pull's own queries at size read indexes, not tables (PostgreSQL's EXPLAIN).

Seeds 30,000 invoices and 20,000 customers, VACUUM ANALYZEs them (the visibility map an
index-only scan needs) and EXPLAINs the statements the engine sends, captured from the engine's
own functions: the lookup of the rows a page already holds, the parent step's key list, the
resolution of an invoice's customer, the upsert and the cursor read.
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ar.models import Customer, Invoice
from integrations.models import SyncCursor
from integrations.sync.pull.apply import _resolve_relations
from integrations.sync.pull.cursors import open_cursor
from integrations.sync.pull.pages import parent_keys
from integrations.sync.registry import registry
from integrations.sync.upsert import bindings, upsert_for
from tests.factories.connections import IntacctConnectionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # VACUUM runs outside a transaction
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN of PostgreSQL's plans; CI's PostgreSQL stage runs it",
    ),
]

INVOICES = 30_000
CUSTOMERS = 20_000
FILLER = "Services rendered as agreed in the statement of work. " * 8


@pytest.fixture
def ledger():
    conn = IntacctConnectionFactory()
    Customer.objects.bulk_create(
        (
            Customer(
                connection=conn,
                intacct_recordno=n,
                intacct_id=f"C-{n}",
                customer_id=f"C-{n}",
                name=f"Customer {n} Trading and Services Company",
                bill_to_name=f"Accounts Payable, Customer {n} Trading and Services Company",
            )
            for n in range(1, CUSTOMERS + 1)
        ),
        batch_size=5000,
    )
    Invoice.objects.bulk_create(
        (
            Invoice(
                connection=conn,
                intacct_recordno=n,
                intacct_id=f"INV-{n}",
                number=f"INV-{n}",
                sync_hash=f"{n:040x}",
                # As wide as a synced invoice's row (its text and amounts), so that the
                # planner weighs the table at its real size.
                description=FILLER,
                bill_to_name=f"Customer {n % CUSTOMERS}",
            )
            for n in range(1, INVOICES + 1)
        ),
        batch_size=5000,
    )
    # Other connections' cursors, so the cursor table is not trivially small.
    others = [IntacctConnectionFactory() for _ in range(10)]
    SyncCursor.objects.bulk_create(
        SyncCursor(connection=c, step=f"step-{i}", object_name="X")
        for c in others
        for i in range(300)
    )
    with connection.cursor() as cursor:
        for table in ("ar_customer", "ar_invoice", "integrations_synccursor"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return conn


def explain(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def captured(run) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        run()
    return [q["sql"] for q in ctx.captured_queries]


def test_lookup_of_a_pages_rows_is_index_only(ledger):
    # A page of 2,000 RECORDNOs, as a pull's page is.
    page = list(range(10_001, 12_001))
    [sql] = captured(lambda: bindings(Invoice, ledger.pk, page))
    plan = explain(sql)
    assert "Index Only Scan using ar_invoice_binding_cov" in plan, plan[:2000]


def test_parent_steps_key_list_is_index_only(ledger):
    ctx = SimpleNamespace(pulled={}, connection=ledger)
    keys: list[int] = []
    [sql] = captured(lambda: keys.extend(parent_keys(ctx, "invoices")))  # type: ignore[arg-type]
    assert len(keys) == INVOICES
    plan = explain(sql)
    assert "Index Only Scan using ar_invoice_binding_cov" in plan, plan[:2000]


def test_resolving_an_invoices_customer_is_index_only(ledger):
    ctx = SimpleNamespace(connection=ledger)
    step = registry.get("invoices")
    # A page of invoices names a hundred or so customers.
    items = [SimpleNamespace(relation_keys={"customer": f"C-{n}"}) for n in range(100, 220)]
    out: list = []
    queries = captured(lambda: out.extend(_resolve_relations(ctx, step, items)))  # type: ignore[arg-type]
    assert out[0]["customer_id"] == Customer.objects.get(intacct_id="C-100").pk
    [sql] = [q for q in queries if 'FROM "ar_customer"' in q]
    plan = explain(sql)
    assert "Index Only Scan using ar_customer_relation_cov" in plan, plan[:2000]


def test_upsert_finds_existing_rows_through_the_unique_index(ledger):
    # The statement the pull sends (EXPLAIN alone does not run it). An INSERT ... ON CONFLICT
    # probes its arbiter index for each row: no scan of the table, whatever its size.
    columns = ("connection_id", "intacct_recordno", "number", "sync_hash")
    statement = upsert_for(
        Invoice,
        columns,
        ("connection", "intacct_recordno"),
        ("number", "sync_hash"),
    )
    defaults = [f.get_db_prep_save(f.get_default(), connection) for _, f in statement._defaults]
    plan = explain(statement.sql, [ledger.pk, 5, "INV-5", "x" * 40, *defaults])
    assert "Conflict Arbiter Indexes: ar_invoice_unique_recordno" in plan, plan[:2000]
    assert "Seq Scan" not in plan, plan[:2000]


def test_cursor_read_is_an_index_scan(ledger):
    """Index-only is impossible here: the cursor's whole row (its WHENMODIFIED and RECORDNO
    high-water mark, when its pass completed) is what the pull reads. The planner reads it
    through the unique (connection, step) index or the connection's index; either finds the
    connection's few cursors without reading the others'."""
    step = registry.get("invoices")
    ctx = SimpleNamespace(connection=ledger)
    queries = captured(lambda: open_cursor(ctx, step, "incremental"))  # type: ignore[arg-type]
    sql = next(q for q in queries if q.startswith('SELECT "integrations_synccursor"'))
    plan = explain(sql)
    scan = plan.split("\n")[1] if plan.startswith("Limit") else plan
    assert "Index Scan using" in scan and "on integrations_synccursor" in scan, plan[:2000]
