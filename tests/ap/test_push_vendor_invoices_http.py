"""Vendor invoices from PO matching over HTTP against the sandbox: 2-way (PO lines) and 3-way
(receiver lines) matches, over-billing refused, nothing written before approval, then a
"Vendor Invoice" converted from the PO / receiver with the seed's map, its bill posted by
Intacct and linked here (through the vendor invoice to the PO) by the next pull."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ap.bill_lifecycle import bill_approve, bill_create
from ap.matching import OverBillingError, vendor_invoice_match
from ap.models import Bill, PurchasingDocument, Vendor, VendorInvoiceMatch
from integrations.intacct.functions.legacy import CreatePoTransaction
from tests.ap.helpers import run

from .push_helpers import in_intacct, push

pytestmark = pytest.mark.django_db

STEPS = ["bills_push", "vendor_invoices_push"]


def _po(conn, definition, number, vendor_id, items, created_from=""):
    extra = {"createdfrom": created_from} if created_from else {}
    in_intacct(
        conn,
        CreatePoTransaction(controlid=f"t-{number}", transactiontype=definition,
                            datecreated=date.today(), vendorid=vendor_id,
                            datedue=date.today() + timedelta(days=30), documentno=number,
                            state="Pending", potransitems=items, **extra),
    )  # fmt: skip


@pytest.fixture
def purchasing(sandbox, connect):
    conn = connect(sandbox, push_location_id="US")
    run(conn, "initial")
    vendor_id = sandbox.query_rows(
        "SELECT VENDORID FROM vendor WHERE STATUS = 'active' ORDER BY RECORDNO LIMIT 1"
    )[0]["VENDORID"]
    _po(conn, "Purchase Order", "PM-1", vendor_id, [
        {"itemid": "LAPTOP-14", "quantity": 10, "price": "100.00"},
        {"itemid": "COFFEE", "quantity": 4, "price": "12.50"},
    ])  # fmt: skip
    _po(conn, "PO Receiver", "PM-R1", vendor_id,
        [{"itemid": "LAPTOP-14", "quantity": 6, "price": "100.00"}],
        created_from="Purchase Order-PM-1")  # fmt: skip
    run(conn, "incremental")
    po = PurchasingDocument.objects.get(connection=conn, doc_id="Purchase Order-PM-1")
    receiver = PurchasingDocument.objects.get(connection=conn, doc_id="PO Receiver-PM-R1")
    vendor = Vendor.objects.get(connection=conn, vendor_id=vendor_id)
    return conn, vendor, po, receiver


def matched_bill(conn, vendor, number, amount):
    return bill_create(connection=conn, vendor=vendor, number=number,
                       bill_date=date(2026, 11, 10),
                       lines=[{"gl_account": "5000", "amount": amount}])  # fmt: skip


def vendor_invoice(sandbox, number):
    rows = sandbox.query_rows(
        "SELECT RECORDNO, DOCID, VENDORDOCNO, PRRECORDKEY, STATE FROM podocument WHERE DOCID = ?",
        [f"Vendor Invoice-{number}"],
    )
    return rows[0] if rows else None


def entries(sandbox, recordno):
    return sandbox.query_rows(
        "SELECT ITEMID, QUANTITY, PRICE, UNIT, LOCATIONID, SOURCE_DOCID FROM podocumententry "
        'WHERE DOCHDRNO = ? ORDER BY "LINE_NO"',
        [recordno],
    )


def test_two_way_and_three_way_vendor_invoices(sandbox, purchasing):
    conn, vendor, po, receiver = purchasing
    laptop, coffee = po.lines.order_by("line_no")

    bill = matched_bill(conn, vendor, "VI-BILL-1", "450.00")
    with pytest.raises(OverBillingError, match="11 of 10"):
        vendor_invoice_match(bill=bill, source_document=po, invoice_number="SUP-881",
                             reference_code="VI-REF-1", invoice_date=date(2026, 11, 10),
                             lines=[(laptop, Decimal(11), Decimal("1100.00"))])  # fmt: skip
    match = vendor_invoice_match(
        bill=bill, source_document=po, invoice_number="SUP-881", reference_code="VI-REF-1",
        invoice_date=date(2026, 11, 10), due_date=date(2026, 12, 10),
        lines=[(laptop, Decimal(4), Decimal("400.00")), (coffee, Decimal(4), Decimal("50.00"))],
    )  # fmt: skip
    assert match.mode == VendorInvoiceMatch.Mode.TWO_WAY
    push(conn, STEPS)
    assert vendor_invoice(sandbox, "VI-REF-1") is None  # never before approval

    bill_approve(bill=bill, approved_on=date(2026, 11, 11), approved_by="ana")
    assert push(conn, STEPS).status == "succeeded"
    document = vendor_invoice(sandbox, "VI-REF-1")
    assert (document["VENDORDOCNO"], document["STATE"]) == ("SUP-881", "Pending")
    assert entries(sandbox, document["RECORDNO"]) == [
        {"ITEMID": "LAPTOP-14", "QUANTITY": 4.0, "PRICE": 100.0, "UNIT": laptop.unit or "Each",
         "LOCATIONID": laptop.location_id or "US", "SOURCE_DOCID": "Purchase Order-PM-1"},
        {"ITEMID": "COFFEE", "QUANTITY": 4.0, "PRICE": 12.5, "UNIT": coffee.unit or "Each",
         "LOCATIONID": coffee.location_id or "US", "SOURCE_DOCID": "Purchase Order-PM-1"},
    ]  # fmt: skip
    (posted,) = sandbox.query_rows(
        "SELECT RECORDNO, RECORDID, MODULEKEY, TRX_TOTALENTERED FROM apbill WHERE DOCHDRKEY = ?",
        [document["RECORDNO"]],
    )
    assert (posted["RECORDNO"], posted["RECORDID"]) == (document["PRRECORDKEY"], "VI-REF-1")
    assert Decimal(str(posted["TRX_TOTALENTERED"])) == Decimal("450.00")
    # The bill is not written a second time as a plain APBILL.
    assert sandbox.query_rows("SELECT 1 FROM apbill WHERE RECORDID = 'VI-BILL-1'") == []
    match.refresh_from_db()
    assert match.intacct_id == "Vendor Invoice-VI-REF-1"

    # 3-way: against the receiver's line; over-billing counts what was matched before.
    (received,) = receiver.lines.all()
    second = matched_bill(conn, vendor, "VI-BILL-2", "600.00")
    three = vendor_invoice_match(
        bill=second, source_document=receiver, invoice_number="SUP-882",
        reference_code="VI-REF-2", invoice_date=date(2026, 11, 12),
        lines=[(received, Decimal(6), Decimal("600.00"))],
    )  # fmt: skip
    assert three.mode == VendorInvoiceMatch.Mode.THREE_WAY
    third = matched_bill(conn, vendor, "VI-BILL-3", "100.00")
    with pytest.raises(OverBillingError, match="7 of 6"):
        vendor_invoice_match(bill=third, source_document=receiver, invoice_number="SUP-883",
                             reference_code="VI-REF-3", invoice_date=date(2026, 11, 12),
                             lines=[(received, Decimal(1), Decimal("100.00"))])  # fmt: skip
    bill_approve(bill=second, approved_on=date(2026, 11, 12), approved_by="ana")
    push(conn, STEPS)
    document = vendor_invoice(sandbox, "VI-REF-2")
    assert [e["SOURCE_DOCID"] for e in entries(sandbox, document["RECORDNO"])] == [
        "PO Receiver-PM-R1"
    ]

    # The next pull brings Intacct's bill, linked to the vendor invoice and so to the PO.
    run(conn, "incremental")
    pulled = Bill.objects.get(connection=conn, intacct_recordno=posted["RECORDNO"])
    assert pulled.source_document.doc_id == "Vendor Invoice-VI-REF-1"
    assert pulled.source_document.source == po
