"""AP writes: generic APBILL/APPYMT create, legacy create_bill, create_apadjustment and
create_potransaction."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import IntacctError, error
from ..rates import rate, to_base
from ..store import fetch_by_id, fetch_by_recordno, insert_record, update_record
from ..values import ValueFormatError, parse_us_date, to_decimal
from .accounting import refresh_document, refresh_party_due
from .ar_writes import _custom_fields, _document_entity, _key, _lines, _money, _write_lines
from .base import Context, FunctionResult, register, text_of
from .columns import STATE_LETTERS
from .generic import CREATORS, DELETE_GUARDS, UPDATERS
from .writing import (
    check_permission,
    entity_currency,
    entity_fields,
    exists,
    fail,
    legacy_date,
    missing,
    to_row,
    value_exists,
)

DOCUMENT_TYPES = ("Purchase Order", "PO Receiver", "Vendor Invoice")


def _definition(name: str) -> ObjectDef:
    definition = get_object(name)
    assert definition is not None
    return definition


def _vendor(context: Context, object_name: str, vendor_id: str) -> dict[str, Any]:
    if not vendor_id:
        raise missing(object_name, "VENDORID")
    vendor = exists(context, "VENDOR", vendor_id)
    if vendor is None:
        raise fail(
            object_name,
            error("BL01001973", f"Invalid Vendor '{vendor_id}' specified.", "Invalid vendor"),
        )
    if vendor.get("STATUS") == "inactive":
        raise fail(
            object_name,
            error(
                "BL01001973",
                f"Vendor '{vendor_id}' is inactive; transactions cannot be posted to an inactive "
                "vendor.",
                "Inactive vendor",
                "Reactivate the vendor or choose another one.",
            ),
        )
    return vendor


def _us_date(object_name: str, text: str, field: str) -> str:
    try:
        return parse_us_date(text).isoformat()
    except ValueFormatError as exc:
        raise fail(object_name, error("BL01001973", f"{field}: {exc}")) from exc


def _bill(
    context: Context,
    vendor: dict[str, Any],
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    draft: bool,
) -> int:
    """Insert a bill with lines; ``header`` holds RECORDID, dates, term and extra fields."""
    record_id = header.get("RECORDID")
    if (
        record_id
        and context.conn.execute(
            'SELECT 1 FROM apbill WHERE "RECORDID"=? AND "VENDORID"=?',
            (record_id, vendor["VENDORID"]),
        ).fetchone()
    ):
        raise fail(
            "APBILL",
            error(
                "BL01001973",
                f"A transaction with the number '{record_id}' already exists.",
                "Duplicate transaction number",
            ),
        )
    entity = _document_entity(context, lines, "APBILL")
    base = entity_currency(context, entity)
    currency = header.pop("CURRENCY", None) or vendor.get("CURRENCY") or base
    try:
        rate(currency, base)
    except KeyError as exc:
        raise fail("APBILL", error("BL01001973", f"Unknown currency {exc}.")) from exc
    state = "Draft" if draft else "Posted"
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    base_total = sum((to_base(line["TRX"], currency, base) for line in lines), Decimal(0))
    values = {
        **header,
        "RECORDTYPE": "pi",
        "STATE": state,
        "RAWSTATE": STATE_LETTERS[state],
        "VENDORID": vendor["VENDORID"],
        "VENDORNAME": vendor["NAME"],
        "VENDORKEY": vendor["RECORDNO"],
        "WHENPOSTED": None if draft else header["WHENCREATED"],
        "BASECURR": base,
        "CURRENCY": currency,
        "EXCHANGE_RATE": float(rate(currency, base)),
        "TOTALENTERED": float(base_total),
        "TOTALPAID": 0.0,
        "TOTALDUE": float(base_total),
        "TOTALSELECTED": 0.0,
        "TRX_TOTALENTERED": float(trx_total),
        "TRX_TOTALPAID": 0.0,
        "TRX_TOTALDUE": float(trx_total),
        "TRX_TOTALSELECTED": 0.0,
        "TRX_ENTITYDUE": float(trx_total),
        "MODULEKEY": "3.AP",
        "SYSTEMGENERATED": "F",
        "ONHOLD": header.get("ONHOLD") or "false",
        **entity_fields(context, entity),
    }
    key = insert_record(
        context.conn, _definition("APBILL"), values, context.actor, context.store.now()
    )
    if not record_id:
        context.conn.execute(
            'UPDATE apbill SET "RECORDID"=? WHERE "RECORDNO"=?', (f"BILL-A{key:06d}", key)
        )
    _write_lines(
        context,
        "APBILLITEM",
        key,
        lines,
        currency,
        base,
        state,
        header["WHENCREATED"],
        {"VENDORID": vendor["VENDORID"], "RECORDTYPE": "pi"},
    )
    refresh_party_due(context.conn, "VENDOR", vendor["VENDORID"])
    return key


def _due(context: Context, object_name: str, created: str, due: str | None, term: str) -> str:
    if term:
        row = exists(context, "APTERM", term)
        if row is None:
            raise fail(object_name, error("BL01001973", f"Invalid term '{term}'."))
        if not due:
            return (
                date.fromisoformat(created) + timedelta(days=int(row["DUEDATE"] or 0))
            ).isoformat()
    if not due:
        raise missing(object_name, "WHENDUE")
    return due


def create_apbill(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    """Generic ``create`` of APBILL with APBILLITEMS."""
    vendor = _vendor(context, "APBILL", values.get("VENDORID", ""))
    if not values.get("WHENCREATED"):
        raise missing("APBILL", "WHENCREATED")
    created = _us_date("APBILL", values["WHENCREATED"], "WHENCREATED")
    due_text = values.get("WHENDUE", "")
    due = _us_date("APBILL", due_text, "WHENDUE") if due_text else None
    term = values.get("TERMNAME", "")
    items = []
    container = element.find("APBILLITEMS")
    for item in container.findall("APBILLITEM") if container is not None else []:
        line = etree.Element("lineitem")
        for source, target in (
            ("ACCOUNTNO", "glaccountno"),
            ("ACCOUNTLABEL", "accountlabel"),
            ("TRX_AMOUNT", "amount"),
            ("LOCATIONID", "locationid"),
            ("DEPARTMENTID", "departmentid"),
            ("CLASSID", "classid"),
            ("ENTRYDESCRIPTION", "memo"),
        ):
            text = text_of(item, source)
            if text:
                etree.SubElement(line, target).text = text
        items.append(line)
    lines = _lines(context, "APBILL", items)
    extra = to_row(
        "APBILL",
        definition,
        {
            name: value
            for name, value in values.items()
            if name in ("RECORDID", "DOCNUMBER", "DESCRIPTION", "SUPDOCID", "PRBATCH", "ONHOLD")
            or (definition.fields.get(name) is not None and definition.fields[name].custom)
        },
    )
    header = {
        **extra,
        "WHENCREATED": created,
        "WHENDUE": _due(context, "APBILL", created, due, term),
        "TERMNAME": term or None,
    }
    if values.get("CURRENCY"):
        header["CURRENCY"] = values["CURRENCY"]
    return _bill(context, vendor, header, lines, values.get("ACTION", "").lower() == "draft")


def update_apbill(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Paid or reversed bills cannot change; vendor changes are refused."""
    if current.get("STATE") in ("Paid", "Reversed", "Reversal", "Partially Paid"):
        raise fail(
            "APBILL",
            error("BL01001973", f"A {str(current['STATE']).lower()} bill cannot be updated."),
            verb="update",
        )
    for field in ("TOTALENTERED", "TRX_TOTALENTERED", "VENDORID", "STATE"):
        changes.pop(field, None)


