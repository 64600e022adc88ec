"""Bill payments and fee credits over HTTP against the sandbox, read back after every step:
Tipalti's payment map, paid manually from a bank or a card account on the chosen date, a
deleted payment voided with its bill owing again, and the seed's fee example to the cent."""

from datetime import date
from decimal import Decimal

import pytest

from ap.bill_lifecycle import bill_approve, bill_create
from ap.fees import payment_paid_with_fees, payment_submit
from ap.models import APPushSettings, Bill, BillPayment, BillStatus, CreditEntry, Vendor
from ap.payments import bill_paid_manually, payment_delete, payment_make
from ap.vendor_sync import vendor_save

from .push_helpers import pull, push

pytestmark = pytest.mark.django_db

STEPS = ["vendors_push", "bills_push", "vendor_credits_push", "bill_payments_push"]


@pytest.fixture
def conn(sandbox, connect):
    conn = connect(sandbox, push_location_id="US")
    pull(conn, ["ap_terms"], stage="initial")
    APPushSettings.objects.create(
        connection=conn,
        bank_account_id="BOA-OPS",
        card_account_id="AMEX-US",
        fee_gl_account="6300",
        netnow_gl_account="6300",
        withholding_gl_account="6200",
    )
    return conn


@pytest.fixture
def vendor(conn):
    vendor = Vendor(connection=conn, vendor_id="V-PAY", name="Payee One", term_name="N30")
    vendor_save(vendor=vendor)
    return vendor


def approved_bill(conn, vendor, number, amount="1000.00"):
    bill = bill_create(
        connection=conn,
        vendor=vendor,
        number=number,
        bill_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        lines=[{"gl_account": "6000", "amount": amount, "memo": "Services"}],
    )
    bill_approve(bill=bill, approved_on=date(2026, 11, 3), approved_by="ana")
    return bill


def pushed(conn):
    run = push(conn, STEPS)
    assert run.status == "succeeded", run.message
    assert not any(c.get("failed") for c in (run.counts or {}).values()), run.counts
    return run


def intacct_bill(sandbox, number):
    (row,) = sandbox.query_rows(
        "SELECT RECORDNO, STATE, TRX_TOTALPAID, TRX_TOTALDUE FROM apbill WHERE RECORDID = ?",
        [number],
    )
    return row


def intacct_payments(sandbox, vendor_id):
    return sandbox.query_rows(
        "SELECT RECORDNO, STATE, FINANCIALENTITY, FINANCIALENTITYTYPE, PAYMENTMETHOD, "
        "WHENCREATED, DOCNUMBER, DESCRIPTION, TRX_TOTALENTERED FROM appymt "
        "WHERE VENDORID = ? AND STATE <> 'Reversal' ORDER BY RECORDNO",
        [vendor_id],
    )


def cents(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def test_tipalti_payment_map_over_two_bills(sandbox, conn, vendor):
    first = approved_bill(conn, vendor, "PAY-1", "400.00")
    second = approved_bill(conn, vendor, "PAY-2", "250.00")
    payment_make(
        bills=[(first, Decimal("400.00")), (second, Decimal("100.00"))],
        submitted_on=date(2026, 11, 9),
        reference_code="tip-pay-77",
        transaction_reference="REF-0077",
    )
    pushed(conn)
    (row,) = intacct_payments(sandbox, "V-PAY")
    assert (row["FINANCIALENTITY"], row["PAYMENTMETHOD"], str(row["WHENCREATED"])[:10]) == (
        "BOA-OPS", "EFT", "2026-11-09",
    )  # fmt: skip
    assert (row["DOCNUMBER"], row["DESCRIPTION"]) == ("REF-0077", "tip-pay-77")
    assert cents(row["TRX_TOTALENTERED"]) == Decimal("500.00")
    assert intacct_bill(sandbox, "PAY-1")["STATE"] == "Paid"
    assert cents(intacct_bill(sandbox, "PAY-2")["TRX_TOTALDUE"]) == Decimal("150.00")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.app_status, second.app_status) == (BillStatus.PAID, BillStatus.PARTIALLY_PAID)


