"""Exactly once under faults: 2,000 AP documents made here — 800 bills, 400 fee credits and
800 bill payments (half of them applying a credit) — pushed while 20% of write requests lose
their answer after commit, answer 524 after committing, time out (and then run), or answer
5xx. Counted by business key in the sandbox: each bill, credit and payment exists once, and
every bill ends fully paid."""

from datetime import date
from decimal import Decimal

import pytest

from ap.bill_lifecycle import bill_approve, bill_create
from ap.fees import payment_submit
from ap.models import APPushSettings, Bill, BillPayment, Vendor, VendorCredit
from ap.payments import payment_make
from ap.vendor_sync import vendor_save
from integrations.models import SyncState

from .push_helpers import pull, push

pytestmark = pytest.mark.django_db

BILLS = 800
FAULTS = {
    "lost_ack": {"probability": 0.05, "writes_only": True},
    "http524_after_commit": {"probability": 0.05, "writes_only": True},
    "timeout": {"probability": 0.05, "writes_only": True},
    "http503": {"probability": 0.03, "writes_only": True},
    "http500": {"probability": 0.02, "writes_only": True},
}
STEPS = ["vendors_push", "bills_push", "vendor_credits_push", "bill_payments_push"]
MODELS = (Bill, VendorCredit, BillPayment)


def pending(conn):
    return any(
        m.objects.filter(connection=conn, sync_state=SyncState.PENDING_PUSH).exists()
        for m in MODELS
    )


def test_two_thousand_bills_payments_and_credits_land_exactly_once(make_sandbox, connect, settings):
    # Seeded draws: the fault mix hits the same requests every run (no luck involved).
    sandbox = make_sandbox(scale=20, timeout_hold_seconds=1.2, fault_seed=20261130)
    conn = connect(sandbox, push_location_id="US")
    settings.INTACCT_READ_TIMEOUT_SECONDS = 1
    settings.INTACCT_BATCH_SIZE = 50
    pull(conn, ["ap_terms"], stage="initial")
    APPushSettings.objects.create(connection=conn, bank_account_id="BOA-OPS",
                                  fee_gl_account="6300")  # fmt: skip
    vendors = []
    for n in range(10):
        vendor = Vendor(connection=conn, vendor_id=f"XV-{n}", name=f"Exactly once {n}")
        vendor_save(vendor=vendor)
        vendors.append(vendor)
    assert push(conn, ["vendors_push"]).status == "succeeded"

    for n in range(BILLS):
        bill = bill_create(
            connection=conn,
            vendor=vendors[n % len(vendors)],
            number=f"XO-{n:05d}",
            bill_date=date(2026, 11, 1),
            due_date=date(2026, 12, 1),
            lines=[{"gl_account": "6000", "amount": f"{100 + n % 50}.50"}],
        )
        bill_approve(bill=bill, approved_on=date(2026, 11, 2), approved_by="ana")
        total = bill.total_entered
        if n % 2 == 0:
            credit = payment_submit(bill=bill, submitted_on=date(2026, 11, 3),
                                    transaction_fee=Decimal("1.50"),
                                    credit_number=f"XC-{n:05d}")  # fmt: skip
            payment_make(bills=[(bill, total - Decimal("1.50"))],
                         credits=[(bill, credit, Decimal("1.50"))],
                         submitted_on=date(2026, 11, 4), reference_code=f"XP-{n:05d}")  # fmt: skip
        else:
            payment_make(bills=[(bill, total)], submitted_on=date(2026, 11, 4),
                         reference_code=f"XP-{n:05d}")  # fmt: skip
    assert sum(m.objects.filter(connection=conn, origin="app").count() for m in MODELS) == 2000

    sandbox.set_faults(FAULTS)
    runs = []
    while pending(conn):
        assert len(runs) < 6, [r.counts for r in runs]
        runs.append(push(conn, STEPS))
    injected = sandbox.status()["faults_injected"]
    sandbox.clear_faults()
    assert sum(injected.values()) >= 5, injected  # the mix really hit the push

    def counted(sql):
        return {r["k"]: r["n"] for r in sandbox.query_rows(sql)}

    bills = counted("SELECT RECORDID AS k, COUNT(*) AS n FROM apbill WHERE RECORDID LIKE 'XO-%' "
                    "GROUP BY RECORDID")  # fmt: skip
    credits = counted("SELECT RECORDID AS k, COUNT(*) AS n FROM apadjustment "
                      "WHERE RECORDID LIKE 'XC-%' GROUP BY RECORDID")  # fmt: skip
    payments = counted("SELECT DESCRIPTION AS k, COUNT(*) AS n FROM appymt "
                       "WHERE DESCRIPTION LIKE 'XP-%' GROUP BY DESCRIPTION")  # fmt: skip
    assert (len(bills), len(credits), len(payments)) == (BILLS, BILLS // 2, BILLS)
    assert {k for k, n in (bills | credits | payments).items() if n != 1} == set()
    unpaid = sandbox.query_rows(
        "SELECT RECORDID FROM apbill WHERE RECORDID LIKE 'XO-%' AND STATE <> 'Paid'"
    )
    assert unpaid == []
    for model in MODELS:
        mine = model.objects.filter(connection=conn, origin="app")
        assert not mine.filter(sync_state=SyncState.FAILED).exists()
        assert not mine.filter(intacct_recordno__isnull=True).exists()
    local = dict(Bill.objects.filter(connection=conn, origin="app").values_list(
        "number", "intacct_recordno"))  # fmt: skip
    keys = {r["RECORDID"]: r["RECORDNO"] for r in sandbox.query_rows(
        "SELECT RECORDID, RECORDNO FROM apbill WHERE RECORDID LIKE 'XO-%'")}  # fmt: skip
    assert local == keys
