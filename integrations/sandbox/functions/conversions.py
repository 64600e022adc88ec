"""What converting part of a purchasing document does to it, per its transaction definition.

``CONVTYPE`` of the source's definition (PODOCUMENTPARAMS): *Leave Transaction Open* keeps a
partially converted document open with its remaining quantity (Partially Converted); *Close
Transaction* closes it; *Close Original and Create Back Order* closes it and creates a new
document of the same definition holding the remaining quantity, linked by CREATEDFROM. A
fully converted document is Converted whatever the policy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..store import Actor, fetch_by_recordno, insert_record, update_record
from .documents import definition_of

LEAVE_OPEN = "Leave Transaction Open"
CLOSE = "Close Transaction"
BACK_ORDER = "Close Original and Create Back Order"
_COPIED_LINE_FIELDS = ("ITEMID", "ITEMNAME", "UNIT", "PRICE", "UIPRICE", "LOCATIONID",
                       "DEPARTMENTID", "CURRENCY", "BASECURR")  # fmt: skip
_SKIPPED_HEADER = ("RECORDNO", "WHENMODIFIED", "AUWHENCREATED", "RECORD_URL")


def conversion_policy(conn: Any, docparid: str) -> str:
    """The CONVTYPE of a transaction definition (Leave Transaction Open when unknown)."""
    row = conn.execute(
        'SELECT "CONVTYPE" FROM podocumentparams WHERE "DOCID" = ?', (docparid,)
    ).fetchone()
    return str(row[0]) if row and row[0] else LEAVE_OPEN


def after_conversion(conn: Any, source_key: int, actor: Actor, now: datetime) -> str:
    """Set the source's state (and back order) after some of its lines were converted."""
    definition = definition_of("PODOCUMENT")
    source = fetch_by_recordno(conn, definition, source_key)
    assert source is not None
    lines = conn.execute(
        'SELECT * FROM podocumententry WHERE "DOCHDRNO" = ? ORDER BY "LINE_NO"', (source_key,)
    )
    names = [column[0] for column in lines.description]
    rows = [dict(zip(names, values, strict=True)) for values in lines.fetchall()]
    remaining = [
        (row, float(row["QUANTITY"] or 0) - float(row["QTY_CONVERTED"] or 0))
        for row in rows
        if float(row["QTY_CONVERTED"] or 0) < float(row["QUANTITY"] or 0)
    ]
    converted = sum(float(row["QTY_CONVERTED"] or 0) for row in rows)
    values: dict[str, Any] = {
        "TOTALQTY_CONVERTED": converted,
        "TOTALQTYREMAINING": sum(quantity for _, quantity in remaining),
    }
    policy = conversion_policy(conn, str(source["DOCPARID"]))
    if not remaining:
        values["STATE"] = "Converted"
    elif policy == LEAVE_OPEN:
        values["STATE"] = "Partially Converted"
    else:
        values.update({"STATE": "Closed", "CLOSED": "true"})
    update_record(conn, definition, source_key, values, actor, now)
    if remaining and policy == BACK_ORDER:
        _back_order(conn, source, remaining, actor, now)
    return str(values["STATE"])


def _back_order(
    conn: Any,
    source: dict[str, Any],
    remaining: list[tuple[dict[str, Any], float]],
    actor: Actor,
    now: datetime,
) -> int:
    definition = definition_of("PODOCUMENT")
    number = f"{source['DOCNO']}-BO"
    doc_id = f"{source['DOCPARID']}-{number}"
    total = sum(quantity * float(row["PRICE"] or 0) for row, quantity in remaining)
    header = {name: value for name, value in source.items() if name not in _SKIPPED_HEADER}
    header.update(
        {
            "DOCNO": number,
            "DOCID": doc_id,
            "CREATEDFROM": source["DOCID"],
            "BACKORDER": "Yes",
            "STATE": "Pending",
            "CLOSED": "false",
            "SUBTOTAL": total,
            "TOTAL": total,
            "TRX_SUBTOTAL": total,
            "TRX_TOTAL": total,
            "TOTALQTY_CONVERTED": 0.0,
            "TOTALQTYREMAINING": sum(quantity for _, quantity in remaining),
        }
    )
    key = insert_record(conn, definition, header, actor, now)
    entry = definition_of("PODOCUMENTENTRY")
    for line_no, (row, quantity) in enumerate(remaining):
        line = {name: row[name] for name in _COPIED_LINE_FIELDS}
        line.update(
            {
                "DOCHDRNO": key,
                "DOCHDRID": doc_id,
                "DOCPARID": source["DOCPARID"],
                "LINE_NO": line_no,
                "QUANTITY": quantity,
                "UIQTY": quantity,
                "QTY_CONVERTED": 0.0,
                "TOTAL": quantity * float(row["PRICE"] or 0),
                "STATE": "Pending",
                "STATUS": "active",
                "SOURCE_DOCKEY": source["RECORDNO"],
                "SOURCE_DOCID": source["DOCID"],
                "SOURCE_DOCLINEKEY": row["RECORDNO"],
            }
        )
        insert_record(conn, entry, line, actor, now, audit=False)
    return key
