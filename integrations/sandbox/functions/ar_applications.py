"""Applying cash and credits to AR invoices: apply_ar, apply_arpayment, reverse_arpayment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import error
from ..rates import to_base
from ..store import fetch_by_recordno, insert_record, update_record
from ..values import to_decimal
from .accounting import refresh_document, refresh_party_due
from .base import Context, FunctionResult, register, text_of
from .columns import STATE_LETTERS
from .documents import (
    OPEN_STATES,
    definition_of,
    ensure_visible,
    key_result,
    parse_money,
)
from .reversals import check_reversal_date, reverse_payment
from .writing import (
    check_permission,
    fail,
    legacy_date,
    missing,
)


@dataclass
class Application:
    """One application of cash or credit to an AR document."""

    invoice: int
    amount: Decimal  # in transaction currency
    # PAYMENT | ADJUSTMENT | POSTEDADVANCE | POSTEDOVERPAYMENT | NEGATIVEINVOICE
    kind: str = "PAYMENT"
    credit_key: int | None = None


def _invoice_for_payment(
    context: Context, object_name: str, key: int, customer: str
) -> dict[str, Any]:
    invoice = fetch_by_recordno(context.conn, definition_of("ARINVOICE"), key)
    if invoice is None:
        deleted = context.conn.execute(
            'SELECT 1 FROM audithistory WHERE "OBJECTTYPE"=\'arinvoice\' AND "OBJECTKEY"=? '
            "AND \"ACCESSMODE\"='D'",
            (str(key),),
        ).fetchone()
        reason = "was deleted" if deleted else "does not exist"
        raise fail(
            object_name,
            error(
                "BL01001973",
                f"Invoice with record number {key} {reason}; the payment cannot be applied to it.",
                "Invalid invoice",
                "Refresh the open invoices of the customer and apply again.",
            ),
        )
    ensure_visible(context, object_name, invoice)
    if customer and invoice["CUSTOMERID"] != customer:
        raise fail(
            object_name,
            error(
                "BL01001973",
                f"Invoice {key} belongs to customer {invoice['CUSTOMERID']}, not {customer}.",
            ),
        )
    if invoice["STATE"] not in OPEN_STATES:
        raise fail(
            object_name,
            error("BL01001973", f"Invoice {key} is {invoice['STATE']} and cannot be paid."),
        )
    return invoice


def apply_ar(
    context: Context,
    object_name: str,
    payment_key: int | None,
    customer: str,
    applications: list[Application],
    payment_date: str,
    state: str = "Complete",
) -> Decimal:
    """Write ARPYMTDETAIL rows, refresh the invoices; returns cash applied (transaction)."""
    conn = context.conn
    detail = definition_of("ARPYMTDETAIL")
    now = context.store.now()
    cash = Decimal(0)
    touched: set[int] = set()
    for application in applications:
        if application.amount <= 0:
            raise fail(
                object_name,
                error(
                    "BL01001973",
                    f"Amount to apply to invoice {application.invoice} must be positive.",
                ),
            )
        invoice = _invoice_for_payment(context, object_name, application.invoice, customer)
        due = to_decimal(invoice["TRX_TOTALDUE"])
        if application.amount > due:
            raise fail(
                object_name,
                error(
                    "BL01001973",
                    f"The amount {application.amount} exceeds the amount due {due} on invoice "
                    f"{application.invoice}.",
                    "Overapplication",
                ),
            )
        currency = invoice["CURRENCY"] or "USD"
        base = invoice["BASECURR"] or currency
        base_amount = to_base(application.amount, currency, base)
        values: dict[str, Any] = {
            "PAYMENTKEY": payment_key,
            "RECORDKEY": application.invoice,
            "PAYMENTDATE": payment_date,
            "CURRENCY": currency,
            "STATE": state,
            "MODULEKEY": "4.AR",
        }
        kind = application.kind
        values[f"{kind}AMOUNT"] = float(base_amount)
        values[f"TRX_{kind}AMOUNT"] = float(application.amount)
        if kind != "PAYMENT":
            key_field = {
                "ADJUSTMENT": "ADJUSTMENTKEY",
                "POSTEDADVANCE": "POSTEDADVANCEKEY",
                "POSTEDOVERPAYMENT": "POSTEDOVERPAYMENTKEY",
                "NEGATIVEINVOICE": "NEGATIVEINVOICEKEY",
            }[kind]
            values[key_field] = application.credit_key
        else:
            cash += application.amount
        insert_record(conn, detail, values, context.actor, now, audit=False)
        touched.add(application.invoice)
        if state != "Draft":
            refresh_document(conn, "ARINVOICE", application.invoice, context.actor, now)
            if kind == "ADJUSTMENT" and application.credit_key is not None:
                refresh_document(conn, "ARADJUSTMENT", application.credit_key, context.actor, now)
    if customer:
        refresh_party_due(conn, "CUSTOMER", customer)
    return cash


def _credit_source(context: Context, key: int) -> tuple[str, dict[str, Any]]:
    """What ``apply_arpayment``'s key names: an advance, a credit memo or a negative invoice."""
    for object_name in ("ARPYMT", "ARADJUSTMENT", "ARINVOICE"):
        row = fetch_by_recordno(context.conn, definition_of(object_name), key)
        if row is None:
            continue
        due = to_decimal(row.get("TRX_TOTALDUE"))
        if object_name == "ARPYMT" and due > 0:
            return object_name, row
        if object_name != "ARPYMT" and due < 0:
            return object_name, row
    raise fail(
        "ARPYMT",
        error(
            "BL01001973",
            f"No advance, overpayment, credit memo or negative invoice with key {key} has an "
            "amount left to apply.",
            "Nothing to apply",
        ),
    )


