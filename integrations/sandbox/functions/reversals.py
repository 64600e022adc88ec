"""Reversals shared by AR and AP: a document or payment becomes Reversed (or Voided) and a
Reversal twin with negated amounts appears; what a payment paid gets its totals back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import error
from ..rules import WRONG_STATE, reversal_date_error
from ..store import insert_record, update_record
from .accounting import (
    applied_documents,
    refresh_documents,
    refresh_party_due,
    use_overpayment,
)
from .base import Context
from .columns import STATE_LETTERS
from .documents import definition_of
from .writing import fail

_TOTALS = ("TOTALENTERED", "TOTALPAID", "TOTALDUE", "TRX_TOTALENTERED", "TRX_TOTALPAID")
_SKIPPED = ("RECORDNO", "WHENMODIFIED", "AUWHENCREATED", "RECORD_URL")


def check_reversal_date(object_name: str, when: str, original: str | None, what: str) -> None:
    """A reversal may not be dated before the original (PROTOCOL §17.3.4)."""
    if original and when < str(original)[:10]:
        raise fail(object_name, reversal_date_error(when, str(original)[:10], what), verb="update")


def refuse_state(
    object_name: str, row: dict[str, Any], allowed: tuple[str, ...], verb: str
) -> None:
    """The sandbox's WRONG_STATE failure when ``row`` is not in one of ``allowed`` states."""
    if row.get("STATE") not in allowed:
        raise fail(
            object_name,
            error(
                WRONG_STATE,
                f"Only {' or '.join(s.lower() for s in allowed)} records can be {verb}d "
                f"(this one is {row.get('STATE')}).",
                f"Cannot {verb}",
            ),
            verb="update",
        )


def reverse_document(
    context: Context, object_name: str, document: dict[str, Any], when: str, memo: str
) -> int:
    """Reverse an unpaid invoice or bill: Reversed original, zero-due Reversal twin."""
    definition = definition_of(object_name)
    now = context.store.now()
    update_record(
        context.conn,
        definition,
        int(document["RECORDNO"]),
        {"STATE": "Reversed", "RAWSTATE": "V", "TOTALDUE": 0.0, "TRX_TOTALDUE": 0.0},
        context.actor,
        now,
    )
    twin = {name: value for name, value in document.items() if name not in _SKIPPED}
    for field in ("TOTALENTERED", "TRX_TOTALENTERED"):
        twin[field] = -(document[field] or 0)
    twin.update(
        {
            "STATE": "Reversal",
            "RAWSTATE": "R",
            "TOTALDUE": 0.0,
            "TRX_TOTALDUE": 0.0,
            "TOTALPAID": 0.0,
            "TRX_TOTALPAID": 0.0,
            "WHENCREATED": when,
            "WHENPOSTED": when,
            "WHENPAID": None,
            "RECORDID": f"{document['RECORDID']}-R" if document.get("RECORDID") else None,
            "DESCRIPTION": memo or f"Reversal of {document['RECORDID'] or document['RECORDNO']}",
        }
    )
    key = insert_record(context.conn, definition, twin, context.actor, now)
    party = "VENDOR" if object_name.startswith("AP") else "CUSTOMER"
    refresh_party_due(context.conn, party, str(document[f"{party}ID"]))
    return key


def reverse_payment(
    context: Context,
    object_name: str,
    payment: dict[str, Any],
    when: str,
    reversed_display: str,
    memo: str = "",
) -> int:
    """Reverse (AR) or void (AP) a payment: its applications are negated in a Reversal twin and
    every invoice, bill and credit it paid gets its totals and state back."""
    definition = definition_of(object_name)
    detail_table = "appymtdetail" if object_name == "APPYMT" else "arpymtdetail"
    detail = definition_of(detail_table.upper())
    key = int(payment["RECORDNO"])
    now = context.store.now()
    update_record(
        context.conn,
        definition,
        key,
        {"STATE": "Reversed", "RAWSTATE": "V", "DISPLAYSTATE": reversed_display},
        context.actor,
        now,
    )
    twin = {name: value for name, value in payment.items() if name not in _SKIPPED}
    for field in (*_TOTALS, "TRX_TOTALDUE"):
        if field in twin:
            twin[field] = -(payment[field] or 0)
    date_field = "RECEIPTDATE" if object_name == "ARPYMT" else "PAYMENTDATE"
    twin.update(
        {
            "STATE": "Reversal",
            "RAWSTATE": STATE_LETTERS["Reversal"],
            "DISPLAYSTATE": "Reversal",
            "WHENCREATED": when,
            date_field: when,
            "WHENPAID": when,
            "PARENTPAYMENTKEY": key,
            "RECORDID": f"{payment['RECORDID']}-R" if payment.get("RECORDID") else None,
            "DESCRIPTION": memo or "Reversal",
        }
    )
    reversal = insert_record(context.conn, definition, twin, context.actor, now)
    paid = applied_documents(context.conn, detail_table, "PAYMENTKEY", key)
    cursor = context.conn.execute(f'SELECT * FROM {detail_table} WHERE "PAYMENTKEY" = ?', (key,))
    names = [column[0] for column in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        negated = {
            name: (-value if isinstance(value, float) else value)
            for name, value in row.items()
            if name not in ("RECORDNO", "WHENMODIFIED", "WHENCREATED")
        }
        negated.update({"PAYMENTKEY": reversal, "PAYMENTDATE": when, "STATE": "Reversal"})
        insert_record(context.conn, detail, negated, context.actor, now, audit=False)
    refresh_documents(context.conn, paid, context.actor, now)
    if object_name == "ARPYMT":
        # Overpayments this payment used are free to apply again.
        for source, used in context.conn.execute(
            'SELECT "POSTEDOVERPAYMENTKEY", SUM("TRX_POSTEDOVERPAYMENTAMOUNT") FROM arpymtdetail '
            'WHERE "PAYMENTKEY" = ? AND "POSTEDOVERPAYMENTKEY" IS NOT NULL '
            'GROUP BY "POSTEDOVERPAYMENTKEY"',
            (key,),
        ).fetchall():
            use_overpayment(context.conn, int(source), -Decimal(str(used)), context.actor, now)
    return reversal
