"""The page upsert: plain values in, the same rows as the ORM would write, local fields kept."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ar.models import Customer, Invoice
from integrations.sync.upsert import bindings, upsert_rows
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

UNIQUE = ("connection", "intacct_recordno")


def invoice_row(conn, no, **values):
    row = {
        "connection_id": conn.pk,
        "intacct_recordno": no,
        "intacct_id": f"INV-{no}",
        "intacct_modified_at": datetime(2025, 3, 1, 9, 30, 5, tzinfo=UTC),
        "sync_state": "synced",
        "last_synced_at": datetime(2025, 3, 2, 10, 0, tzinfo=UTC),
        "sync_hash": f"h{no}",
        "number": f"INV-{no}",
        "description": "Zoë & <co> 'q'",
        "invoice_date": date(2025, 2, 28),
        "total_due": Decimal("1234.50"),
        "custom_fields": {"REGION": "West", "SCORE": "7.50"},
        "customer_id": None,
    }
    row.update(values)
    return row


def test_inserts_read_back_like_orm_rows_and_defaults_fill_the_rest():
    conn = IntacctConnectionFactory()
    customer = Customer.objects.create(connection=conn, intacct_recordno=9, customer_id="C9")
    rows = [invoice_row(conn, 1, customer_id=customer.pk), invoice_row(conn, 2)]
    assert upsert_rows(Invoice, rows, unique=UNIQUE, update=["number"]) == 2

    first = Invoice.objects.get(connection=conn, intacct_recordno=1)
    assert first.intacct_modified_at == datetime(2025, 3, 1, 9, 30, 5, tzinfo=UTC)
    assert first.invoice_date == date(2025, 2, 28)
    assert first.total_due == Decimal("1234.50")
    assert first.description == "Zoë & <co> 'q'"
    assert first.custom_fields == {"REGION": "West", "SCORE": "7.50"}
    assert first.customer == customer
    # Not given: the model's defaults, as bulk_create would insert them.
    assert first.push_version == 0
    assert first.reference == ""
    # Filters on the stored datetime and decimal work as for ORM-written rows.
    assert (
        Invoice.objects.filter(
            intacct_modified_at__gte=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
            total_due__gt=Decimal("1234.49"),
        ).count()
        == 2
    )


def test_a_conflict_updates_only_the_listed_columns():
    conn = IntacctConnectionFactory()
    upsert_rows(Invoice, [invoice_row(conn, 1)], unique=UNIQUE, update=["number"])
    Invoice.objects.filter(intacct_recordno=1).update(push_version=3, reference="local")

    changed = invoice_row(conn, 1, number="INV-1-B", total_due=Decimal("0.00"))
    upsert_rows(Invoice, [changed], unique=UNIQUE, update=["number", "sync_hash"])

    row = Invoice.objects.get(connection=conn, intacct_recordno=1)
    assert (row.number, row.total_due) == ("INV-1-B", Decimal("1234.50"))
    assert (row.push_version, row.reference) == (3, "local")
    assert Invoice.objects.count() == 1


def test_unknown_columns_are_refused():
    conn = IntacctConnectionFactory()
    with pytest.raises(ValueError, match="no column"):
        upsert_rows(Invoice, [invoice_row(conn, 1, nonsense=1)], unique=UNIQUE, update=[])


def test_bindings_are_the_connections_rows_among_the_keys():
    conn, other = IntacctConnectionFactory(), IntacctConnectionFactory()
    upsert_rows(Invoice, [invoice_row(conn, 1), invoice_row(conn, 2)], unique=UNIQUE, update=[])
    upsert_rows(Invoice, [invoice_row(other, 3)], unique=UNIQUE, update=[])
    Invoice.objects.filter(intacct_recordno=2).update(sync_state="pending_push")
    assert sorted(bindings(Invoice, conn.pk, [1, 2, 3, 4])) == [
        (1, "h1", "synced"),
        (2, "h2", "pending_push"),
    ]
    assert bindings(Invoice, conn.pk, []) == []
