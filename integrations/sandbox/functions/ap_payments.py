"""AP payments: generic APPYMT create applying cash, vendor credits and advances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import error
from ..rates import to_base
from ..store import fetch_by_recordno, insert_record
from ..values import to_decimal
from .accounting import refresh_document, refresh_party_due
from .ap_bills import us_date, vendor_of
from .base import Context, text_of
from .documents import (
    definition_of,
    parse_money,
)
from .generic import CREATORS
from .writing import (
    entity_currency,
    entity_fields,
    exists,
    fail,
    missing,
)

# A bill paid with a charge card: FINANCIALENTITY names the card account (PROTOCOL §17.5.1).
CARD_METHODS = ("Charge Card", "Credit Card")


def _card_account(context: Context, card_id: str) -> dict[str, Any] | None:
    """A charge-card account the company's card transactions use, as a paying account."""
    row = context.conn.execute(
        'SELECT "FINANCIALENTITY", "MEGAENTITYID" FROM cctransaction '
        'WHERE "FINANCIALENTITY" = ? LIMIT 1',
        (card_id,),
    ).fetchone()
    if row is None:
        return None
    return {"BANKACCOUNTID": row[0], "LOCATIONID": row[1]}


def create_appymt(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    """Generic ``create`` of APPYMT paying bills (cash, vendor credits, advances)."""
    for field in ("PAYMENTMETHOD", "FINANCIALENTITY", "VENDORID", "PAYMENTDATE"):
        if not values.get(field):
            raise missing("APPYMT", field)
    vendor = vendor_of(context, "APPYMT", values["VENDORID"])
    bank = exists(context, "CHECKINGACCOUNT", values["FINANCIALENTITY"])
    account_type = "BA"
    if bank is None and values["PAYMENTMETHOD"] in CARD_METHODS:
        bank = _card_account(context, values["FINANCIALENTITY"])
        account_type = "CC"
    if bank is None:
        raise fail(
            "APPYMT", error("BL01001973", f"Invalid bank account '{values['FINANCIALENTITY']}'.")
        )
    paid_on = us_date("APPYMT", values["PAYMENTDATE"], "PAYMENTDATE")
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
                credit_text = text_of(item, key_field) if key_field else ""
                applications.append(
                    (
                        int(bill_text),
                        kind,
                        parse_money(amount_text, "APPYMT", kind),
                        int(credit_text) if credit_text.isdigit() else None,
                    )
                )
    if not applications:
        raise missing("APPYMT", "APPYMTDETAILS")
    cash = Decimal(0)
    bills: dict[int, dict[str, Any]] = {}
    for bill_key, kind, amount, credit in applications:
        bill = bills.get(bill_key) or fetch_by_recordno(
            context.conn, definition_of("APBILL"), bill_key
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
            credit_row = fetch_by_recordno(context.conn, definition_of("APADJUSTMENT"), credit or 0)
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
            "FINANCIALENTITYTYPE": account_type,
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
    detail = definition_of("APPYMTDETAIL")
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


CREATORS["APPYMT"] = create_appymt
