"""AR receipts: generic ARPYMT create and legacy create_arpayment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import error
from ..rates import rate, to_base
from ..rules import NOT_DRAFT
from ..store import fetch_by_recordno, insert_record
from ..values import ValueFormatError, parse_us_date, to_decimal
from .accounting import use_overpayment
from .ar_applications import Application, apply_ar
from .base import Context, FunctionResult, register, text_of
from .documents import (
    customer_of,
    definition_of,
    key_result,
    parse_money,
)
from .generic import CREATORS, DELETE_GUARDS, UPDATERS
from .writing import (
    check_permission,
    entity_currency,
    entity_fields,
    entity_of_location,
    exists,
    fail,
    legacy_date,
    missing,
    to_row,
    value_exists,
)


def _payment_entity(
    context: Context, customer: dict[str, Any], bank: dict[str, Any] | None
) -> str | None:
    if context.entity_id:
        return context.entity_id
    if bank and bank.get("LOCATIONID"):
        return entity_of_location(context, bank["LOCATIONID"])
    return customer.get("MEGAENTITYID") or None


def _batch_required(context: Context, entity: str | None) -> bool:
    entities = context.store.get_meta(context.conn, "payment_batch_required_entities")
    return bool(entity) and entity in entities.split(",")


def _deposit_target(
    context: Context, bank_id: str, undeposited: str, batch: str
) -> dict[str, Any] | None:
    """Validate where the money goes; returns the bank account row when one is named."""
    if not (bank_id or undeposited or batch):
        raise fail(
            "ARPYMT",
            error(
                "BL01001973",
                "Provide a bank account (FINANCIALENTITY), an undeposited funds account or a "
                "payment batch.",
                "Missing deposit account",
            ),
        )
    bank = None
    if bank_id:
        bank = exists(context, "CHECKINGACCOUNT", bank_id)
        if bank is None:
            raise fail("ARPYMT", error("BL01001973", f"Invalid bank account '{bank_id}'."))
    if undeposited:
        if exists(context, "GLACCOUNT", undeposited) is None:
            raise fail("ARPYMT", error("BL01001973", f"Invalid GL account '{undeposited}'."))
        if value_exists(context, "CHECKINGACCOUNT", "GLACCOUNTNO", undeposited):
            raise fail(
                "ARPYMT",
                error(
                    "BL01001973",
                    f"The undeposited funds account {undeposited} is associated with a bank "
                    "account. Select a GL account that is not linked to a bank account.",
                    "Invalid undeposited funds account",
                ),
            )
    return bank


def _insert_payment(
    context: Context,
    customer: dict[str, Any],
    entity: str | None,
    fields: dict[str, Any],
    cash: Decimal,
    total: Decimal,
    currency: str,
    draft: bool,
) -> int:
    base = entity_currency(context, entity)
    base_total = to_base(total, currency, base)
    base_cash = to_base(cash, currency, base)
    values = {
        **fields,
        "RECORDTYPE": "rp",
        "CUSTOMERID": customer["CUSTOMERID"],
        "CUSTOMERNAME": customer["NAME"],
        "STATE": "Draft" if draft else "Complete",
        "DISPLAYSTATE": "Draft" if draft else "Complete",
        "BASECURR": base,
        "CURRENCY": currency,
        "EXCHANGE_RATE": float(rate(currency, base)),
        "TOTALENTERED": float(base_total),
        "TOTALPAID": float(base_cash),
        "TOTALDUE": float(base_total - base_cash),
        "TRX_TOTALENTERED": float(total),
        "TRX_TOTALPAID": float(cash),
        "TRX_TOTALDUE": float(total - cash),
        **entity_fields(context, entity),
    }
    return insert_record(
        context.conn, definition_of("ARPYMT"), values, context.actor, context.store.now()
    )


def create_arpymt(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    """Generic ``create`` of ARPYMT with ARPYMTDETAILS applications."""
    row = to_row("ARPYMT", definition, values)
    for field in ("PAYMENTMETHOD", "CUSTOMERID"):
        if not row.get(field):
            raise missing("ARPYMT", field)
    method = str(row["PAYMENTMETHOD"])
    valid = definition.fields["PAYMENTMETHOD"].valid_values
    if valid and method not in valid:
        raise fail("ARPYMT", error("BL01001973", f"Invalid payment method '{method}'."))
    receipt = values.get("RECEIPTDATE") or values.get("PAYMENTDATE") or ""
    if not receipt:
        raise missing("ARPYMT", "RECEIPTDATE")
    try:
        receipt_date = parse_us_date(receipt).isoformat()
    except ValueFormatError as exc:
        raise fail("ARPYMT", error("BL01001973", str(exc))) from exc
    customer = customer_of(context, "ARPYMT", str(row["CUSTOMERID"]))
    bank = _deposit_target(
        context,
        values.get("FINANCIALENTITY", ""),
        values.get("UNDEPOSITEDACCOUNTNO", ""),
        values.get("PRBATCH", ""),
    )
    entity = _payment_entity(context, customer, bank)
    if (
        _batch_required(context, entity)
        and not values.get("PRBATCH")
        and not values.get("PRBATCHKEY")
    ):
        raise fail(
            "ARPYMT",
            error(
                "BL01001973",
                "Please provide a payment batch key.",
                "Payment summary required",
                "This entity summarizes payments manually: pass PRBATCH with an open batch.",
            ),
        )
    currency = (
        values.get("CURRENCY") or customer.get("CURRENCY") or entity_currency(context, entity)
    )
    applications = []
    details = element.find("ARPYMTDETAILS")
    for item in details.findall("ARPYMTDETAIL") if details is not None else []:
        invoice_text = text_of(item, "RECORDKEY") or text_of(item, "POSADJKEY")
        if not invoice_text.isdigit():
            raise missing("ARPYMT", "ARPYMTDETAIL/RECORDKEY")
        invoice = int(invoice_text)
        for kind, key_field in (
            ("PAYMENT", ""),
            ("ADJUSTMENT", "ADJUSTMENTKEY"),
            ("POSTEDADVANCE", "ADVANCEKEY"),
            ("POSTEDOVERPAYMENT", "OVERPAYMENTKEY"),
            ("NEGATIVEINVOICE", "NEGATIVEINVOICEKEY"),
        ):
            amount_text = text_of(item, f"TRX_{kind}AMOUNT") or text_of(item, f"{kind}AMOUNT")
            if not amount_text:
                continue
            credit_text = text_of(item, key_field) if key_field else ""
            if key_field and not credit_text.isdigit():
                raise missing("ARPYMT", f"ARPYMTDETAIL/{key_field}")
            applications.append(
                Application(
                    invoice,
                    parse_money(amount_text, "ARPYMT", kind),
                    kind,
                    int(credit_text) if credit_text else None,
                )
            )
    cash = sum((a.amount for a in applications if a.kind == "PAYMENT"), Decimal(0))
    _check_overpayments(context, customer, applications)
    amount_text = values.get("TRX_AMOUNTTOPAY") or values.get("AMOUNTTOPAY") or ""
    total = parse_money(amount_text, "ARPYMT", "AMOUNTTOPAY") if amount_text else cash
    over_text = values.get("OVERPAYMENTAMOUNT") or ""
    if over_text and not amount_text:
        # Same currency: the unapplied rest stays on the payment as an overpayment.
        total = cash + parse_money(over_text, "ARPYMT", "OVERPAYMENTAMOUNT")
    if total < cash:
        raise fail("ARPYMT", error("BL01001973", "AMOUNTTOPAY is less than the amounts applied."))
    credits_only = total == 0 and applications and cash == 0
    if total <= 0 and not credits_only:
        raise fail("ARPYMT", error("BL01001973", "The payment amount must be greater than 0."))
    draft = values.get("ACTION", "").lower() == "draft"
    fields = {
        "PAYMENTMETHOD": method,
        "FINANCIALENTITY": bank["BANKACCOUNTID"] if bank else None,
        "FINANCIALENTITYTYPE": "BA" if bank else None,
        "UNDEPOSITEDACCOUNTNO": values.get("UNDEPOSITEDACCOUNTNO") or None,
        "PRBATCH": values.get("PRBATCH") or None,
        "DOCNUMBER": values.get("DOCNUMBER") or None,
        "DESCRIPTION": values.get("DESCRIPTION") or None,
        "WHENCREATED": receipt_date,
        "RECEIPTDATE": receipt_date,
        "WHENPAID": receipt_date,
        "PAYERNAME": values.get("PAYERNAME") or None,
    }
    key = _insert_payment(context, customer, entity, fields, cash, total, currency, draft)
    apply_ar(
        context,
        "ARPYMT",
        key,
        str(customer["CUSTOMERID"]),
        applications,
        receipt_date,
        "Draft" if draft else "Complete",
    )
    for application in applications:
        if application.kind == "POSTEDOVERPAYMENT" and application.credit_key is not None:
            use_overpayment(
                context.conn,
                application.credit_key,
                application.amount,
                context.actor,
                context.store.now(),
            )
    context.conn.execute(
        'UPDATE arpymt SET "RECORDID" = ? WHERE "RECORDNO" = ?', (f"PMT-{key:07d}", key)
    )
    return key


def _check_overpayments(
    context: Context, customer: dict[str, Any], applications: list[Application]
) -> None:
    """An overpayment used as credit must be the customer's, posted, with enough left."""
    wanted: dict[int, Decimal] = {}
    for application in applications:
        if application.kind == "POSTEDOVERPAYMENT" and application.credit_key is not None:
            wanted[application.credit_key] = (
                wanted.get(application.credit_key, Decimal(0)) + application.amount
            )
    for key, amount in wanted.items():
        row = fetch_by_recordno(context.conn, definition_of("ARPYMT"), key)
        left = to_decimal(row.get("TRX_TOTALDUE")) if row else Decimal(0)
        if (
            row is None
            or row.get("STATE") != "Complete"
            or row.get("CUSTOMERID") != customer["CUSTOMERID"]
            or left < amount
        ):
            raise fail(
                "ARPYMT",
                error(
                    "BL01001973",
                    f"Overpayment {key} has only {left} left to apply for customer "
                    f"{customer['CUSTOMERID']}; {amount} was asked for.",
                    "Nothing to apply",
                ),
            )


