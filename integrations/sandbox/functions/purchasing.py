"""Purchasing documents: create_potransaction (PO, PO receiver, vendor invoice)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from lxml import etree

from ..errors import error
from ..rates import to_base
from ..rules import DUPLICATE_NUMBER
from ..store import fetch_by_id, insert_record
from .ap_bills import vendor_of
from .base import Context, FunctionResult, register, text_of
from .conversions import after_conversion
from .documents import (
    custom_fields,
    definition_of,
    key_result,
    parse_money,
)
from .party_documents import BILL, post_document
from .writing import (
    check_permission,
    entity_currency,
    entity_fields,
    fail,
    legacy_date,
    missing,
)

DOCUMENT_TYPES = ("Purchase Order", "PO Receiver", "Vendor Invoice")
# A vendor invoice posts an AP bill, as in Intacct: module 9.PO, DOCHDRKEY the vendor invoice,
# whose PRRECORDKEY is the bill. The sandbox has no items, so every line posts to purchases.
PO_BILL = dataclasses.replace(BILL, module="9.PO", auto_number=None)
PURCHASES_ACCOUNT = "5000"


def _definitions(context: Context) -> set[str]:
    """Transaction definitions of the company (the built-in three when none are seeded)."""
    rows = context.conn.execute('SELECT "DOCID" FROM podocumentparams').fetchall()
    return {str(row[0]) for row in rows} | set(DOCUMENT_TYPES)


@register("create_potransaction", write=True)
def create_potransaction(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy purchasing document (PO, receiver, vendor invoice); returns its DOCID."""
    check_permission(context, "create", "PODOCUMENT")
    kind = text_of(element, "transactiontype")
    if kind not in _definitions(context):
        raise fail(
            "PODOCUMENT",
            error(
                "BL01001973", f"Invalid transaction definition '{kind}'.", "Invalid transactiontype"
            ),
        )
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("PODOCUMENT", "datecreated")
    vendor = vendor_of(context, "PODOCUMENT", text_of(element, "vendorid"))
    definition = definition_of("PODOCUMENT")
    source = None
    created_from = text_of(element, "createdfrom")
    if created_from:
        source = fetch_by_id(context.conn, definition, created_from)
        if source is None:
            raise fail(
                "PODOCUMENT",
                error("BL01001973", f"Source transaction '{created_from}' does not exist."),
            )
    items = element.findall("potransitems/potransitem")
    if not items:
        raise missing("PODOCUMENT", "potransitems")
    doc_no = text_of(element, "documentno") or None
    number = (
        doc_no
        or f"A{context.conn.execute('SELECT COUNT(*) FROM podocument').fetchone()[0] + 1:06d}"
    )
    doc_id = f"{kind}-{number}"
    if fetch_by_id(context.conn, definition, doc_id):
        raise fail(
            "PODOCUMENT",
            error(DUPLICATE_NUMBER, f"A transaction with the number '{doc_id}' already exists."),
        )
    entity = (
        context.entity_id
        or (source or {}).get("MEGAENTITYID")
        or vendor.get("MEGAENTITYID")
        or "US"
    )
    base = entity_currency(context, entity)
    currency = text_of(element, "currency") or base
    lines = []
    for item in items:
        item_id = (item.findtext("itemid") or "").strip()
        quantity_text = (item.findtext("quantity") or "").strip()
        if not item_id or not quantity_text:
            raise missing("PODOCUMENT", "itemid/quantity")
        quantity = parse_money(quantity_text, "PODOCUMENT", "quantity")
        price = parse_money(item.findtext("price") or "0", "PODOCUMENT", "price")
        lines.append(
            (
                item_id,
                quantity,
                price,
                (item.findtext("unit") or "Each").strip(),
                (item.findtext("locationid") or "").strip() or entity,
            )
        )
    total = sum((quantity * price for _, quantity, price, _, _ in lines), Decimal(0))
    state = text_of(element, "state") or ("Draft" if kind == "Purchase Order" else "Pending")
    now = context.store.now()
    key = insert_record(
        context.conn,
        definition,
        {
            "DOCNO": number,
            "DOCID": doc_id,
            "DOCPARID": kind,
            "CREATEDFROM": created_from or None,
            "STATE": state,
            "STATUS": "active",
            "CLOSED": "false",
            "WHENCREATED": created,
            "WHENDUE": legacy_date(element.find("datedue")),
            "CUSTVENDID": vendor["VENDORID"],
            "CUSTVENDNAME": vendor["NAME"],
            "PONUMBER": text_of(element, "referenceno") or None,
            "VENDORDOCNO": text_of(element, "vendordocno") or None,
            "CURRENCY": currency,
            "BASECURR": base,
            "SUBTOTAL": float(to_base(total, currency, base)),
            "TOTAL": float(to_base(total, currency, base)),
            "TRX_SUBTOTAL": float(total),
            "TRX_TOTAL": float(total),
            **entity_fields(context, entity),
            **custom_fields(context, "PODOCUMENT", element),
        },
        context.actor,
        now,
    )
    entry = definition_of("PODOCUMENTENTRY")
    source_lines = []
    if source is not None:
        source_lines = context.conn.execute(
            'SELECT "RECORDNO", "ITEMID", "QUANTITY", "QTY_CONVERTED" FROM podocumententry '
            'WHERE "DOCHDRNO"=? ORDER BY "LINE_NO"',
            (source["RECORDNO"],),
        ).fetchall()
    for number_in_doc, (item_id, quantity, price, unit, location) in enumerate(lines):
        source_line = next((line for line in source_lines if line[1] == item_id), None)
        insert_record(
            context.conn,
            entry,
            {
                "DOCHDRNO": key,
                "DOCHDRID": doc_id,
                "DOCPARID": kind,
                "LINE_NO": number_in_doc,
                "ITEMID": item_id,
                "UNIT": unit,
                "QUANTITY": float(quantity),
                "UIQTY": float(quantity),
                "QTY_CONVERTED": 0.0,
                "PRICE": float(price),
                "UIPRICE": float(price),
                "TOTAL": float(quantity * price),
                "STATE": state,
                "STATUS": "active",
                "LOCATIONID": location,
                "CURRENCY": currency,
                "BASECURR": base,
                "SOURCE_DOCKEY": source["RECORDNO"] if source else None,
                "SOURCE_DOCID": source["DOCID"] if source else None,
                "SOURCE_DOCLINEKEY": source_line[0] if source_line else None,
            },
            context.actor,
            now,
            audit=False,
        )
        if source_line is not None:
            context.conn.execute(
                'UPDATE podocumententry SET "QTY_CONVERTED" = COALESCE("QTY_CONVERTED", 0) + ? '
                'WHERE "RECORDNO" = ?',
                (float(quantity), source_line[0]),
            )
    if source is not None:
        after_conversion(context.conn, int(source["RECORDNO"]), context.actor, now)
    if _posts_to_ap(context, kind):
        due = legacy_date(element.find("datedue")) or created
        bill = post_document(
            context,
            PO_BILL,
            vendor,
            {
                "RECORDID": number,
                "DOCNUMBER": text_of(element, "referenceno") or None,
                "DESCRIPTION": text_of(element, "message") or f"{kind} {number}",
                "WHENCREATED": created,
                "WHENPOSTED": created,
                "WHENDUE": due,
                "ONHOLD": "false",
                "DOCHDRKEY": key,
            },
            [
                {
                    "ACCOUNTNO": PURCHASES_ACCOUNT,
                    "ACCOUNTLABEL": None,
                    "TRX": quantity * price,
                    "LOCATIONID": location,
                    "DEPARTMENTID": None,
                    "CLASSID": None,
                    "ENTRYDESCRIPTION": item_id,
                }
                for item_id, quantity, price, _, location in lines
            ],
            currency=currency,
            draft=False,
        )
        context.conn.execute(
            'UPDATE podocument SET "PRRECORDKEY" = ? WHERE "RECORDNO" = ?', (bill, key)
        )
    context.billable += 1
    return key_result(doc_id)


def _posts_to_ap(context: Context, kind: str) -> bool:
    """Whether documents of the definition post to AP (``UPDATES_GL`` A): vendor invoices."""
    row = context.conn.execute(
        'SELECT "UPDATES_GL" FROM podocumentparams WHERE "DOCID" = ?', (kind,)
    ).fetchone()
    if row is None:
        return kind == "Vendor Invoice"
    return str(row[0] or "") == "A"
