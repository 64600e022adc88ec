"""AP bills: generic APBILL create/update/delete rules and create_bill."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import error
from ..rules import HAS_PAYMENTS
from ..values import ValueFormatError, parse_us_date
from .base import Context, FunctionResult, register, text_of
from .columns import STATE_LETTERS
from .documents import (
    custom_fields,
    key_result,
    parse_lines,
    write_lines,
)
from .generic import CREATORS, DELETE_GUARDS, LINE_REPLACERS, TAKES_ACTION, UPDATERS
from .party_documents import BILL, check_number, post_document
from .writing import (
    check_permission,
    exists,
    fail,
    legacy_date,
    missing,
    to_row,
)


def vendor_of(context: Context, object_name: str, vendor_id: str) -> dict[str, Any]:
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


def us_date(object_name: str, text: str, field: str) -> str:
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
    check_number(context, BILL, header.get("RECORDID"), vendor["VENDORID"])
    currency = header.pop("CURRENCY", None)
    header["WHENPOSTED"] = None if draft else header["WHENCREATED"]
    header["ONHOLD"] = header.get("ONHOLD") or "false"
    return post_document(context, BILL, vendor, header, lines, currency=currency, draft=draft)


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
    vendor = vendor_of(context, "APBILL", values.get("VENDORID", ""))
    if not values.get("WHENCREATED"):
        raise missing("APBILL", "WHENCREATED")
    created = us_date("APBILL", values["WHENCREATED"], "WHENCREATED")
    due_text = values.get("WHENDUE", "")
    due = us_date("APBILL", due_text, "WHENDUE") if due_text else None
    term = values.get("TERMNAME", "")
    lines = generic_lines(context, "APBILL", element, "APBILLITEMS/APBILLITEM")
    extra = to_row("APBILL", definition, _header_fields(definition, values))
    header = {
        **extra,
        "WHENCREATED": created,
        "WHENDUE": _due(context, "APBILL", created, due, term),
        "TERMNAME": term or None,
    }
    if values.get("CURRENCY"):
        header["CURRENCY"] = values["CURRENCY"]
    return _bill(context, vendor, header, lines, values.get("ACTION", "").lower() == "draft")


def _header_fields(definition: ObjectDef, values: dict[str, str]) -> dict[str, str]:
    """Header fields a generic document create takes as given (numbers, texts, custom)."""
    return {
        name: value
        for name, value in values.items()
        if name in ("RECORDID", "DOCNUMBER", "DESCRIPTION", "SUPDOCID", "PRBATCH", "ONHOLD")
        or (definition.fields.get(name) is not None and definition.fields[name].custom)
    }


def generic_lines(
    context: Context, object_name: str, element: etree._Element, path: str
) -> list[dict[str, Any]]:
    """Lines of a generic create (``APBILLITEMS/APBILLITEM``...) parsed like legacy lines."""
    items = []
    for item in element.iterfind(path):
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
    lines = parse_lines(context, object_name, items)
    if object_name == "APBILL":
        for parsed, item in zip(lines, element.iterfind(path), strict=True):
            parsed["EXTRA"] = _amortization(context, item)
    return lines


def _amortization(context: Context, item: etree._Element) -> dict[str, Any]:
    """A bill line's amortization template and start date (checked like Intacct would)."""
    out: dict[str, Any] = {}
    template = text_of(item, "AMORTIZATIONTEMPLATEID")
    if template:
        if exists(context, "AMORTIZATIONTEMPLATE", template) is None:
            raise fail(
                "APBILL", error("BL01001973", f"Invalid amortization template '{template}'.")
            )
        out["AMORTIZATIONTEMPLATEID"] = template
    start = text_of(item, "AMORTIZATIONSTARTDATE")
    if start:
        out["AMORTIZATIONSTARTDATE"] = us_date("APBILL", start, "AMORTIZATIONSTARTDATE")
    return out


