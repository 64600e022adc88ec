"""AP pull over HTTP against the sandbox: equality after onboarding, reruns, incrementals."""

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from ap.models import (
    APTerm,
    PurchasingDocument,
    PurchasingLine,
    Unit,
    UnitGroup,
    Vendor,
)
from integrations.intacct.functions.legacy import CreatePoTransaction
from integrations.intacct.functions.writes import Create, Delete, Update
from integrations.sync.clients import client_for
from integrations.sync.history import history_start
from tests.ap.helpers import AP_STEPS, local, money, recordnos, run

pytestmark = pytest.mark.django_db

FINISHED = "STATE IN ('Closed', 'Converted', 'Declined')"


@pytest.fixture
def onboarded(sandbox_server, connect):
    conn = connect(sandbox_server)
    initial = run(conn, "initial")
    return sandbox_server, conn, initial


def test_initial_import_takes_active_parties_and_open_purchasing(onboarded):
    sandbox, conn, initial = onboarded
    assert local(Vendor, conn) == recordnos(sandbox, "vendor", "STATUS <> 'inactive'")
    assert local(APTerm, conn) == recordnos(sandbox, "apterm", "STATUS <> 'inactive'")
    assert local(UnitGroup, conn) == recordnos(sandbox, "uom")
    assert local(Unit, conn) == recordnos(sandbox, "uomdetail")
    assert local(PurchasingDocument, conn) == recordnos(sandbox, "podocument", f"NOT ({FINISHED})")
    assert local(PurchasingLine, conn) == recordnos(
        sandbox,
        "podocumententry",
        f"DOCHDRNO IN (SELECT RECORDNO FROM podocument WHERE NOT ({FINISHED}))",
    )
    assert set(AP_STEPS) <= set(initial.counts)
    # Usable at once: every document has its vendor, every line its document.
    assert not PurchasingDocument.objects.filter(vendor__isnull=True).exists()
    assert not PurchasingLine.objects.filter(document__isnull=True).exists()


def test_historical_import_equals_the_sandbox_and_a_rerun_changes_nothing(onboarded):
    sandbox, conn, _ = onboarded
    run(conn, "historical")
    window = f"WHENCREATED >= '{history_start().isoformat()}' OR NOT ({FINISHED})"
    docs = recordnos(sandbox, "podocument", window)
    assert local(PurchasingDocument, conn) == docs
    lines = recordnos(
        sandbox, "podocumententry", f"DOCHDRNO IN (SELECT RECORDNO FROM podocument WHERE {window})"
    )
    assert local(PurchasingLine, conn) == lines

    # Totals per vendor and entity, and line counts per document, as the sandbox has them.
    theirs: dict[tuple[str, str], object] = defaultdict(lambda: money(0))
    for row in sandbox.query_rows(
        f"SELECT CUSTVENDID, MEGAENTITYID, TOTAL FROM podocument WHERE {window}"
    ):
        key = (row["CUSTVENDID"], row["MEGAENTITYID"] or "")
        theirs[key] += money(row["TOTAL"])
    ours: dict[tuple[str, str], object] = defaultdict(lambda: money(0))
    for doc in PurchasingDocument.objects.filter(connection=conn).select_related("subsidiary"):
        key = (doc.vendor_intacct_id, doc.subsidiary.location_id if doc.subsidiary else "")
        ours[key] += doc.total
    assert ours == theirs
    their_lines = Counter(
        r["DOCHDRNO"]
        for r in sandbox.query_rows(
            f"SELECT DOCHDRNO FROM podocumententry WHERE DOCHDRNO IN "
            f"(SELECT RECORDNO FROM podocument WHERE {window})"
        )
    )
    our_lines = Counter(
        PurchasingLine.objects.filter(connection=conn).values_list("document_recordno", flat=True)
    )
    assert our_lines == their_lines
    # Line by line: item, quantity, amount and the source document, as Intacct has them.
    their_values = {
        r["RECORDNO"]: (r["ITEMID"], money(r["UIQTY"]), money(r["TOTAL"]), r["SOURCE_DOCID"] or "")
        for r in sandbox.query_rows(
            "SELECT RECORDNO, ITEMID, UIQTY, TOTAL, SOURCE_DOCID FROM podocumententry"
        )
        if r["RECORDNO"] in lines
    }
    our_values = {
        line.intacct_recordno: (
            line.item_id,
            money(line.quantity),
            line.amount,
            line.source_doc_id,
        )
        for line in PurchasingLine.objects.filter(connection=conn)
    }
    assert our_values == their_values
    # Every PO and receiver has a status from the map (2-way by default).
    assert not PurchasingDocument.objects.filter(kind__in=("po", "receiver"), status="").exists()

    again = run(conn, "historical")
    for step in AP_STEPS:
        counts = again.counts[step]
        assert (counts["created"], counts["updated"]) == (0, 0), (step, counts)
    rerun = run(conn, "incremental")
    for step in AP_STEPS:
        counts = rerun.counts.get(step, {"created": 0, "updated": 0})
        assert (counts["created"], counts["updated"]) == (0, 0), (step, counts)


