"""Purchasing over HTTP: each PO definition is pulled right, and duplicate units import nothing."""

import sqlite3
from datetime import date, timedelta

import pytest

from ap.models import PurchasingDocument, PurchasingSettings, Unit
from integrations.intacct.functions.legacy import CreatePoTransaction
from integrations.models import SyncError
from integrations.sync.clients import client_for
from tests.ap.helpers import local, recordnos, run

pytestmark = pytest.mark.django_db


def _po(client, definition, number, vendor_id):
    (outcome,) = client.execute(
        [
            CreatePoTransaction(
                controlid=f"po-{number}",
                transactiontype=definition,
                datecreated=date.today(),
                vendorid=vendor_id,
                datedue=date.today() + timedelta(days=30),
                documentno=number,
                state="Pending",
                potransitems=[
                    {"itemid": "LAPTOP-14", "quantity": 10, "price": "100.00"},
                    {"itemid": "COFFEE", "quantity": 4, "price": "12.50"},
                ],
            )
        ]
    )
    assert outcome.ok, outcome.errors


def _receive_part(client, po_doc_id, number, vendor_id):
    (outcome,) = client.execute(
        [
            CreatePoTransaction(
                controlid=f"rcv-{number}",
                transactiontype="PO Receiver",
                datecreated=date.today(),
                createdfrom=po_doc_id,
                vendorid=vendor_id,
                datedue=date.today() + timedelta(days=30),
                documentno=number,
                potransitems=[{"itemid": "LAPTOP-14", "quantity": 6, "price": "100.00"}],
            )
        ]
    )
    assert outcome.ok, outcome.errors


@pytest.fixture
def partly_received(sandbox, connect):
    """One PO of each definition, each partly received, pulled by incremental runs."""
    conn = connect(sandbox)
    run(conn, "initial")
    client = client_for(conn)
    vendor_id = sandbox.query_rows(
        "SELECT VENDORID FROM vendor WHERE STATUS = 'active' ORDER BY RECORDNO LIMIT 1"
    )[0]["VENDORID"]
    definitions = {
        "open": "Purchase Order",
        "back_order": "Purchase Order - Back Order",
        "close": "Purchase Order - Close",
    }
    for key, definition in definitions.items():
        _po(client, definition, f"T-{key}", vendor_id)
    run(conn, "incremental")
    docs = {key: PurchasingDocument.objects.get(number=f"T-{key}") for key in definitions}
    assert all(doc.state == "Pending" and doc.status == "active" for doc in docs.values())
    for key, doc in docs.items():
        _receive_part(client, doc.doc_id, f"R-{key}", vendor_id)
    run(conn, "incremental")
    for doc in docs.values():
        doc.refresh_from_db()
    return conn, docs


def test_leave_transaction_open_stays_open_partially_converted(partly_received):
    conn, docs = partly_received
    po = docs["open"]
    assert po.state == "Partially Converted"
    assert po.status == "partially_billed"  # 2-way matching (the default)
    assert sorted(po.lines.values_list("item_id", "billed_quantity")) == [
        ("COFFEE", 0),
        ("LAPTOP-14", 6),
    ]
    assert not po.converted_documents.filter(is_back_order=True).exists()
    receiver = po.converted_documents.get()
    assert (receiver.kind, receiver.status, receiver.number) == ("receiver", "active", "R-open")
    # Per receiver line: the source document and the quantity received.
    assert list(receiver.lines.values_list("source_doc_id", "quantity")) == [(po.doc_id, 6)]
    assert receiver.lines.get().quantity_received == 6
    # In 3-way matching the same PO is active.
    PurchasingSettings.objects.create(connection=conn, matching_mode="3-way")
    run(conn, "incremental")
    po.refresh_from_db()
    assert po.status == "active"


def test_close_original_and_create_back_order_links_the_back_order(partly_received):
    _, docs = partly_received
    po = docs["back_order"]
    assert (po.state, po.status) == ("Closed", "closed")
    back = po.converted_documents.get(is_back_order=True)
    assert (back.kind, back.state, back.status) == ("po", "Pending", "active")
    assert back.created_from == po.doc_id
    assert set(back.lines.values_list("source_doc_id", flat=True)) == {po.doc_id}
    assert sorted(back.lines.values_list("item_id", "quantity")) == [
        ("COFFEE", 4),
        ("LAPTOP-14", 4),
    ]
    receiver = po.converted_documents.get(kind="receiver")
    assert receiver.number == "R-back_order"


def test_close_transaction_closes_without_back_order(partly_received):
    _, docs = partly_received
    po = docs["close"]
    assert (po.state, po.status) == ("Closed", "closed")
    assert list(po.converted_documents.values_list("kind", flat=True)) == ["receiver"]


def test_duplicate_units_fail_the_units_pull_naming_both_and_import_nothing(sandbox, connect):
    with sqlite3.connect(sandbox.db_path) as db:
        group = db.execute("SELECT RECORDNO FROM uom WHERE NAME = 'Weight'").fetchone()[0]
        top = db.execute("SELECT MAX(RECORDNO) FROM uomdetail").fetchone()[0]
        db.execute(
            "INSERT INTO uomdetail (RECORDNO, UNIT, ABBREVIATION, GRPKEY, NUMDECIMALS, ISBASE, "
            "WHENCREATED, WHENMODIFIED) SELECT ?, 'each', 'e', ?, 2, 'false', WHENCREATED, "
            "WHENMODIFIED FROM uomdetail WHERE UNIT = 'Each'",
            [top + 1, group],
        )
    conn = connect(sandbox)
    done = run(conn, "initial", ok=("partially_failed",))
    assert "Units of measure" in done.message
    assert local(Unit, conn) == set()
    error = SyncError.objects.get(connection=conn, step="units")
    assert error.errorno == "AP-UOM-DUPLICATE"
    assert "'Each' (group Count" in error.summary
    assert f"'each' (group Weight, record {top + 1})" in error.summary
    assert error.catalogue_entry.title == "Two units of measure with the same value"
    assert "Units of measure" in error.catalogue_entry.intacct_menu_path

    # Fixed in Intacct (one unit renamed): the next run imports every unit.
    with sqlite3.connect(sandbox.db_path) as db:
        db.execute(
            "UPDATE uomdetail SET UNIT = 'Each (scale)', WHENMODIFIED = datetime('now') "
            "WHERE RECORDNO = ?",
            [top + 1],
        )
    run(conn, "incremental")
    assert local(Unit, conn) == recordnos(sandbox, "uomdetail")
    error.refresh_from_db()
    assert error.status == "resolved"


def test_a_state_the_map_lacks_is_a_named_error_of_the_run(sandbox, connect):
    conn = connect(sandbox)
    run(conn, "initial")
    target = PurchasingDocument.objects.filter(connection=conn, kind="po", state="Pending").first()
    with sqlite3.connect(sandbox.db_path) as db:
        db.execute(
            "UPDATE podocument SET STATE = 'Approved', WHENMODIFIED = datetime('now') "
            "WHERE RECORDNO = ?",
            [target.intacct_recordno],
        )
    done = run(conn, "incremental", ok=("partially_failed",))
    target.refresh_from_db()
    assert (target.state, target.status) == ("Approved", "")
    error = SyncError.objects.get(connection=conn, errorno="AP-STATUS-UNMAPPED")
    assert error.run_id == done.pk
    assert done.status == "partially_failed"
    assert done.counts["purchasing_documents"]["failed"] == 1
    assert "Intacct state 'Approved' of a purchase order has no status mapping" in error.summary
    assert error.catalogue_entry.title == "Purchasing state with no status mapping"
