"""WHENPAID is the date a document was fully paid, live and in the seed (issue 10, item 6)."""

from __future__ import annotations

from .helpers import call, fn, ok, rows
from .test_accounting import detail, new_invoice, pay


def _when_paid(handle, key: int) -> str:
    reply = call(
        handle,
        fn(
            "<query><object>ARINVOICE</object><select><field>WHENPAID</field>"
            "<field>STATE</field></select><filter><equalto><field>RECORDNO</field>"
            f"<value>{key}</value></equalto></filter>"
            "<options><showprivate>true</showprivate></options></query>"
        ),
    )
    (row,) = rows(ok(reply))
    assert row["STATE"] == "Paid"
    return row["WHENPAID"]


def test_full_payment_sets_the_payment_date(sandbox):
    customer, key = new_invoice(sandbox, ("100.00",))
    ok(pay(sandbox, customer, detail(key, "100.00")))
    assert _when_paid(sandbox, key) == "11/03/2026"


def test_the_payment_that_completes_the_invoice_dates_it(sandbox):
    customer, key = new_invoice(sandbox, ("100.00",))
    ok(pay(sandbox, customer, detail(key, "40.00")))
    later = "<RECEIPTDATE>11/09/2026</RECEIPTDATE>"
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><CUSTOMERID>{customer}</CUSTOMERID>{later}<ARPYMTDETAILS>"
        f"{detail(key, '60.00')}</ARPYMTDETAILS></ARPYMT></create>"
    )
    ok(call(sandbox, fn(body, "p2")))
    assert _when_paid(sandbox, key) == "11/09/2026"


def test_seeded_paid_documents_are_dated_by_their_last_application(sandbox_server):
    for documents, details in (("arinvoice", "arpymtdetail"), ("apbill", "appymtdetail")):
        paid = sandbox_server.query_rows(
            f"SELECT COUNT(*) AS n FROM {documents} WHERE \"STATE\" = 'Paid'"
        )[0]["n"]
        assert paid > 50
        wrong = sandbox_server.query_rows(
            f"SELECT COUNT(*) AS n FROM {documents} i WHERE i.\"STATE\" = 'Paid' AND "
            f'i."WHENPAID" IS NOT (SELECT MAX(d."PAYMENTDATE") FROM {details} d '
            'WHERE d."RECORDKEY" = i."RECORDNO")'
        )[0]["n"]
        assert wrong == 0, documents