def update_arpymt(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Payments can be edited only while Draft."""
    if current.get("STATE") != "Draft":
        raise fail(
            "ARPYMT",
            error(NOT_DRAFT, "Only draft payments can be updated; reverse the payment instead."),
            verb="update",
        )


def guard_payment_delete(context: Context, row: dict[str, Any]) -> None:
    """Only draft payments can be deleted."""
    if row.get("STATE") != "Draft":
        raise fail(
            "ARPYMT",
            error(NOT_DRAFT, "Only draft payments can be deleted; reverse the payment instead."),
            verb="delete",
        )


@register("create_arpayment", write=True)
def create_arpayment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR receipt; ``arpaymentitem`` elements apply it to invoices."""
    check_permission(context, "create", "ARPYMT")
    customer = customer_of(context, "ARPYMT", text_of(element, "customerid"))
    amount_text = text_of(element, "paymentamount")
    if not amount_text:
        raise missing("ARPYMT", "paymentamount")
    total = parse_money(amount_text, "ARPYMT", "paymentamount")
    received = legacy_date(element.find("datereceived"))
    if received is None:
        raise missing("ARPYMT", "datereceived")
    method = text_of(element, "paymentmethod")
    if not method:
        raise missing("ARPYMT", "paymentmethod")
    batch = text_of(element, "batchkey")
    bank = _deposit_target(
        context, text_of(element, "bankaccountid"), text_of(element, "undepfundsacct"), batch
    )
    entity = _payment_entity(context, customer, bank)
    if _batch_required(context, entity) and not batch:
        raise fail(
            "ARPYMT",
            error(
                "BL01001973",
                "Please provide a payment batch key.",
                "Payment summary required",
                "This entity summarizes payments manually: pass batchkey.",
            ),
        )
    applications = []
    for item in element.iterfind("arpaymentitem"):
        invoice_key = (item.findtext("invoicekey") or "").strip()
        if not invoice_key.isdigit():
            raise missing("ARPYMT", "arpaymentitem/invoicekey")
        applications.append(
            Application(
                int(invoice_key), parse_money(item.findtext("amount") or "", "ARPYMT", "amount")
            )
        )
    cash = sum((a.amount for a in applications), Decimal(0))
    if cash > total:
        raise fail("ARPYMT", error("BL01001973", "The amounts applied exceed the payment amount."))
    currency = (
        text_of(element, "currency") or customer.get("CURRENCY") or entity_currency(context, entity)
    )
    fields = {
        "PAYMENTMETHOD": method,
        "FINANCIALENTITY": bank["BANKACCOUNTID"] if bank else None,
        "FINANCIALENTITYTYPE": "BA" if bank else None,
        "UNDEPOSITEDACCOUNTNO": text_of(element, "undepfundsacct") or None,
        "PRBATCHKEY": int(batch) if batch.isdigit() else None,
        "DOCNUMBER": text_of(element, "refid") or None,
        "WHENCREATED": received,
        "RECEIPTDATE": received,
        "WHENPAID": received,
    }
    key = _insert_payment(context, customer, entity, fields, cash, total, currency, False)
    if total > cash:
        context.conn.execute('UPDATE arpymt SET "RECORDTYPE"=\'rr\' WHERE "RECORDNO"=?', (key,))
    apply_ar(context, "ARPYMT", key, str(customer["CUSTOMERID"]), applications, received)
    context.conn.execute(
        'UPDATE arpymt SET "RECORDID" = ? WHERE "RECORDNO" = ?', (f"PMT-{key:07d}", key)
    )
    context.billable += 1
    return key_result(key)


CREATORS["ARPYMT"] = create_arpymt
UPDATERS["ARPYMT"] = update_arpymt
DELETE_GUARDS["ARPYMT"] = guard_payment_delete