def test_paid_manually_by_bank_or_card_then_deleted_is_voided(sandbox, conn, vendor):
    bill = approved_bill(conn, vendor, "MAN-1")
    payment = bill_paid_manually(bill=bill, account_type="bank", paid_on=date(2026, 11, 10))
    pushed(conn)
    (row,) = intacct_payments(sandbox, "V-PAY")
    assert (row["FINANCIALENTITY"], row["FINANCIALENTITYTYPE"]) == ("BOA-OPS", "BA")
    assert str(row["WHENCREATED"])[:10] == "2026-11-10"
    assert intacct_bill(sandbox, "MAN-1")["STATE"] == "Paid"

    payment_delete(payment=payment, deleted_on=date(2026, 11, 12))
    bill.refresh_from_db()
    assert bill.app_status == BillStatus.SCHEDULED
    pushed(conn)
    (voided,) = intacct_payments(sandbox, "V-PAY")
    assert voided["STATE"] == "Reversed"  # the sandbox names a voided payment so
    after = intacct_bill(sandbox, "MAN-1")
    assert (after["STATE"], cents(after["TRX_TOTALDUE"])) == ("Posted", Decimal("1000.00"))
    payment.refresh_from_db()
    assert payment.voided_recordno == row["RECORDNO"]
    pushed(conn)  # nothing more to send
    assert len(intacct_payments(sandbox, "V-PAY")) == 1

    card_bill = approved_bill(conn, vendor, "MAN-2", "80.00")
    bill_paid_manually(bill=card_bill, account_type="card", paid_on=date(2026, 11, 14))
    pushed(conn)
    card = intacct_payments(sandbox, "V-PAY")[-1]
    assert (card["FINANCIALENTITY"], card["FINANCIALENTITYTYPE"], card["PAYMENTMETHOD"]) == (
        "AMEX-US", "CC", "Charge Card",
    )  # fmt: skip
    assert intacct_bill(sandbox, "MAN-2")["STATE"] == "Paid"


def test_the_fee_example_to_the_cent(sandbox, conn, vendor):
    bill = approved_bill(conn, vendor, "FEE-1", "1000.00")
    payment_submit(
        bill=bill,
        submitted_on=date(2026, 11, 5),
        transaction_fee=Decimal("3.00"),
        credit_number="FEE-1-C1",
    )
    pushed(conn)  # the bill and the fee credit are written on submission
    (credit1,) = sandbox.query_rows(
        "SELECT RECORDNO, TRX_TOTALENTERED, TRX_TOTALDUE FROM apadjustment WHERE RECORDID = ?",
        ["FEE-1-C1"],
    )
    assert cents(credit1["TRX_TOTALENTERED"]) == Decimal("-3.00")

    payment = payment_paid_with_fees(
        bill=bill,
        paid_on=date(2026, 11, 8),
        net_amount=Decimal("990.00"),
        netnow_fee=Decimal("2.00"),
        withholding=Decimal("4.00"),
        fx_fee=Decimal("1.00"),
        withholding_number="FEE-1-C2",
        reference_code="tip-fee-1",
        transaction_reference="REF-FEE-1",
    )
    # Here: credit 1 shows both fees (3.00 + 2.00), credit 2 the withholding.
    credit_here = bill.fee_credits.order_by("pk")
    assert [
        sorted((e.kind, e.amount) for e in c.entries.all()) for c in credit_here
    ] == [
        [(CreditEntry.Kind.NETNOW_FEE, Decimal("2.00")),
         (CreditEntry.Kind.TRANSACTION_FEE, Decimal("3.00"))],
        [(CreditEntry.Kind.WITHHOLDING, Decimal("4.00"))],
    ]  # fmt: skip
    pushed(conn)

    # In Intacct: payment 993.00 (990 net + 2 NetNow + 1 FX) + credits 3.00 and 4.00.
    (paid,) = intacct_payments(sandbox, "V-PAY")
    assert cents(paid["TRX_TOTALENTERED"]) == Decimal("993.00")
    details = sandbox.query_rows(
        "SELECT TRX_PAYMENTAMOUNT, ADJUSTMENTKEY, TRX_ADJUSTMENTAMOUNT FROM appymtdetail "
        "WHERE PAYMENTKEY = ? ORDER BY RECORDNO",
        [paid["RECORDNO"]],
    )
    assert sum(cents(d["TRX_PAYMENTAMOUNT"]) for d in details) == Decimal("993.00")
    assert sorted(cents(d["TRX_ADJUSTMENTAMOUNT"]) for d in details if d["ADJUSTMENTKEY"]) == [
        Decimal("3.00"), Decimal("4.00"),
    ]  # fmt: skip
    final = intacct_bill(sandbox, "FEE-1")
    assert (final["STATE"], cents(final["TRX_TOTALDUE"])) == ("Paid", Decimal("0.00"))
    assert cents(final["TRX_TOTALPAID"]) == Decimal("1000.00")
    credits = sandbox.query_rows(
        "SELECT RECORDID, TRX_TOTALENTERED, TRX_TOTALDUE FROM apadjustment "
        "WHERE RECORDID LIKE 'FEE-1-C%' ORDER BY RECORDID",
        [],
    )
    assert [
        (c["RECORDID"], cents(c["TRX_TOTALENTERED"]), cents(c["TRX_TOTALDUE"])) for c in credits
    ] == [
        ("FEE-1-C1", Decimal("-3.00"), Decimal("0.00")),
        ("FEE-1-C2", Decimal("-4.00"), Decimal("0.00")),
    ]  # fmt: skip  (both fully used: nothing left to count again)
    assert Bill.objects.get(pk=bill.pk).app_status == BillStatus.PAID
    assert BillPayment.objects.get(pk=payment.pk).fx_fee == Decimal("1.00")
