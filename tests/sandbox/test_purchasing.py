"""Purchasing conversions follow the PO's transaction definition (issue 10, item 9)."""

from __future__ import annotations

import pytest

from .helpers import call, fn, ok
from .test_accounting import ymd

DEFINITIONS = {
    "Purchase Order": "Leave Transaction Open",
    "Purchase Order - Back Order": "Close Original and Create Back Order",
    "Purchase Order - Close": "Close Transaction",
}


def _po(kind: str, number: str, vendor: str, quantity: int, created_from: str = "") -> str:
    source = f"<createdfrom>{created_from}</createdfrom>" if created_from else ""
    return (
        f"<create_potransaction><transactiontype>{kind}</transactiontype>{ymd('datecreated')}"
        f"{source}<vendorid>{vendor}</vendorid><documentno>{number}</documentno>"
        f"{ymd('datedue', day=20)}<returnto><contactname>x</contactname></returnto>"
        "<payto><contactname>y</contactname></payto><potransitems><potransitem>"
        f"<itemid>LAPTOP-14</itemid><quantity>{quantity}</quantity><price>900</price>"
        "</potransitem></potransitems></create_potransaction>"
    )


def _doc(handle, doc_id: str) -> dict:
    return handle.query_rows('SELECT * FROM podocument WHERE "DOCID"=?', (doc_id,))[0]


@pytest.mark.parametrize("kind", sorted(DEFINITIONS))
def test_partial_and_full_conversion_per_definition(sandbox, kind):
    vendor = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]
    po_id = ok(call(sandbox, fn(_po(kind, "CV1", vendor, 4), "po"))).findtext("key")
    receiver = _po("PO Receiver", "CR1", vendor, 1, created_from=po_id)
    ok(call(sandbox, fn(receiver, "r1")))
    source = _doc(sandbox, po_id)
    policy = DEFINITIONS[kind]
    back_orders = sandbox.query_rows(
        'SELECT * FROM podocument WHERE "CREATEDFROM"=? AND "DOCPARID"=?', (po_id, kind)
    )
    if policy == "Leave Transaction Open":
        assert source["STATE"] == "Partially Converted" and source["TOTALQTYREMAINING"] == 3
        assert back_orders == []
        ok(call(sandbox, fn(_po("PO Receiver", "CR2", vendor, 3, created_from=po_id), "r2")))
        assert _doc(sandbox, po_id)["STATE"] == "Converted"
    elif policy == "Close Transaction":
        assert (source["STATE"], source["CLOSED"]) == ("Closed", "true")
        assert back_orders == []
    else:
        assert source["STATE"] == "Closed"
        (back,) = back_orders
        assert (back["STATE"], back["BACKORDER"], back["DOCID"]) == (
            "Pending",
            "Yes",
            f"{kind}-CV1-BO",
        )
        lines = sandbox.query_rows(
            'SELECT "QUANTITY", "SOURCE_DOCLINEKEY" FROM podocumententry WHERE "DOCHDRNO"=?',
            (back["RECORDNO"],),
        )
        assert [line["QUANTITY"] for line in lines] == [3]
        assert all(line["SOURCE_DOCLINEKEY"] for line in lines)


def test_seeded_purchasing_follows_the_definitions(sandbox_server):
    q = sandbox_server.query_rows
    definitions = {row["DOCID"]: row["CONVTYPE"] for row in q("SELECT * FROM podocumentparams")}
    for kind, policy in DEFINITIONS.items():
        assert definitions[kind] == policy
    states = {
        (row["DOCPARID"], row["STATE"])
        for row in q('SELECT DISTINCT "DOCPARID", "STATE" FROM podocument')
    }
    po_states = {state for kind, state in states if kind.startswith("Purchase Order")}
    assert {"Draft", "Pending", "Partially Converted", "Converted", "Closed", "Declined"} <= (
        po_states
    )
    assert ("Purchase Order - Back Order", "Partially Converted") not in states
    assert ("Purchase Order - Close", "Partially Converted") not in states
    sources = {
        row["source"]
        for row in q(
            'SELECT p."DOCPARID" AS source FROM podocument d JOIN podocument p '
            'ON p."DOCID" = d."CREATEDFROM" WHERE d."DOCPARID" = \'Vendor Invoice\''
        )
    }
    assert "PO Receiver" in sources and any(s.startswith("Purchase Order") for s in sources)
    receivers = q(
        'SELECT COUNT(*) AS n FROM podocument d JOIN podocument p ON p."DOCID" = d."CREATEDFROM" '
        "WHERE d.\"DOCPARID\" = 'PO Receiver'"
    )[0]["n"]
    assert receivers > 0
    back_orders = q(
        'SELECT d."QUANTITY" AS left, s."QUANTITY" - s."QTY_CONVERTED" AS expected '
        'FROM podocumententry d JOIN podocument h ON h."RECORDNO" = d."DOCHDRNO" '
        'JOIN podocumententry s ON s."RECORDNO" = d."SOURCE_DOCLINEKEY" '
        "WHERE h.\"BACKORDER\" = 'Yes'"
    )
    assert back_orders and all(row["left"] == row["expected"] for row in back_orders)


def test_a_vendor_invoice_posts_its_ap_bill_as_intacct_does(sandbox):
    vendor = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]
    po_id = ok(call(sandbox, fn(_po("Purchase Order", "VB1", vendor, 4), "po"))).findtext("key")
    receiver_id = ok(
        call(sandbox, fn(_po("PO Receiver", "VR1", vendor, 4, created_from=po_id), "r1"))
    ).findtext("key")
    invoice_id = ok(
        call(sandbox, fn(_po("Vendor Invoice", "VI1", vendor, 4, created_from=receiver_id), "i1"))
    ).findtext("key")
    invoice = _doc(sandbox, invoice_id)
    (bill,) = sandbox.query_rows('SELECT * FROM apbill WHERE "DOCHDRKEY"=?', (invoice["RECORDNO"],))
    assert invoice["PRRECORDKEY"] == bill["RECORDNO"]
    assert (bill["VENDORID"], bill["MODULEKEY"], bill["RECORDID"], bill["STATE"]) == (
        vendor,
        "9.PO",
        "VI1",
        "Posted",
    )
    assert bill["TRX_TOTALENTERED"] == invoice["TRX_TOTAL"] == 3600
    lines = sandbox.query_rows(
        'SELECT "TRX_AMOUNT", "ACCOUNTNO" FROM apbillitem WHERE "RECORDKEY"=?', (bill["RECORDNO"],)
    )
    assert [(line["TRX_AMOUNT"], line["ACCOUNTNO"]) for line in lines] == [(3600, "5000")]
    # Receivers and POs post nothing to AP.
    for doc_id in (po_id, receiver_id):
        assert _doc(sandbox, doc_id)["PRRECORDKEY"] is None
