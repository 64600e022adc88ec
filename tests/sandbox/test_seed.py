"""The seeded company: deterministic, proportionate, internally consistent."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from integrations.sandbox.seed import seed_company
from integrations.sandbox.seed.context import PINNED_AS_OF
from integrations.sandbox.store import Store


def digest(handle_or_store, table: str) -> str:
    rows = handle_or_store.query_rows(f'SELECT * FROM {table} ORDER BY "RECORDNO"')
    return hashlib.sha256(repr([sorted(row.items()) for row in rows]).encode()).hexdigest()


def counts(handle) -> dict[str, int]:
    """Records per table; the Reversal twins of reversed documents are not counted."""
    tables = ("customer", "vendor", "arinvoice", "arpymt", "aradjustment", "apbill", "podocument")
    twins = {"arinvoice", "apbill"}
    return {
        t: handle.query_rows(
            f"SELECT COUNT(*) AS n FROM {t}"
            + (" WHERE \"STATE\" != 'Reversal'" if t in twins else "")
        )[0]["n"]
        for t in tables
    }


def test_same_seed_same_company_different_seed_differs(make_sandbox):
    first, second, other = (make_sandbox(scale=200, seed=s) for s in (11, 11, 12))
    for table in ("customer", "arinvoice", "arpymtdetail", "apbill", "podocumententry"):
        assert digest(first, table) == digest(second, table), table
    assert digest(first, "arinvoice") != digest(other, "arinvoice")


def test_proportions_per_thousand_invoices(make_sandbox):
    handle = make_sandbox(scale=1000, seed=2)
    n = counts(handle)
    deleted = handle.query_rows("SELECT COUNT(*) AS n FROM audithistory WHERE \"ACCESSMODE\"='D'")[
        0
    ]["n"]
    assert n["arinvoice"] + deleted == 1000
    assert 140 <= n["customer"] <= 160
    assert 75 <= n["vendor"] <= 85
    assert 600 <= n["arpymt"] <= 800
    assert 45 <= n["aradjustment"] <= 75
    assert 850 <= n["apbill"] <= 950
    purchase_orders = handle.query_rows(
        "SELECT COUNT(*) AS n FROM podocument WHERE \"DOCPARID\" LIKE 'Purchase Order%' "
        "AND \"BACKORDER\" = 'No'"
    )[0]["n"]
    assert purchase_orders == 120
    open_invoices = handle.query_rows(
        "SELECT COUNT(*) AS n FROM arinvoice WHERE \"STATE\" IN ('Posted','Partially Paid')"
    )[0]["n"]
    assert 60 <= open_invoices <= 150


def test_invoice_states_match_their_applications(sandbox_server):
    invoices = sandbox_server.query_rows(
        'SELECT i."RECORDNO", i."STATE", i."TOTALENTERED", i."TOTALPAID", i."TOTALDUE", '
        'COALESCE(SUM(d."PAYMENTAMOUNT"), 0) + COALESCE(SUM(d."ADJUSTMENTAMOUNT"), 0) AS applied '
        'FROM arinvoice i LEFT JOIN arpymtdetail d ON d."RECORDKEY" = i."RECORDNO" '
        'GROUP BY i."RECORDNO"'
    )
    states = set()
    for row in invoices:
        total, paid, applied = (
            Decimal(str(row[k])).quantize(Decimal("0.01"))
            for k in ("TOTALENTERED", "TOTALPAID", "applied")
        )
        assert paid == applied, row
        # A reversed invoice and its Reversal twin owe nothing.
        due = 0 if row["STATE"] in ("Reversed", "Reversal") else total - paid
        assert Decimal(str(row["TOTALDUE"])).quantize(Decimal("0.01")) == due, row
        if row["STATE"] == "Paid":
            assert paid == total
        elif row["STATE"] == "Partially Paid":
            assert 0 < abs(paid) < abs(total)
        elif row["STATE"] == "Posted":
            assert paid == 0
        states.add(row["STATE"])
    assert {"Paid", "Partially Paid", "Posted", "Draft"} <= states
    negatives = [row for row in invoices if row["TOTALENTERED"] < 0]
    assert negatives


def test_company_content(sandbox_server):
    q = sandbox_server.query_rows
    names = " ".join(row["NAME"] for row in q('SELECT "NAME" FROM customer'))
    # Other tests of the shared sandbox may add contacts without a first name.
    contacts = " ".join(row["FIRSTNAME"] or "" for row in q('SELECT "FIRSTNAME" FROM contact'))
    assert any(ch in names for ch in '&<"')
    assert any(name in contacts for name in ("Romarío", "Zoë", "Łukasz"))
    assert {row["CURRENCY"] for row in q('SELECT "CURRENCY" FROM locationentity')} == {
        "USD",
        "GBP",
        "CAD",
    }
    assert {row["STATUS"] for row in q('SELECT DISTINCT "STATUS" FROM vendor')} == {
        "active",
        "active non-posting",
        "inactive",
    }
    bill_states = {row["STATE"] for row in q('SELECT DISTINCT "STATE" FROM apbill')}
    assert {"Draft", "Posted", "Paid", "Partially Paid", "Selected", "Declined"} <= bill_states
    po_states = {
        row["STATE"]
        for row in q('SELECT DISTINCT "STATE" FROM podocument WHERE "DOCPARID"=\'Purchase Order\'')
    }
    assert {"Pending", "Converted", "Closed"} <= po_states
    assert q("SELECT COUNT(*) AS n FROM podocument WHERE \"DOCPARID\"='PO Receiver'")[0]["n"]
    span = q('SELECT MIN("WHENCREATED") AS lo, MAX("WHENCREATED") AS hi FROM arinvoice')[0]
    assert span["lo"] < "2024-10-01" and span["hi"] >= "2026-09-01"
    assert q('SELECT COUNT(*) AS n FROM customer WHERE "CUSTOMER_TIER" IS NOT NULL')[0]["n"]
    assert q("SELECT COUNT(*) AS n FROM arinvoice WHERE \"MODULEKEY\"='8.SO'")[0]["n"]
    assert q('SELECT COUNT(*) AS n FROM arpymt WHERE "TOTALDUE" > 0')[0]["n"], "unapplied"
    memos = {row["STATE"] for row in q('SELECT DISTINCT "STATE" FROM aradjustment')}
    assert {"Paid", "Posted"} <= memos
    multi = q(
        'SELECT "PAYMENTKEY" FROM arpymtdetail WHERE "PAYMENTKEY" IS NOT NULL '
        "GROUP BY 1 HAVING COUNT(*) > 1"
    )
    assert multi, "some payments apply to several invoices"
    assert q('SELECT COUNT(*) AS n FROM arinvoice WHERE "SUPDOCID" IS NOT NULL')[0]["n"]


def test_empty_company_has_only_setup(make_sandbox):
    handle = make_sandbox(empty=True)
    assert counts(handle)["customer"] == 0 and counts(handle)["arinvoice"] == 0
    assert len(handle.query_rows("SELECT 1 FROM locationentity")) == 3
    assert handle.query_rows("SELECT 1 FROM glaccount")


def test_existing_data_dir_is_reused(tmp_path):
    store = Store(tmp_path)
    seed_company(store, scale=20, seed=1, as_of=PINNED_AS_OF)
    assert store.exists()
    store.close()


def _history_bounds(store: Store) -> tuple[str, str, int, int]:
    with store.connection() as conn:
        as_of = store.get_meta(conn, "as_of")
        latest = conn.execute('SELECT MAX("WHENCREATED") FROM arinvoice').fetchone()[0]
        late, early = conn.execute(
            'SELECT SUM("WHENDUE" > ?), SUM("WHENDUE" < ?) FROM arinvoice '
            "WHERE \"STATE\" IN ('Posted', 'Partially Paid')",
            (as_of, as_of),
        ).fetchone()
    return as_of, latest, int(late or 0), int(early or 0)


def test_history_ends_today_unless_pinned(tmp_path):
    today = Store(tmp_path / "today")
    seed_company(today, scale=300, seed=5)
    as_of, latest, late, early = _history_bounds(today)
    assert as_of == date.today().isoformat()
    assert latest <= as_of and latest >= (date.today() - timedelta(days=7)).isoformat()
    assert late > 0 and early > 0, "open invoices fall due before and after today"
    pinned = Store(tmp_path / "pinned")
    seed_company(pinned, scale=300, seed=5, as_of=date(2025, 3, 15))
    as_of, latest, late, early = _history_bounds(pinned)
    assert as_of == "2025-03-15" and latest <= as_of
    assert late > 0 and early > 0
    today.close()
    pinned.close()