@register("apply_arpayment", write=True)
def apply_arpayment(context: Context, element: etree._Element) -> FunctionResult:
    """Apply an advance/overpayment, credit memo or negative invoice to invoices."""
    check_permission(context, "create", "ARPYMT")
    key_text = text_of(element, "arpaymentkey")
    if not key_text.isdigit():
        raise missing("ARPYMT", "arpaymentkey")
    source_object, source = _credit_source(context, int(key_text))
    when = legacy_date(element.find("paymentdate")) or context.store.now().date().isoformat()
    kind = {
        "ARPYMT": "POSTEDADVANCE",
        "ARADJUSTMENT": "ADJUSTMENT",
        "ARINVOICE": "NEGATIVEINVOICE",
    }[source_object]
    applications = []
    for item in element.iterfind("arpaymentitems/arpaymentitem"):
        invoice = (item.findtext("invoicekey") or "").strip()
        if not invoice.isdigit():
            raise missing("ARPYMT", "arpaymentitem/invoicekey")
        applications.append(
            Application(
                int(invoice),
                parse_money(item.findtext("amount") or "", "ARPYMT", "amount"),
                kind,
                int(key_text),
            )
        )
    if not applications:
        raise missing("ARPYMT", "arpaymentitems")
    available = abs(to_decimal(source.get("TRX_TOTALDUE")))
    requested = sum((a.amount for a in applications), Decimal(0))
    if requested > available:
        raise fail(
            "ARPYMT",
            error("BL01001973", f"Only {available} is available to apply from {key_text}."),
        )
    payment_key = int(key_text) if source_object == "ARPYMT" else None
    apply_ar(context, "ARPYMT", payment_key, str(source["CUSTOMERID"]), applications, when)
    now = context.store.now()
    if source_object == "ARPYMT":
        base = source.get("BASECURR") or source.get("CURRENCY") or "USD"
        paid = to_decimal(source["TRX_TOTALPAID"]) + requested
        total = to_decimal(source["TRX_TOTALENTERED"])
        update_record(
            context.conn,
            definition_of("ARPYMT"),
            int(key_text),
            {
                "TRX_TOTALPAID": float(paid),
                "TRX_TOTALDUE": float(total - paid),
                "TOTALPAID": float(to_base(paid, source["CURRENCY"] or base, base)),
                "TOTALDUE": float(to_base(total - paid, source["CURRENCY"] or base, base)),
            },
            context.actor,
            now,
        )
    elif source_object == "ARINVOICE":
        # Credit memos are refreshed from their applications by apply_ar.
        _refresh_credit(context, source_object, int(key_text), requested)
    # The credit applied is no longer open: the customer's balance counts it once, on the invoice.
    refresh_party_due(context.conn, "CUSTOMER", str(source["CUSTOMERID"]))
    context.billable += 1
    return key_result(key_text)


def _refresh_credit(context: Context, object_name: str, key: int, used: Decimal) -> None:
    """A credit memo or negative invoice used by apply_arpayment: reduce what is left."""
    definition = definition_of(object_name)
    row = fetch_by_recordno(context.conn, definition, key)
    assert row is not None
    trx_paid = to_decimal(row["TRX_TOTALPAID"]) - used
    trx_total = to_decimal(row["TRX_TOTALENTERED"])
    currency = row["CURRENCY"] or "USD"
    base = row["BASECURR"] or currency
    state = "Paid" if trx_paid <= trx_total else "Partially Paid"
    update_record(
        context.conn,
        definition,
        key,
        {
            "TRX_TOTALPAID": float(trx_paid),
            "TRX_TOTALDUE": float(trx_total - trx_paid),
            "TOTALPAID": float(to_base(trx_paid, currency, base)),
            "TOTALDUE": float(to_base(trx_total - trx_paid, currency, base)),
            "STATE": state,
            "RAWSTATE": STATE_LETTERS[state],
        },
        context.actor,
        context.store.now(),
    )


@register("reverse_arpayment", write=True)
def reverse_arpayment(context: Context, element: etree._Element) -> FunctionResult:
    """Reverse a payment: it becomes Reversed, a Reversal with negative applications appears,
    and the invoices go back to Posted / Partially Paid."""
    check_permission(context, "update", "ARPYMT")
    key = text_of(element, "key") or element.get("key", "")
    if not key.isdigit():
        raise missing("ARPYMT", "key", verb="update")
    definition = definition_of("ARPYMT")
    payment = fetch_by_recordno(context.conn, definition, int(key))
    if payment is None:
        raise fail(
            "ARPYMT",
            error("BL01001973", f"Cannot find arpymt with key '{key}' to reverse."),
            verb="update",
        )
    if payment["STATE"] != "Complete":
        raise fail(
            "ARPYMT",
            error("BL01001973", f"Payment {key} is {payment['STATE']} and cannot be reversed."),
            verb="update",
        )
    when = legacy_date(element.find("datereversed")) or context.store.now().date().isoformat()
    check_reversal_date("ARPYMT", when, payment.get("RECEIPTDATE"), "payment")
    reversal = reverse_payment(
        context, "ARPYMT", payment, when, "Reversed", text_of(element, "description")
    )
    context.billable += 1
    return key_result(reversal)