def update_apbill(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Paid or reversed bills cannot change; vendor changes are refused; ``ACTION Submit``
    posts a draft."""
    action = str(changes.pop("ACTION", "") or "").lower()
    if current.get("STATE") in ("Paid", "Reversed", "Reversal", "Partially Paid"):
        raise fail(
            "APBILL",
            error("BL01001973", f"A {str(current['STATE']).lower()} bill cannot be updated."),
            verb="update",
        )
    for field in ("TOTALENTERED", "TRX_TOTALENTERED", "VENDORID", "STATE"):
        changes.pop(field, None)
    if action == "submit" and current.get("STATE") == "Draft":
        changes.update(
            {
                "STATE": "Posted",
                "RAWSTATE": STATE_LETTERS["Posted"],
                "WHENPOSTED": changes.get("WHENCREATED") or current.get("WHENCREATED"),
            }
        )


def replace_apbill_lines(
    context: Context,
    definition: ObjectDef,
    element: etree._Element,
    current: dict[str, Any],
    changes: dict[str, Any],
) -> None:
    """``APBILLITEMS`` on an update replaces every line (omitted lines go); the totals follow."""
    if element.find("APBILLITEMS") is None:
        return
    lines = generic_lines(context, "APBILL", element, "APBILLITEMS/APBILLITEM")
    if not lines:
        raise fail("APBILL", error("BL01001973", "A bill needs at least one line."), verb="update")
    key = int(current["RECORDNO"])
    currency = str(current.get("CURRENCY") or current.get("BASECURR") or "")
    base = str(current.get("BASECURR") or currency)
    state = str(changes.get("STATE") or current.get("STATE") or "Draft")
    created = str(changes.get("WHENCREATED") or current.get("WHENCREATED"))
    context.conn.execute('DELETE FROM apbillitem WHERE "RECORDKEY"=?', (key,))
    on_lines = {"VENDORID": current.get("VENDORID"), "RECORDTYPE": BILL.record_type}
    base_total = write_lines(
        context, "APBILLITEM", key, lines, currency, base, state, created, on_lines
    )
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    changes.update(
        {
            "TOTALENTERED": float(base_total),
            "TOTALDUE": float(base_total),
            "TRX_TOTALENTERED": float(trx_total),
            "TRX_TOTALDUE": float(trx_total),
            "TRX_ENTITYDUE": float(trx_total),
        }
    )


def guard_bill_delete(context: Context, row: dict[str, Any]) -> None:
    """Bills with payments cannot be deleted."""
    if context.conn.execute(
        'SELECT 1 FROM appymtdetail WHERE "RECORDKEY"=? LIMIT 1', (row["RECORDNO"],)
    ).fetchone():
        raise fail(
            "APBILL",
            error(
                HAS_PAYMENTS, "The bill has payments applied; void them before deleting the bill."
            ),
            verb="delete",
        )


@register("create_bill", write=True)
def create_bill(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy bill create (generic ``create`` of APBILL is preferred)."""
    check_permission(context, "create", "APBILL")
    vendor = vendor_of(context, "APBILL", text_of(element, "vendorid"))
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
    lines = parse_lines(context, "APBILL", element.findall("billitems/lineitem"))
    header = {
        "RECORDID": text_of(element, "billno") or None,
        "DOCNUMBER": text_of(element, "ponumber") or None,
        "DESCRIPTION": text_of(element, "description") or None,
        "WHENCREATED": created,
        "WHENDUE": due,
        "TERMNAME": text_of(element, "termname") or None,
        "SUPDOCID": text_of(element, "supdocid") or None,
        "ONHOLD": "true" if text_of(element, "onhold") == "true" else "false",
        **custom_fields(context, "APBILL", element),
    }
    if text_of(element, "currency"):
        header["CURRENCY"] = text_of(element, "currency")
    key = _bill(context, vendor, header, lines, text_of(element, "action").lower() == "draft")
    context.billable += 1
    return key_result(key)


CREATORS["APBILL"] = create_apbill
UPDATERS["APBILL"] = update_apbill
LINE_REPLACERS["APBILL"] = replace_apbill_lines
TAKES_ACTION.add("APBILL")
DELETE_GUARDS["APBILL"] = guard_bill_delete