def test_vendor_field_map_terms_contacts_and_1099(onboarded):
    sandbox, conn, _ = onboarded
    row = sandbox.query_rows(
        "SELECT * FROM vendor WHERE STATUS = 'active' AND \"PAYTO.CONTACTNAME\" IS NOT NULL "
        "ORDER BY RECORDNO LIMIT 1"
    )[0]
    vendor = Vendor.objects.get(connection=conn, intacct_recordno=row["RECORDNO"])
    assert vendor.vendor_id == row["VENDORID"]
    assert vendor.status == "active"
    assert vendor.email == row["DISPLAYCONTACT.EMAIL1"]
    assert vendor.company_name == row["DISPLAYCONTACT.COMPANYNAME"]
    assert (vendor.first_name, vendor.last_name) == (
        row["DISPLAYCONTACT.FIRSTNAME"],
        row["DISPLAYCONTACT.LASTNAME"],
    )
    assert (vendor.street1, vendor.city, vendor.state, vendor.zip_code) == (
        row["DISPLAYCONTACT.MAILADDRESS.ADDRESS1"],
        row["DISPLAYCONTACT.MAILADDRESS.CITY"],
        row["DISPLAYCONTACT.MAILADDRESS.STATE"],
        row["DISPLAYCONTACT.MAILADDRESS.ZIP"],
    )
    assert vendor.phone == row["DISPLAYCONTACT.PHONE1"]
    assert vendor.currency == row["CURRENCY"]
    assert (vendor.tax_id, vendor.name_1099) == (row["TAXID"], row["NAME1099"])
    assert vendor.payment_term.name == row["TERMNAME"]
    assert vendor.pay_to_contact.contact_name == row["PAYTO.CONTACTNAME"]
    assert vendor.return_to_contact.contact_name == row["RETURNTO.CONTACTNAME"]


def test_incremental_picks_up_change_insert_inactivation_delete_and_back_order(sandbox, connect):
    conn = connect(sandbox)
    run(conn, "initial")
    client = client_for(conn)
    changed = Vendor.objects.filter(connection=conn, status="active").order_by("pk").first()
    suspended = (
        Vendor.objects.filter(connection=conn, status="active").exclude(pk=changed.pk).first()
    )
    outcomes = client.execute(
        [
            Update(
                "VENDOR", {"VENDORID": changed.vendor_id, "NAME": "Renamed & Co"}, controlid="u1"
            ),
            Update(
                "VENDOR", {"VENDORID": suspended.vendor_id, "STATUS": "inactive"}, controlid="u2"
            ),
            Create("VENDOR", {"VENDORID": "V-NEW-1", "NAME": "Brand New Vendor"}, controlid="c1"),
        ]
    )
    assert all(o.ok for o in outcomes), [o.errors for o in outcomes]
    po = CreatePoTransaction(
        controlid="po-bo",
        transactiontype="Purchase Order - Back Order",
        datecreated=date.today(),
        vendorid=changed.vendor_id,
        datedue=date.today() + timedelta(days=30),
        documentno="T-BO-1",
        potransitems=[
            {"itemid": "LAPTOP-14", "quantity": 10, "price": "100.00"},
            {"itemid": "COFFEE", "quantity": 4, "price": "12.50"},
        ],
    )
    (outcome,) = client.execute([po])
    assert outcome.ok, outcome.errors
    first = run(conn, "incremental")
    changed.refresh_from_db()
    suspended.refresh_from_db()
    assert changed.name == "Renamed & Co"
    assert suspended.status == "suspended"
    new = Vendor.objects.get(connection=conn, vendor_id="V-NEW-1")
    assert new.status == "active"
    original = PurchasingDocument.objects.get(connection=conn, number="T-BO-1")
    assert (original.state, original.status, original.lines.count()) == ("Pending", "active", 2)
    assert first.counts["vendors"]["created"] == 1

    # Receive part of the PO: the back-order definition closes it and creates a back order.
    receipt = CreatePoTransaction(
        controlid="rcv-bo",
        transactiontype="PO Receiver",
        datecreated=date.today(),
        createdfrom=original.doc_id,
        vendorid=changed.vendor_id,
        datedue=date.today() + timedelta(days=30),
        documentno="T-RCV-1",
        potransitems=[{"itemid": "LAPTOP-14", "quantity": 6, "price": "100.00"}],
    )
    outcomes = client.execute([receipt, Delete("VENDOR", [new.intacct_recordno], controlid="d1")])
    assert all(o.ok for o in outcomes), [o.errors for o in outcomes]
    run(conn, "incremental")
    original.refresh_from_db()
    assert (original.state, original.status) == ("Closed", "closed")
    back = PurchasingDocument.objects.get(connection=conn, source=original, is_back_order=True)
    assert (back.state, back.status, back.kind) == ("Pending", "active", "po")
    assert sorted(back.lines.values_list("item_id", "quantity")) == [
        ("COFFEE", 4),
        ("LAPTOP-14", 4),
    ]
    receiver = PurchasingDocument.objects.get(connection=conn, number="T-RCV-1")
    assert (receiver.kind, receiver.status, receiver.source) == ("receiver", "active", original)
    new.refresh_from_db()
    assert (new.sync_state, new.status) == ("deleted_in_intacct", "closed")
    assert Vendor.objects.filter(pk=new.pk).exists()
