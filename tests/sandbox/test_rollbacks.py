"""Deleting or reversing a payment gives back what it paid; seeded reversals exist (item 7)."""

from __future__ import annotations

from .helpers import call, fn, ok
from .test_accounting import invoice_row, new_invoice, pay, ymd


def _row(handle, table: str, key: int) -> dict:
    return handle.query_rows(f'SELECT * FROM {table} WHERE "RECORDNO"=?', (key,))[0]


def _vendor_due(handle, vendor: str) -> float:
    return handle.query_rows('SELECT "TOTALDUE" FROM vendor WHERE "VENDORID"=?', (vendor,))[0][
        "TOTALDUE"
    ]


def test_deleting_an_ap_payment_restores_the_bill(sandbox):
    vendor = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]
    bill = (
        f"<create><APBILL><VENDORID>{vendor}</VENDORID><WHENCREATED>11/01/2026</WHENCREATED>"
        "<TERMNAME>N30</TERMNAME><RECORDID>RB-1</RECORDID><APBILLITEMS><APBILLITEM>"
        "<ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>100</TRX_AMOUNT><LOCATIONID>US</LOCATIONID>"
        "</APBILLITEM></APBILLITEMS></APBILL></create>"
    )
    key = int(ok(call(sandbox, fn(bill))).findtext("data/apbill/RECORDNO"))
    due_before = _vendor_due(sandbox, vendor)
    payment = (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><VENDORID>{vendor}</VENDORID><PAYMENTDATE>11/05/2026</PAYMENTDATE>"
        f"<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{key}</RECORDKEY><TRX_PAYMENTAMOUNT>100"
        "</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )
    paid = int(ok(call(sandbox, fn(payment, "p"))).findtext("data/appymt/RECORDNO"))
    assert _row(sandbox, "apbill", key)["STATE"] == "Paid"
    assert _vendor_due(sandbox, vendor) == due_before - 100
    ok(call(sandbox, fn(f"<delete><object>APPYMT</object><keys>{paid}</keys></delete>", "d")))
    after = _row(sandbox, "apbill", key)
    assert (after["STATE"], after["TOTALPAID"], after["TOTALDUE"], after["WHENPAID"]) == (
        "Posted",
        0,
        100,
        None,
    )
    lines = sandbox.query_rows('SELECT "TOTALPAID" FROM apbillitem WHERE "RECORDKEY"=?', (key,))
    assert [line["TOTALPAID"] for line in lines] == [0]
    assert _vendor_due(sandbox, vendor) == due_before


def test_reversing_an_ar_payment_restores_the_credit_memo_it_used(sandbox):
    customer, key = new_invoice(sandbox, ("100",))
    memo = (
        f"<create_aradjustment><customerid>{customer}</customerid>{ymd('datecreated')}"
        "<aradjustmentitems><lineitem><glaccountno>4900</glaccountno><amount>-30</amount>"
        "<locationid>US</locationid></lineitem></aradjustmentitems></create_aradjustment>"
    )
    memo_key = int(ok(call(sandbox, fn(memo, "m"))).findtext("key"))
    details = (
        f"<ARPYMTDETAIL><RECORDKEY>{key}</RECORDKEY><TRX_PAYMENTAMOUNT>70</TRX_PAYMENTAMOUNT>"
        f"<ADJUSTMENTKEY>{memo_key}</ADJUSTMENTKEY><TRX_ADJUSTMENTAMOUNT>30"
        "</TRX_ADJUSTMENTAMOUNT></ARPYMTDETAIL>"
    )
    payment = int(ok(pay(sandbox, customer, details)).findtext("data/arpymt/RECORDNO"))
    assert invoice_row(sandbox, key)["STATE"] == "Paid"
    assert _row(sandbox, "aradjustment", memo_key)["STATE"] == "Paid"
    reverse = f'<reverse_arpayment key="{payment}">{ymd("datereversed", day=4)}</reverse_arpayment>'
    ok(call(sandbox, fn(reverse, "r")))
    invoice = invoice_row(sandbox, key)
    assert (invoice["STATE"], invoice["TOTALDUE"], invoice["WHENPAID"]) == ("Posted", 100, None)
    credit = _row(sandbox, "aradjustment", memo_key)
    assert (credit["STATE"], credit["TOTALPAID"], credit["TOTALDUE"]) == ("Posted", 0, -30)


def test_seeded_reversed_documents_have_reversals_and_owe_nothing(sandbox_server):
    for table in ("arinvoice", "apbill"):
        reversed_rows = sandbox_server.query_rows(
            f'SELECT "RECORDID", "TOTALENTERED", "TOTALDUE", "WHENCREATED" FROM {table} '
            "WHERE \"STATE\" = 'Reversed'"
        )
        assert reversed_rows, table
        reversals = {
            row["RECORDID"]: row
            for row in sandbox_server.query_rows(
                f'SELECT "RECORDID", "TOTALENTERED", "TOTALDUE", "WHENCREATED" FROM {table} '
                "WHERE \"STATE\" = 'Reversal'"
            )
        }
        for row in reversed_rows:
            assert row["TOTALDUE"] == 0
            twin = reversals[f"{row['RECORDID']}-R"]
            assert twin["TOTALENTERED"] == -row["TOTALENTERED"] and twin["TOTALDUE"] == 0
            assert twin["WHENCREATED"] >= row["WHENCREATED"]
