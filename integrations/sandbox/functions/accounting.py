"""Totals and states of AR/AP documents as applications come and go.

An invoice's paid amount is the sum of its ARPYMTDETAIL applications (cash, credit memos,
advances, negative invoices); bills likewise with APPYMTDETAIL. Reversals add negative
applications, so states move Posted → Partially Paid → Paid and back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ..catalog import get_object
from ..store import Actor, update_record
from ..values import to_decimal
from .columns import STATE_LETTERS

_APPLIED_COLUMNS = (
    '"PAYMENTAMOUNT"',
    '"ADJUSTMENTAMOUNT"',
    '"INLINEAMOUNT"',
    '"POSTEDADVANCEAMOUNT"',
)
_AR_EXTRA = ('"POSTEDOVERPAYMENTAMOUNT"', '"NEGATIVEINVOICEAMOUNT"')
_FROZEN_STATES = {"Draft", "Reversed", "Reversal", "Submitted", "Declined", "Partially Approved"}


def state_for(total: Decimal, paid: Decimal) -> str:
    """Posted / Partially Paid / Paid for a document total and what has been applied."""
    if paid == 0:
        return "Posted"
    if abs(paid) >= abs(total):
        return "Paid"
    return "Partially Paid"


def applied(conn: Any, detail_table: str, column: str, key: int) -> tuple[Decimal, Decimal]:
    """(base, transaction) amounts applied to a document through detail rows."""
    columns = _APPLIED_COLUMNS + (_AR_EXTRA if detail_table == "arpymtdetail" else ())
    base_sum = " + ".join(f"COALESCE(SUM({name}), 0)" for name in columns)
    trx_sum = " + ".join(f'COALESCE(SUM("TRX_{name[1:]}), 0)' for name in columns)
    row = conn.execute(
        f'SELECT {base_sum}, {trx_sum} FROM {detail_table} WHERE "{column}" = ? '
        "AND COALESCE(\"STATE\", '') != 'Draft'",
        (key,),
    ).fetchone()
    return to_decimal(row[0]).quantize(Decimal("0.01")), to_decimal(row[1]).quantize(
        Decimal("0.01")
    )


def date_fully_paid(
    conn: Any, detail_table: str, column: str, key: int, trx_total: Decimal
) -> str | None:
    """The payment date on which the applications (in date order) first cover the total."""
    columns = _APPLIED_COLUMNS + (_AR_EXTRA if detail_table == "arpymtdetail" else ())
    trx_sum = " + ".join(f'COALESCE(SUM("TRX_{name[1:]}), 0)' for name in columns)
    rows = conn.execute(
        f'SELECT "PAYMENTDATE", {trx_sum} FROM {detail_table} WHERE "{column}" = ? '
        "AND COALESCE(\"STATE\", '') != 'Draft' GROUP BY \"PAYMENTDATE\" "
        'ORDER BY "PAYMENTDATE"',
        (key,),
    ).fetchall()
    running = Decimal(0)
    for day, amount in rows:
        running += to_decimal(amount)
        if day and abs(running) >= abs(trx_total):
            return str(day)[:10]
    return None


def refresh_document(
    conn: Any, object_name: str, recordno: int, actor: Actor, now: datetime
) -> dict[str, Any]:
    """Recompute TOTALPAID/TOTALDUE (and TRX_ twins), STATE, RAWSTATE and WHENPAID."""
    definition = get_object(object_name)
    assert definition is not None
    row = conn.execute(
        f'SELECT "TOTALENTERED", "TRX_TOTALENTERED", "STATE" FROM {definition.table} '
        'WHERE "RECORDNO" = ?',
        (recordno,),
    ).fetchone()
    if row is None:
        return {}
    total, trx_total, state = to_decimal(row[0]), to_decimal(row[1]), row[2]
    detail_table = "appymtdetail" if object_name.startswith("AP") else "arpymtdetail"
    key_column = "ADJUSTMENTKEY" if object_name.endswith("ADJUSTMENT") else "RECORDKEY"
    paid, trx_paid = applied(conn, detail_table, key_column, recordno)
    if object_name.endswith("ADJUSTMENT"):
        # Credits are negative documents: applying them moves their due towards zero.
        paid, trx_paid = -paid, -trx_paid
    new_state = state if state in _FROZEN_STATES else state_for(trx_total, trx_paid)
    values: dict[str, Any] = {
        "TOTALPAID": float(paid),
        "TOTALDUE": float(total - paid),
        "TRX_TOTALPAID": float(trx_paid),
        "TRX_TOTALDUE": float(trx_total - trx_paid),
        "STATE": new_state,
        "RAWSTATE": STATE_LETTERS.get(new_state, ""),
        "WHENPAID": None,
    }
    if new_state == "Paid":
        when = date_fully_paid(conn, detail_table, key_column, recordno, trx_total)
        values["WHENPAID"] = when or now.date().isoformat()
    if "TRX_ENTITYDUE" in definition.fields:
        values["TRX_ENTITYDUE"] = float(trx_total - trx_paid)
    update_record(conn, definition, recordno, values, actor, now)
    line_table = {"ARINVOICE": "arinvoiceitem", "APBILL": "apbillitem"}.get(object_name)
    if line_table:
        _spread_over_lines(conn, line_table, recordno, paid, trx_paid, new_state, now)
    return values


def _spread_over_lines(
    conn: Any,
    table: str,
    recordno: int,
    paid: Decimal,
    trx_paid: Decimal,
    state: str,
    now: datetime,
) -> None:
    """Apply the paid amount to lines in order (the 'waterfall')."""
    lines = conn.execute(
        f'SELECT "RECORDNO", "AMOUNT", "TRX_AMOUNT" FROM {table} WHERE "RECORDKEY" = ? '
        'ORDER BY "LINE_NO"',
        (recordno,),
    ).fetchall()
    stamp = now.isoformat(sep=" ")
    for index, (line, amount, trx_amount) in enumerate(lines):
        last = index == len(lines) - 1
        line_paid = paid if last else min(to_decimal(amount), paid)
        line_trx = trx_paid if last else min(to_decimal(trx_amount), trx_paid)
        paid -= line_paid
        trx_paid -= line_trx
        conn.execute(
            f'UPDATE {table} SET "TOTALPAID"=?, "TRX_TOTALPAID"=?, "STATE"=?, "WHENMODIFIED"=? '
            'WHERE "RECORDNO"=?',
            (float(line_paid), float(line_trx), state, stamp, line),
        )


# What a customer owes, as CUSTOMER.TOTALDUE shows it: its open invoices, less its open credit
# memos (their TOTALDUE is negative) and the payments not yet applied (advances and
# overpayments: their TOTALDUE is what is left to apply), whatever their age.
CUSTOMER_DUE_SQL = """
SELECT "CUSTOMERID", ROUND(COALESCE(SUM(due), 0), 2) FROM (
    SELECT "CUSTOMERID", "TOTALDUE" AS due FROM arinvoice
    WHERE "STATE" IN ('Posted', 'Partially Paid')
    UNION ALL
    SELECT "CUSTOMERID", "TOTALDUE" FROM aradjustment
    WHERE "STATE" IN ('Posted', 'Partially Paid')
    UNION ALL
    SELECT "CUSTOMERID", -"TOTALDUE" FROM arpymt
    WHERE "STATE" NOT IN ('Draft', 'Reversed', 'Reversal') AND "TOTALDUE" <> 0
) {where} GROUP BY 1
"""


def refresh_party_due(conn: Any, object_name: str, ident: str) -> None:
    """Keep CUSTOMER/VENDOR.TOTALDUE equal to the open balance of their documents."""
    if object_name == "CUSTOMER":
        row = conn.execute(
            CUSTOMER_DUE_SQL.format(where='WHERE "CUSTOMERID" = ?'), (ident,)
        ).fetchone()
        total = row[1] if row else 0.0
        conn.execute('UPDATE customer SET "TOTALDUE" = ? WHERE "CUSTOMERID" = ?', (total, ident))
        return
    total = conn.execute(
        'SELECT ROUND(COALESCE(SUM("TOTALDUE"), 0), 2) FROM apbill WHERE "VENDORID" = ? '
        "AND \"STATE\" IN ('Posted', 'Partially Paid')",
        (ident,),
    ).fetchone()[0]
    conn.execute('UPDATE vendor SET "TOTALDUE" = ? WHERE "VENDORID" = ?', (total, ident))


def applied_documents(conn: Any, detail_table: str, column: str, key: int) -> list[tuple[str, int]]:
    """The documents (and credits) that detail rows with ``column = key`` pay."""
    side = "AP" if detail_table == "appymtdetail" else "AR"
    documents = "APBILL" if side == "AP" else "ARINVOICE"
    found: list[tuple[str, int]] = []
    for target, credit in conn.execute(
        f'SELECT DISTINCT "RECORDKEY", "ADJUSTMENTKEY" FROM {detail_table} WHERE "{column}" = ?',
        (key,),
    ).fetchall():
        if target is not None:
            found.append((documents, int(target)))
        if credit is not None:
            found.append((f"{side}ADJUSTMENT", int(credit)))
    return list(dict.fromkeys(found))


def refresh_documents(
    conn: Any, documents: list[tuple[str, int]], actor: Actor, now: datetime
) -> None:
    """Recompute totals and states of ``documents`` and their customers' or vendors' dues."""
    parties: set[tuple[str, str]] = set()
    for object_name, recordno in documents:
        refresh_document(conn, object_name, recordno, actor, now)
        definition = get_object(object_name)
        assert definition is not None
        party_field = "VENDORID" if object_name.startswith("AP") else "CUSTOMERID"
        row = conn.execute(
            f'SELECT "{party_field}" FROM {definition.table} WHERE "RECORDNO" = ?', (recordno,)
        ).fetchone()
        if row is not None and row[0]:
            parties.add(("VENDOR" if party_field == "VENDORID" else "CUSTOMER", str(row[0])))
    for party, ident in sorted(parties):
        refresh_party_due(conn, party, ident)


def use_overpayment(conn: Any, recordno: int, amount: Decimal, actor: Actor, now: datetime) -> None:
    """An AR payment's unapplied amount (overpayment) pays ``amount`` of an invoice elsewhere
    (a negative ``amount`` gives it back, when that payment is reversed)."""
    definition = get_object("ARPYMT")
    assert definition is not None
    row = conn.execute(
        'SELECT "TRX_TOTALPAID", "TRX_TOTALENTERED", "CURRENCY", "BASECURR", "EXCHANGE_RATE" '
        'FROM arpymt WHERE "RECORDNO" = ?',
        (recordno,),
    ).fetchone()
    if row is None:
        return
    paid = to_decimal(row[0]) + amount
    total = to_decimal(row[1])
    rate = to_decimal(row[4]) if row[4] else Decimal(1)
    update_record(
        conn,
        definition,
        recordno,
        {
            "TRX_TOTALPAID": float(paid),
            "TRX_TOTALDUE": float(total - paid),
            "TOTALPAID": float((paid * rate).quantize(Decimal("0.01"))),
            "TOTALDUE": float(((total - paid) * rate).quantize(Decimal("0.01"))),
        },
        actor,
        now,
    )
