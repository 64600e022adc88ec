"""Bills by status over HTTP against the sandbox, read back after every step: nothing before
approval (by default), posted once approved with its approval date and reference code, no write
for payment-status moves, disputed -> deleted, undisputed -> created again, retracted approval
-> reversed on the retraction date, approved again -> a new bill; drafts before approval when
the connection says so, posted on approval; the setting refused with PO matching on."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ap.bill_lifecycle import (
    bill_approve,
    bill_change,
    bill_create,
    bill_restore,
    bill_retract_approval,
    bill_set_status,
)
from ap.models import APPushSettings, Bill, BillStatus, Vendor
from ap.vendor_sync import vendor_save
from integrations.models import SyncState

from .push_helpers import functions, pull, push

pytestmark = pytest.mark.django_db

STEPS = ["vendors_push", "bills_push"]
LINES = [
    {"gl_account": "6000", "amount": "700.00", "memo": "Paper",
     "amortization_template_id": "", "amortization_start": None},
    {"gl_account": "6200", "amount": "300.00", "memo": "Toner", "department_id": "D100"},
]  # fmt: skip


@pytest.fixture
def conn(sandbox, connect):
    conn = connect(sandbox, push_location_id="US")
    pull(conn, ["ap_terms"], stage="initial")
    return conn


@pytest.fixture
def vendor(conn):
    vendor = Vendor(connection=conn, vendor_id="V-BILLS", name="Bills Vendor", term_name="N30")
    vendor_save(vendor=vendor)
    return vendor


def new_bill(conn, vendor, number="TIP-1001"):
    return bill_create(
        connection=conn,
        vendor=vendor,
        number=number,
        bill_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        reference="INV-77",
        reference_code="tip-ref-1001",
        lines=LINES,
    )


def intacct_bills(sandbox, like):
    return sandbox.query_rows(
        "SELECT RECORDNO, RECORDID, STATE, WHENCREATED, TRX_TOTALENTERED, TRX_TOTALDUE, "
        "DOCNUMBER, EXTERNALID, APPROVEDON FROM apbill WHERE RECORDID LIKE ? ORDER BY RECORDNO",
        [like],
    )


def lines_of(sandbox, recordno):
    return sandbox.query_rows(
        "SELECT ACCOUNTNO, TRX_AMOUNT, LOCATIONID, DEPARTMENTID, ENTRYDESCRIPTION FROM apbillitem "
        'WHERE RECORDKEY = ? ORDER BY "LINE_NO"',
        [recordno],
    )


def pushed(conn):
    run = push(conn, STEPS)
    assert run.status == "succeeded", run.message
    return run


def test_the_bill_lifecycle_by_status(sandbox, conn, vendor):
    bill = new_bill(conn, vendor)
    pushed(conn)
    assert intacct_bills(sandbox, "TIP-1001%") == []  # pending approval: not synced
    bill.refresh_from_db()
    assert bill.sync_state == SyncState.SYNCED

    bill_approve(bill=bill, approved_on=date(2026, 11, 3), approved_by="ana")
    pushed(conn)
    (row,) = intacct_bills(sandbox, "TIP-1001%")
    assert row["RECORDID"] == "TIP-1001" and row["STATE"] == "Posted"
    assert (row["DOCNUMBER"], row["EXTERNALID"]) == ("INV-77", "tip-ref-1001")
    assert str(row["APPROVEDON"])[:10] == "2026-11-03"
    assert Decimal(str(row["TRX_TOTALDUE"])) == Decimal("1000.00")
    assert lines_of(sandbox, row["RECORDNO"]) == [
        {"ACCOUNTNO": "6000", "TRX_AMOUNT": 700.0, "LOCATIONID": "US", "DEPARTMENTID": None,
         "ENTRYDESCRIPTION": "Paper"},
        {"ACCOUNTNO": "6200", "TRX_AMOUNT": 300.0, "LOCATIONID": "US", "DEPARTMENTID": "D100",
         "ENTRYDESCRIPTION": "Toner"},
    ]  # fmt: skip
    bill.refresh_from_db()
    assert bill.intacct_recordno == row["RECORDNO"] and bill.pushed_as == "posted"

    # Submitted for payment: nothing to write.
    writes = functions(sandbox, "create") + functions(sandbox, "update")
    bill_set_status(bill=bill, status=BillStatus.SUBMITTED)
    bill.refresh_from_db()
    assert bill.sync_state == SyncState.SYNCED
    pushed(conn)
    assert functions(sandbox, "create") + functions(sandbox, "update") == writes

    # Disputed: removed from Intacct; undisputed: created again.
    bill_set_status(bill=bill, status=BillStatus.DISPUTED)
    pushed(conn)
    assert intacct_bills(sandbox, "TIP-1001%") == []
    bill.refresh_from_db()
    assert bill.intacct_recordno is None
    bill_restore(bill=bill)
    pushed(conn)
    (again,) = intacct_bills(sandbox, "TIP-1001%")
    assert again["STATE"] == "Posted" and again["RECORDNO"] != row["RECORDNO"]

    # Approval retracted: reversed, dated with the retraction date.
    bill.refresh_from_db()
    bill_retract_approval(bill=bill, retracted_on=date(2026, 11, 20))
    pushed(conn)
    original, reversal = intacct_bills(sandbox, "TIP-1001%")
    assert (original["RECORDNO"], original["STATE"]) == (again["RECORDNO"], "Reversed")
    assert reversal["STATE"] == "Reversal" and str(reversal["WHENCREATED"])[:10] == "2026-11-20"
    assert Decimal(str(reversal["TRX_TOTALENTERED"])) == Decimal("-1000.00")
    bill.refresh_from_db()
    assert bill.intacct_recordno is None and bill.reversed_recordnos == [again["RECORDNO"]]

    # Approved again: a new bill (the reversed one keeps its number).
    bill_approve(bill=bill, approved_on=date(2026, 11, 21), approved_by="ana")
    pushed(conn)
    rows = intacct_bills(sandbox, "TIP-1001%")
    new = [r for r in rows if r["STATE"] == "Posted"]
    assert [r["RECORDID"] for r in new] == ["TIP-1001-2"]
    assert str(new[0]["APPROVEDON"])[:10] == "2026-11-21"

    # Deleted: removed from Intacct.
    bill.refresh_from_db()
    bill_set_status(bill=bill, status=BillStatus.DELETED)
    pushed(conn)
    assert [r for r in intacct_bills(sandbox, "TIP-1001%") if r["STATE"] == "Posted"] == []


def test_before_approval_drafts_then_posted_on_approval(sandbox, conn, vendor):
    settings = APPushSettings.objects.create(connection=conn, sync_before_approval=True)
    bill = new_bill(conn, vendor, "TIP-2001")
    pushed(conn)
    (draft,) = intacct_bills(sandbox, "TIP-2001")
    assert draft["STATE"] == "Draft"
    bill_approve(bill=bill, approved_on=date(2026, 11, 4), approved_by="ana")
    pushed(conn)
    (posted,) = intacct_bills(sandbox, "TIP-2001")
    assert (posted["RECORDNO"], posted["STATE"]) == (draft["RECORDNO"], "Posted")

    # A pending bill deleted while a draft: the draft is deleted.
    other = new_bill(conn, vendor, "TIP-2002")
    pushed(conn)
    assert intacct_bills(sandbox, "TIP-2002")[0]["STATE"] == "Draft"
    bill_set_status(bill=other, status=BillStatus.DELETED)
    pushed(conn)
    assert intacct_bills(sandbox, "TIP-2002") == []

    # Refused, with the reason, when PO matching is on.
    settings.po_matching = True
    with pytest.raises(ValidationError, match="PO matching"):
        settings.full_clean()


def test_a_draft_whose_lines_change_but_not_its_total_is_written_again(sandbox, conn, vendor):
    APPushSettings.objects.create(connection=conn, sync_before_approval=True)
    bill = new_bill(conn, vendor, "TIP-2101")
    pushed(conn)
    (draft,) = intacct_bills(sandbox, "TIP-2101")
    moved = [
        {"gl_account": "6100", "amount": "500.00", "memo": "Paper"},
        {"gl_account": "6200", "amount": "500.00", "memo": "Toner"},
    ]
    bill_change(bill=bill, changes={}, lines=moved)
    bill.refresh_from_db()
    assert bill.sync_state == SyncState.PENDING_PUSH
    pushed(conn)
    written = lines_of(sandbox, draft["RECORDNO"])
    assert [(r["ACCOUNTNO"], Decimal(str(r["TRX_AMOUNT"]))) for r in written] == [
        ("6100", Decimal("500")),
        ("6200", Decimal("500")),
    ]
    # The same lines again change nothing: nothing is queued.
    bill_change(bill=bill, changes={}, lines=moved)
    bill.refresh_from_db()
    assert bill.sync_state == SyncState.SYNCED


def test_bills_from_po_matching_never_go_before_approval(sandbox, conn, vendor):
    from ap.models import PurchasingDocument

    APPushSettings.objects.create(connection=conn, sync_before_approval=True)
    document = PurchasingDocument.objects.create(
        connection=conn, number="VI-1", definition_name="Vendor Invoice", kind="vendor_invoice"
    )
    bill = new_bill(conn, vendor, "TIP-3001")
    Bill.objects.filter(pk=bill.pk).update(source_document=document)
    pushed(conn)
    assert intacct_bills(sandbox, "TIP-3001") == []


def test_amortization_fields_are_written_with_the_lines(sandbox, conn, vendor):
    bill = bill_create(
        connection=conn,
        vendor=vendor,
        number="TIP-4001",
        bill_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        lines=[
            {"gl_account": "6000", "amount": "1200.00", "memo": "Insurance",
             "amortization_template_id": "PREPAID-12", "amortization_start": date(2026, 12, 1)},
            {"gl_account": "6200", "amount": "50.00", "memo": "Fee"},
        ],
    )  # fmt: skip
    bill_approve(bill=bill, approved_on=date(2026, 11, 3), approved_by="ana")
    pushed(conn)
    (row,) = intacct_bills(sandbox, "TIP-4001")
    lines = sandbox.query_rows(
        "SELECT AMORTIZATIONTEMPLATEID, AMORTIZATIONSTARTDATE FROM apbillitem "
        'WHERE RECORDKEY = ? ORDER BY "LINE_NO"',
        [row["RECORDNO"]],
    )
    assert [(r["AMORTIZATIONTEMPLATEID"], str(r["AMORTIZATIONSTARTDATE"] or "")[:10])
            for r in lines] == [("PREPAID-12", "2026-12-01"), (None, "")]  # fmt: skip
