"""Reversal records of the seeded Reversed invoices and bills, as a live reversal creates them.

A reversed document owes nothing; its Reversal twin carries the negated totals, is dated the
day the original was reversed (its last change, never before the original) and has no lines,
like the twin ``reverse_invoice`` writes.
"""

from __future__ import annotations

import sqlite3

from ..catalog import get_object
from ..store import quote

_ZEROED = ("TOTALDUE", "TRX_TOTALDUE", "TOTALPAID", "TRX_TOTALPAID", "TRX_ENTITYDUE")
_NEGATED = ("TOTALENTERED", "TRX_TOTALENTERED")


def seed_reversals(conn: sqlite3.Connection, object_name: str) -> int:
    """Add the missing Reversal twins of ``object_name``'s Reversed documents; returns count."""
    definition = get_object(object_name)
    assert definition is not None
    table = definition.table
    names = [name for name in definition.stored if name not in ("RECORDNO", "RECORD_URL")]
    reversed_on = 'MAX("WHENCREATED", substr("WHENMODIFIED", 1, 10))'
    special = {
        "STATE": "'Reversal'",
        "RAWSTATE": "'R'",
        "RECORDID": "\"RECORDID\" || '-R'",
        "DESCRIPTION": '\'Reversal of \' || COALESCE("RECORDID", "RECORDNO")',
        "WHENCREATED": reversed_on,
        "WHENPOSTED": reversed_on,
        "WHENPAID": "NULL",
    }
    special.update({name: f"-{quote(name)}" for name in _NEGATED})
    special.update({name: "0" for name in _ZEROED})
    expressions = [special.get(name, quote(name)) for name in names if definition.has(name)]
    columns = [quote(name) for name in names if definition.has(name)]
    first = conn.execute(f'SELECT COALESCE(MAX("RECORDNO"), 0) FROM {table}').fetchone()[0]
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
        f'FROM {table} WHERE "STATE" = \'Reversed\' ORDER BY "RECORDNO"'
    )
    conn.execute(
        f'UPDATE {table} SET "RECORD_URL" = ? || "RECORDNO" WHERE "RECORDNO" > ?',
        (f"https://sandbox.invalid/?r={definition.name}:", first),
    )
    zeroed = ", ".join(f"{quote(name)} = 0" for name in _ZEROED if definition.has(name))
    conn.execute(f"UPDATE {table} SET {zeroed} WHERE \"STATE\" = 'Reversed'")
    return int(cursor.rowcount)
