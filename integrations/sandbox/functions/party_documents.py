"""Posting a customer or vendor document (AR invoice, AR adjustment, AP bill, AP adjustment).

The four legacy/generic creators parse their own payloads into a header and lines; this module
does what they share: the number check, currency and entity, state, base and transaction
totals, the insert, automatic numbering, the lines and the party's balance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import error
from ..rates import rate, to_base
from ..rules import DUPLICATE_NUMBER
from ..store import insert_record
from .accounting import refresh_party_due
from .base import Context, FunctionResult, text_of
from .columns import STATE_LETTERS
from .documents import definition_of, document_entity, key_result, parse_lines, write_lines
from .writing import entity_currency, entity_fields, fail, legacy_date, missing


@dataclass(frozen=True)
class DocumentKind:
    """How one kind of party document is posted."""

    object_name: str
    line_object: str
    party: str  # CUSTOMER or VENDOR
    record_type: str
    module: str
    auto_number: str | None = None  # RECORDID prefix when none is given
    number_per_party: bool = False  # numbers unique per vendor (bills) or company-wide
    party_on_lines: bool = False  # lines carry the party ID and record type

    @property
    def party_field(self) -> str:
        """CUSTOMERID or VENDORID."""
        return f"{self.party}ID"


INVOICE = DocumentKind(
    "ARINVOICE", "ARINVOICEITEM", "CUSTOMER", "ri", "4.AR", "INV-A", party_on_lines=True
)
AR_ADJUSTMENT = DocumentKind("ARADJUSTMENT", "ARADJUSTMENTITEM", "CUSTOMER", "ra", "4.AR")
BILL = DocumentKind(
    "APBILL", "APBILLITEM", "VENDOR", "pi", "3.AP", "BILL-A", True, party_on_lines=True
)
AP_ADJUSTMENT = DocumentKind("APADJUSTMENT", "APADJUSTMENTITEM", "VENDOR", "pa", "3.AP")


def check_number(
    context: Context, kind: DocumentKind, number: str | None, party_id: str, correction: str = ""
) -> None:
    """SBX-0106 when the document number is already used."""
    if not number:
        return
    table = definition_of(kind.object_name).table
    sql = f'SELECT 1 FROM {table} WHERE "RECORDID" = ?'
    params: list[Any] = [number]
    if kind.number_per_party:
        sql += f' AND "{kind.party_field}" = ?'
        params.append(party_id)
    if context.conn.execute(sql + " LIMIT 1", params).fetchone():
        raise fail(
            kind.object_name,
            error(
                DUPLICATE_NUMBER,
                f"A transaction with the number '{number}' already exists.",
                "Duplicate transaction number",
                correction,
            ),
        )


def post_document(
    context: Context,
    kind: DocumentKind,
    party: dict[str, Any],
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    *,
    currency: str | None,
    draft: bool,
) -> int:
    """Insert the document and its lines; ``header`` holds its own fields (dates, numbers)."""
    entity = document_entity(context, lines, kind.object_name)
    base = entity_currency(context, entity)
    currency = currency or party.get("CURRENCY") or base
    try:
        exchange = rate(currency, base)
    except KeyError as exc:
        raise fail(kind.object_name, error("BL01001973", f"Unknown currency {exc}.")) from exc
    state = "Draft" if draft else "Posted"
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    base_total = sum((to_base(line["TRX"], currency, base) for line in lines), Decimal(0))
    party_id = party[kind.party_field]
    values: dict[str, Any] = {
        **header,
        "RECORDTYPE": kind.record_type,
        "STATE": state,
        "RAWSTATE": STATE_LETTERS[state],
        kind.party_field: party_id,
        f"{kind.party}NAME": party["NAME"],
        f"{kind.party}KEY": party["RECORDNO"],
        "BASECURR": base,
        "CURRENCY": currency,
        "EXCHANGE_RATE": float(exchange),
        "TOTALENTERED": float(base_total),
        "TOTALPAID": 0.0,
        "TOTALDUE": float(base_total),
        "TOTALSELECTED": 0.0,
        "TRX_TOTALENTERED": float(trx_total),
        "TRX_TOTALPAID": 0.0,
        "TRX_TOTALDUE": float(trx_total),
        "TRX_TOTALSELECTED": 0.0,
        "TRX_ENTITYDUE": float(trx_total),
        "MODULEKEY": kind.module,
        "SYSTEMGENERATED": "F",
        **entity_fields(context, entity),
    }
    definition = definition_of(kind.object_name)
    key = insert_record(context.conn, definition, values, context.actor, context.store.now())
    if kind.auto_number and not header.get("RECORDID"):
        context.conn.execute(
            f'UPDATE {definition.table} SET "RECORDID" = ? WHERE "RECORDNO" = ?',
            (f"{kind.auto_number}{key:06d}", key),
        )
    on_lines = (
        {kind.party_field: party_id, "RECORDTYPE": kind.record_type} if kind.party_on_lines else {}
    )
    created = str(header["WHENCREATED"])
    write_lines(context, kind.line_object, key, lines, currency, base, state, created, on_lines)
    refresh_party_due(context.conn, kind.party, str(party_id))
    return key


def post_legacy_adjustment(
    context: Context,
    kind: DocumentKind,
    element: etree._Element,
    party: dict[str, Any],
    *,
    document_tag: str,
    check_lines: Callable[[list[dict[str, Any]]], None] = lambda lines: None,
    header_extra: dict[str, Any] | None = None,
) -> FunctionResult:
    """What ``create_aradjustment`` and ``create_apadjustment`` share once the party is known.

    ``document_tag`` is the payload element holding the document number (``invoiceno`` or
    ``billno``); ``check_lines`` refuses lines the kind does not allow.
    """
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing(kind.object_name, "datecreated")
    items = f"{kind.object_name.lower()}items/lineitem"
    lines = parse_lines(context, kind.object_name, element.findall(items))
    check_lines(lines)
    number = text_of(element, "adjustmentno")
    check_number(context, kind, number, party[kind.party_field])
    header = {
        "RECORDID": number or None,
        "DOCNUMBER": text_of(element, document_tag) or None,
        "DESCRIPTION": text_of(element, "description") or None,
        "WHENCREATED": created,
        "WHENPOSTED": legacy_date(element.find("dateposted")) or created,
        **(header_extra or {}),
    }
    key = post_document(
        context,
        kind,
        party,
        header,
        lines,
        currency=text_of(element, "currency") or None,
        draft=text_of(element, "action").lower() == "draft",
    )
    context.billable += 1
    return key_result(key)