def guard_bill_delete(context: Context, row: dict[str, Any]) -> None:
    """Bills with payments cannot be deleted."""
    if context.conn.execute(
        'SELECT 1 FROM appymtdetail WHERE "RECORDKEY"=? LIMIT 1', (row["RECORDNO"],)
    ).fetchone():
        raise IntacctError(
            error(
                "BL01001973",
                "The bill has payments applied; void them before deleting the bill.",
                "Could not delete Bill record!",
            )
        )


def create_appymt(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    """Generic ``create`` of APPYMT paying bills (cash, vendor credits, advances)."""
    for field in ("PAYMENTMETHOD", "FINANCIALENTITY", "VENDORID", "PAYMENTDATE"):
        if not values.get(field):
            raise missing("APPYMT", field)
    vendor = _vendor(context, "APPYMT", values["VENDORID"])
    bank = exists(context, "CHECKINGACCOUNT", values["FINANCIALENTITY"])
    if bank is None:
        raise fail(
            "APPYMT", error("BL01001973", f"Invalid bank account '{values['FINANCIALENTITY']}'.")
        )
    paid_on = _us_date("APPYMT", values["PAYMENTDATE"], "PAYMENTDATE")
    applications: list[tuple[int, str, Decimal, int | None]] = []
    container = element.find("APPYMTDETAILS")
    for item in container.findall("APPYMTDETAIL") if container is not None else []:
        bill_text = text_of(item, "RECORDKEY")
        if not bill_text.isdigit():
            raise missing("APPYMT", "APPYMTDETAIL/RECORDKEY")
        for kind, key_field in (
            ("PAYMENT", ""),
            ("ADJUSTMENT", "ADJUSTMENTKEY"),
            ("POSTEDADVANCE", "ADVANCEKEY"),
            ("INLINE", "INLINEKEY"),
        ):
            amount_text = text_of(item, f"TRX_{kind}AMOUNT")
            if amount_text:
                credit = text_of(item, key_field) if key_field else ""
                applications.append(
                    (
                        int(bill_text),
                        kind,
                        _money(amount_text, "APPYMT", kind),
                        int(credit) if credit.isdigit() else None,
                    )
                )
    if not applications:
        raise missing("APPYMT", "APPYMTDETAILS")
    cash = Decimal(0)
    bills = {}
    for bill_key, kind, amount, credit in applications:
        bill = bills.get(bill_key) or fetch_by_recordno(
            context.conn, _definition("APBILL"), bill_key
        )
        if bill is None:
            raise fail(
                "APPYMT",
                error(
                    "BL01001973",
                    f"Bill with record number {bill_key} does not exist or was deleted.",
                ),
            )
        if bill["VENDORID"] != vendor["VENDORID"]:
            raise fail(
                "APPYMT",
                error("BL01001973", f"Bill {bill_key} belongs to vendor {bill['VENDORID']}."),
            )
        if bill["STATE"] not in ("Posted", "Partially Paid"):
            raise fail(
                "APPYMT",
                error("BL01001973", f"Bill {bill_key} is {bill['STATE']} and cannot be paid."),
            )
        if kind == "ADJUSTMENT":
            credit_row = fetch_by_recordno(context.conn, _definition("APADJUSTMENT"), credit or 0)
            if credit_row is None or to_decimal(credit_row["TRX_TOTALDUE"]) > -amount:
                raise fail(
                    "APPYMT",
                    error(
                        "BL01001973", f"Vendor credit {credit} does not have {amount} available."
                    ),
                )
        bills[bill_key] = bill
        if kind == "PAYMENT":
            cash += amount
    entity = context.entity_id or bank.get("LOCATIONID")
    base = entity_currency(context, entity)
    currency = values.get("CURRENCY") or base
    base_cash = to_base(cash, currency, base)
    now = context.store.now()
    key = insert_record(
        context.conn,
        definition,
        {
            "RECORDTYPE": "pp",
            "FINANCIALENTITY": bank["BANKACCOUNTID"],
            "FINANCIALENTITYTYPE": "BA",
            "STATE": "Paid",
            "RAWSTATE": "C",
            "DISPLAYSTATE": "Confirmed",
            "PAYMENTMETHOD": values["PAYMENTMETHOD"],
            "VENDORID": vendor["VENDORID"],
            "VENDORNAME": vendor["NAME"],
            "DOCNUMBER": values.get("DOCNUMBER") or None,
            "DESCRIPTION": values.get("DESCRIPTION") or None,
            "WHENCREATED": paid_on,
            "WHENPAID": paid_on,
            "BASECURR": base,
            "CURRENCY": currency,
            "TOTALENTERED": float(base_cash),
            "TOTALPAID": float(base_cash),
            "TOTALDUE": 0.0,
            "TRX_TOTALENTERED": float(cash),
            "TRX_TOTALPAID": float(cash),
            "TRX_TOTALDUE": 0.0,
            **entity_fields(context, entity),
        },
        context.actor,
        now,
    )
    context.conn.execute(
        'UPDATE appymt SET "RECORDID"=? WHERE "RECORDNO"=?', (f"APP-{key:07d}", key)
    )
    detail = _definition("APPYMTDETAIL")
    for bill_key, kind, amount, credit in applications:
        bill = bills[bill_key]
        base_amount = to_base(amount, bill["CURRENCY"] or currency, bill["BASECURR"] or base)
        row: dict[str, Any] = {
            "PAYMENTKEY": key,
            "RECORDKEY": bill_key,
            "PAYMENTDATE": paid_on,
            f"{kind}AMOUNT": float(base_amount),
            f"TRX_{kind}AMOUNT": float(amount),
            "CURRENCY": bill["CURRENCY"],
            "STATE": "Paid",
            "MODULEKEY": "3.AP",
        }
        if kind == "ADJUSTMENT":
            row["ADJUSTMENTKEY"] = credit
        elif kind == "POSTEDADVANCE":
            row["POSTEDADVANCEKEY"] = credit
        elif kind == "INLINE":
            row["INLINEKEY"] = credit
        insert_record(context.conn, detail, row, context.actor, now, audit=False)
    for bill_key in bills:
        refresh_document(context.conn, "APBILL", bill_key, context.actor, now)
    for _, kind, _, credit in applications:
        if kind == "ADJUSTMENT" and credit:
            refresh_document(context.conn, "APADJUSTMENT", credit, context.actor, now)
    refresh_party_due(context.conn, "VENDOR", vendor["VENDORID"])
    return key


CREATORS["APBILL"] = create_apbill
CREATORS["APPYMT"] = create_appymt
UPDATERS["APBILL"] = update_apbill
DELETE_GUARDS["APBILL"] = guard_bill_delete


@register("create_bill", write=True)
def create_bill(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy bill create (generic ``create`` of APBILL is preferred)."""
    check_permission(context, "create", "APBILL")
    vendor = _vendor(context, "APBILL", text_of(element, "vendorid"))
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("APBILL", "datecreated")
    due = _due(
        context,
        "APBILL",
        created,
        legacy_date(element.find("datedue")),
        text_of(element, "termname"),
    )
    lines = _lines(context, "APBILL", element.findall("billitems/lineitem"))
    header = {
        "RECORDID": text_of(element, "billno") or None,
        "DOCNUMBER": text_of(element, "ponumber") or None,
        "DESCRIPTION": text_of(element, "description") or None,
        "WHENCREATED": created,
        "WHENDUE": due,
        "TERMNAME": text_of(element, "termname") or None,
        "SUPDOCID": text_of(element, "supdocid") or None,
        "ONHOLD": "true" if text_of(element, "onhold") == "true" else "false",
        **_custom_fields(context, "APBILL", element),
    }
    if text_of(element, "currency"):
        header["CURRENCY"] = text_of(element, "currency")
    key = _bill(context, vendor, header, lines, text_of(element, "action").lower() == "draft")
    context.billable += 1
    return _key(key)


@register("create_apadjustment", write=True)
def create_apadjustment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy vendor credit/debit memo; all lines must have the same sign."""
    check_permission(context, "create", "APADJUSTMENT")
    vendor = _vendor(context, "APADJUSTMENT", text_of(element, "vendorid"))
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("APADJUSTMENT", "datecreated")
    lines = _lines(context, "APADJUSTMENT", element.findall("apadjustmentitems/lineitem"))
    signs = {line["TRX"] > 0 for line in lines}
    if len(signs) > 1:
        raise fail(
            "APADJUSTMENT",
            error("BL01001973", "All lines of an AP adjustment must have the same sign."),
        )
    number = text_of(element, "adjustmentno")
    if number and value_exists(context, "APADJUSTMENT", "RECORDID", number):
        raise fail(
            "APADJUSTMENT",
            error("BL01001973", f"A transaction with the number '{number}' already exists."),
        )
    entity = _document_entity(context, lines, "APADJUSTMENT")
    base = entity_currency(context, entity)
    currency = text_of(element, "currency") or vendor.get("CURRENCY") or base
    draft = text_of(element, "action").lower() == "draft"
    state = "Draft" if draft else "Posted"
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    base_total = to_base(trx_total, currency, base)
    key = insert_record(
        context.conn,
        _definition("APADJUSTMENT"),
        {
            "RECORDTYPE": "pa",
            "RECORDID": number or None,
            "STATE": state,
            "RAWSTATE": STATE_LETTERS[state],
            "VENDORID": vendor["VENDORID"],
            "VENDORNAME": vendor["NAME"],
            "DOCNUMBER": text_of(element, "billno") or None,
            "DESCRIPTION": text_of(element, "description") or None,
            "WHENCREATED": created,
            "WHENPOSTED": legacy_date(element.find("dateposted")) or created,
            "BASECURR": base,
            "CURRENCY": currency,
            "EXCHANGE_RATE": float(rate(currency, base)),
            "TOTALENTERED": float(base_total),
            "TOTALPAID": 0.0,
            "TOTALDUE": float(base_total),
            "TRX_TOTALENTERED": float(trx_total),
            "TRX_TOTALPAID": 0.0,
            "TRX_TOTALDUE": float(trx_total),
            "MODULEKEY": "3.AP",
            **entity_fields(context, entity),
            **_custom_fields(context, "APADJUSTMENT", element),
        },
        context.actor,
        context.store.now(),
    )
    _write_lines(context, "APADJUSTMENTITEM", key, lines, currency, base, state, created, {})
    context.billable += 1
    return _key(key)


@register("create_potransaction", write=True)
def create_potransaction(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy purchasing document (PO, receiver, vendor invoice); returns its DOCID."""
    check_permission(context, "create", "PODOCUMENT")
    kind = text_of(element, "transactiontype")
    if kind not in DOCUMENT_TYPES:
        raise fail(
            "PODOCUMENT",
            error(
                "BL01001973", f"Invalid transaction definition '{kind}'.", "Invalid transactiontype"
            ),
        )
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("PODOCUMENT", "datecreated")
    vendor = _vendor(context, "PODOCUMENT", text_of(element, "vendorid"))
    definition = _definition("PODOCUMENT")
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
            error("BL01001973", f"A transaction with the number '{doc_id}' already exists."),
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
        quantity = _money(quantity_text, "PODOCUMENT", "quantity")
        price = _money(item.findtext("price") or "0", "PODOCUMENT", "price")
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
            **_custom_fields(context, "PODOCUMENT", element),
        },
        context.actor,
        now,
    )
    entry = _definition("PODOCUMENTENTRY")
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
        remaining = context.conn.execute(
            'SELECT COUNT(*) FROM podocumententry WHERE "DOCHDRNO"=? '
            'AND COALESCE("QTY_CONVERTED", 0) < "QUANTITY"',
            (source["RECORDNO"],),
        ).fetchone()[0]
        new_state = "Partially Converted" if remaining else "Converted"
        update_record(
            context.conn,
            definition,
            int(source["RECORDNO"]),
            {"STATE": new_state},
            context.actor,
            now,
        )
    context.billable += 1
    return _key(doc_id)
