"""Helpers shared by the AR and AP document writers: lines, custom fields, keys, entities."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import error
from ..rates import rate, to_base
from ..store import insert_record
from ..values import ValueFormatError, to_decimal
from .base import Context, FunctionResult
from .writing import entity_of_location, exists, fail, missing, to_row, value_exists

OPEN_STATES = ("Posted", "Partially Paid")


def definition_of(name: str) -> ObjectDef:
    definition = get_object(name)
    assert definition is not None
    return definition


def key_result(result_key: str | int) -> FunctionResult:
    element = etree.Element("key")
    element.text = str(result_key)
    return FunctionResult([element])


def parse_money(text: str, object_name: str, field: str) -> Decimal:
    try:
        return to_decimal(text).quantize(Decimal("0.01"))
    except ValueFormatError as exc:
        raise fail(
            object_name, error("BL01001973", f"Invalid amount '{text}' for {field}")
        ) from exc


def customer_of(context: Context, object_name: str, customer_id: str) -> dict[str, Any]:
    if not customer_id:
        raise missing(object_name, "CUSTOMERID")
    customer = exists(context, "CUSTOMER", customer_id)
    if customer is None:
        raise fail(
            object_name,
            error("BL01001973", f"Invalid Customer '{customer_id}' specified.", "Invalid customer"),
        )
    return customer


def ensure_visible(context: Context, object_name: str, row: dict[str, Any]) -> None:
    entity = row.get("MEGAENTITYID")
    if context.entity_id and entity and entity != context.entity_id:
        raise fail(
            object_name,
            error(
                "BL01001973",
                f"Record {row['RECORDNO']} belongs to entity {entity}; it is not "
                f"visible from entity {context.entity_id}.",
            ),
        )


def custom_fields(context: Context, object_name: str, element: etree._Element) -> dict[str, Any]:
    definition = definition_of(object_name)
    values: dict[str, str] = {}
    for item in element.iterfind("customfields/customfield"):
        name = (item.findtext("customfieldname") or "").strip().upper()
        field = definition.fields.get(name)
        if field is None or not field.custom:
            raise fail(
                object_name,
                error(
                    "BL01001973",
                    f"Invalid custom field '{name}' for {object_name}.",
                    "Invalid custom field",
                ),
            )
        values[name] = (item.findtext("customfieldvalue") or "").strip()
    return to_row(object_name, definition, values)


def parse_lines(
    context: Context, object_name: str, items: list[etree._Element], amount_tag: str = "amount"
) -> list[dict[str, Any]]:
    if not items:
        raise missing(object_name, "lineitem")
    lines = []
    for item in items:
        account = (item.findtext("glaccountno") or "").strip()
        account_label = (item.findtext("accountlabel") or "").strip()
        if not account and not account_label:
            raise missing(object_name, "glaccountno")
        if account and exists(context, "GLACCOUNT", account) is None:
            raise fail(object_name, error("BL01001973", f"Invalid GL account '{account}'."))
        location = (item.findtext("locationid") or "").strip() or context.entity_id or ""
        if not location:
            raise fail(
                object_name,
                error(
                    "BL01001973",
                    "A location is required for each line in a multi-entity company.",
                    "Missing location",
                    "Set locationid on every line.",
                ),
            )
        if not value_exists(context, "LOCATION", "LOCATIONID", location):
            raise fail(object_name, error("BL01001973", f"Invalid location '{location}'."))
        amount_text = (item.findtext(amount_tag) or "").strip()
        if not amount_text:
            raise missing(object_name, amount_tag)
        lines.append(
            {
                "ACCOUNTNO": account or None,
                "ACCOUNTLABEL": account_label or None,
                "TRX": parse_money(amount_text, object_name, amount_tag),
                "LOCATIONID": location,
                "DEPARTMENTID": (item.findtext("departmentid") or "").strip() or None,
                "CLASSID": (item.findtext("classid") or "").strip() or None,
                "ENTRYDESCRIPTION": (item.findtext("memo") or "").strip() or None,
            }
        )
    return lines


def term_days(context: Context, term_object: str, term: str, object_name: str) -> int:
    row = exists(context, term_object, term)
    if row is None:
        raise fail(object_name, error("BL01001973", f"Invalid term '{term}'."))
    return int(row.get("DUEDATE") or 0)


def document_entity(context: Context, lines: list[dict[str, Any]], object_name: str) -> str | None:
    if context.entity_id:
        return context.entity_id
    entities = {entity_of_location(context, line["LOCATIONID"]) for line in lines}
    if len(entities) > 1:
        raise fail(
            object_name,
            error("BL01001973", "All lines of a transaction must belong to the same entity."),
        )
    return next(iter(entities)) or None


def write_lines(
    context: Context,
    table_object: str,
    key: int,
    lines: list[dict[str, Any]],
    currency: str,
    base: str,
    state: str,
    when: str,
    extra: dict[str, Any],
    first_line: int = 1,
) -> Decimal:
    """Insert document lines (numbered from ``first_line``); returns the base-currency total."""
    definition = definition_of(table_object)
    now = context.store.now()
    base_total = Decimal(0)
    for number, line in enumerate(lines, start=first_line):
        base_amount = to_base(line["TRX"], currency, base)
        base_total += base_amount
        values = {
            "RECORDKEY": key,
            "LINE_NO": number,
            "ACCOUNTNO": line["ACCOUNTNO"],
            "ACCOUNTLABEL": line["ACCOUNTLABEL"],
            "AMOUNT": float(base_amount),
            "TRX_AMOUNT": float(line["TRX"]),
            "LOCATIONID": line["LOCATIONID"],
            "DEPARTMENTID": line["DEPARTMENTID"],
            "CLASSID": line["CLASSID"],
            "ENTRYDESCRIPTION": line["ENTRYDESCRIPTION"],
            "CURRENCY": currency,
            "BASECURR": base,
            "TOTALPAID": 0.0,
            "TRX_TOTALPAID": 0.0,
            "STATE": state,
            "ENTRY_DATE": when,
            "EXCHANGE_RATE": float(rate(currency, base)),
            **extra,
            **line.get("EXTRA", {}),  # stored line fields a create carried (amortization...)
        }
        insert_record(context.conn, definition, values, context.actor, now, audit=False)
    return base_total
