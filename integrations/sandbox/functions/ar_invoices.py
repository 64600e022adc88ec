"""AR documents: create_invoice, update_invoice, reverse_invoice, create_aradjustment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import IntacctError, error
from ..rates import rate, to_base
from ..store import fetch_by_recordno, insert_record, update_record
from ..values import to_decimal
from .accounting import refresh_party_due
from .base import Context, FunctionResult, register, text_of
from .columns import STATE_LETTERS
from .documents import (
    custom_fields,
    customer_of,
    definition_of,
    document_entity,
    ensure_visible,
    key_result,
    parse_lines,
    parse_money,
    term_days,
    write_lines,
)
from .generic import DELETE_GUARDS
from .writing import (
    check_permission,
    entity_currency,
    entity_fields,
    exists,
    fail,
    legacy_date,
    missing,
    value_exists,
)


def guard_invoice_delete(context: Context, row: dict[str, Any]) -> None:
    """An invoice with applied payments or credits cannot be deleted."""
    applied = context.conn.execute(
        'SELECT COUNT(*) FROM arpymtdetail WHERE "RECORDKEY" = ?', (row["RECORDNO"],)
    ).fetchone()[0]
    if applied:
        raise IntacctError(
            error(
                "BL01001973",
                f"Invoice {row['RECORDID'] or row['RECORDNO']} has payments applied; reverse them "
                "before deleting the invoice.",
                "Could not delete Invoice record!",
            )
        )


@register("create_invoice", write=True)
def create_invoice(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR invoice create; returns the new RECORDNO as ``<key>``."""
    check_permission(context, "create", "ARINVOICE")
    customer = customer_of(context, "ARINVOICE", text_of(element, "customerid"))
    if customer.get("STATUS") == "inactive":
        raise fail(
            "ARINVOICE",
            error(
                "BL01001973", f"Customer {customer['CUSTOMERID']} is inactive.", "Inactive customer"
            ),
        )
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("ARINVOICE", "datecreated")
    posted = legacy_date(element.find("dateposted")) or created
    due = legacy_date(element.find("datedue"))
    term = text_of(element, "termname")
    if due is None and not term:
        raise missing("ARINVOICE", "datedue")
    if due is None:
        days = term_days(context, "ARTERM", term, "ARINVOICE")
        due = (date.fromisoformat(created) + timedelta(days=days)).isoformat()
    elif term:
        term_days(context, "ARTERM", term, "ARINVOICE")
    invoice_no = text_of(element, "invoiceno")
    if invoice_no and value_exists(context, "ARINVOICE", "RECORDID", invoice_no):
        raise fail(
            "ARINVOICE",
            error(
                "BL01001973",
                f"A transaction with the number '{invoice_no}' already exists.",
                "Duplicate transaction number",
                "Use a unique invoice number.",
            ),
        )
    lines = parse_lines(context, "ARINVOICE", element.findall("invoiceitems/lineitem"))
    entity = document_entity(context, lines, "ARINVOICE")
    base = entity_currency(context, entity)
    currency = text_of(element, "currency") or customer.get("CURRENCY") or base
    try:
        rate(currency, base)
    except KeyError as exc:
        raise fail("ARINVOICE", error("BL01001973", f"Unknown currency {exc}.")) from exc
    draft = text_of(element, "action").lower() == "draft"
    state = "Draft" if draft else "Posted"
    customs = custom_fields(context, "ARINVOICE", element)
    definition = definition_of("ARINVOICE")
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    base_total = sum((to_base(line["TRX"], currency, base) for line in lines), Decimal(0))
    values: dict[str, Any] = {
        "RECORDTYPE": "ri",
        "RECORDID": invoice_no or None,
        "STATE": state,
        "RAWSTATE": STATE_LETTERS[state],
        "CUSTOMERID": customer["CUSTOMERID"],
        "CUSTOMERNAME": customer["NAME"],
        "DOCNUMBER": text_of(element, "ponumber") or None,
        "DESCRIPTION": text_of(element, "description") or None,
        "TERMNAME": term or None,
        "WHENCREATED": created,
        "WHENPOSTED": posted if not draft else None,
        "WHENDUE": due,
        "BASECURR": base,
        "CURRENCY": currency,
        "EXCHANGE_RATE": float(rate(currency, base)),
        "EXCH_RATE_TYPE_ID": text_of(element, "exchratetype") or None,
        "TOTALENTERED": float(base_total),
        "TOTALPAID": 0.0,
        "TOTALDUE": float(base_total),
        "TOTALSELECTED": 0.0,
        "TRX_TOTALENTERED": float(trx_total),
        "TRX_TOTALPAID": 0.0,
        "TRX_TOTALDUE": float(trx_total),
        "TRX_TOTALSELECTED": 0.0,
        "TRX_ENTITYDUE": float(trx_total),
        "BILLTOPAYTOCONTACTNAME": (element.findtext("billto/contactname") or "").strip()
        or customer.get("DISPLAYCONTACT.CONTACTNAME"),
        "MODULEKEY": "4.AR",
        "SYSTEMGENERATED": "F",
        "SUPDOCID": text_of(element, "supdocid") or None,
        "PRBATCHKEY": int(text_of(element, "batchkey"))
        if text_of(element, "batchkey").isdigit()
        else None,
        **customs,
        **entity_fields(context, entity),
    }
    key = insert_record(context.conn, definition, values, context.actor, context.store.now())
    if not invoice_no:
        context.conn.execute(
            'UPDATE arinvoice SET "RECORDID" = ? WHERE "RECORDNO" = ?', (f"INV-A{key:06d}", key)
        )
    write_lines(
        context,
        "ARINVOICEITEM",
        key,
        lines,
        currency,
        base,
        state,
        created,
        {"CUSTOMERID": customer["CUSTOMERID"], "RECORDTYPE": "ri"},
    )
    refresh_party_due(context.conn, "CUSTOMER", str(customer["CUSTOMERID"]))
    context.billable += 1
    return key_result(key)


def _invoice_for_change(context: Context, element: etree._Element, verb: str) -> dict[str, Any]:
    key = text_of(element, "key") or element.get("key", "")
    if not key.isdigit():
        raise missing("ARINVOICE", "key", verb=verb)
    invoice = fetch_by_recordno(context.conn, definition_of("ARINVOICE"), int(key))
    if invoice is None:
        raise fail(
            "ARINVOICE",
            error("BL01001973", f"Cannot find arinvoice with key '{key}' to {verb}."),
            verb=verb,
        )
    ensure_visible(context, "ARINVOICE", invoice)
    return invoice


@register("update_invoice", write=True)
def update_invoice(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy invoice update of header fields and custom fields (key attribute = RECORDNO)."""
    check_permission(context, "update", "ARINVOICE")
    invoice = _invoice_for_change(context, element, "update")
    if invoice["STATE"] in ("Reversed", "Reversal", "Paid"):
        raise fail(
            "ARINVOICE",
            error("BL01001973", f"A {invoice['STATE'].lower()} invoice cannot be updated."),
            verb="update",
        )
    changes: dict[str, Any] = {}
    due = legacy_date(element.find("datedue"))
    if due:
        changes["WHENDUE"] = due
    for tag, field in (
        ("description", "DESCRIPTION"),
        ("ponumber", "DOCNUMBER"),
        ("termname", "TERMNAME"),
        ("supdocid", "SUPDOCID"),
    ):
        if element.find(tag) is not None:
            changes[field] = text_of(element, tag) or None
    if changes.get("TERMNAME"):
        term_days(context, "ARTERM", changes["TERMNAME"], "ARINVOICE")
    if text_of(element, "action").lower() == "submit" and invoice["STATE"] == "Draft":
        changes.update({"STATE": "Posted", "RAWSTATE": "A", "WHENPOSTED": invoice["WHENCREATED"]})
        context.conn.execute(
            'UPDATE arinvoiceitem SET "STATE"=\'Posted\' WHERE "RECORDKEY"=?',
            (invoice["RECORDNO"],),
        )
    changes.update(custom_fields(context, "ARINVOICE", element))
    items = element.find("updateinvoiceitems")
    if items is not None:
        changes.update(_update_lines(context, invoice, items))
    update_record(
        context.conn,
        definition_of("ARINVOICE"),
        int(invoice["RECORDNO"]),
        changes,
        context.actor,
        context.store.now(),
    )
    refresh_party_due(context.conn, "CUSTOMER", invoice["CUSTOMERID"])
    context.billable += 1
    return key_result(invoice["RECORDNO"])


def _update_lines(
    context: Context, invoice: dict[str, Any], items: etree._Element
) -> dict[str, Any]:
    """Apply ``updatelineitem line_num=N`` changes and append ``lineitem``s; new totals."""
    key = int(invoice["RECORDNO"])
    if to_decimal(invoice["TRX_TOTALPAID"]) != 0:
        raise fail(
            "ARINVOICE",
            error(
                "BL01001973",
                "Lines of an invoice with payments applied cannot change.",
            ),
            verb="update",
        )
    conn = context.conn
    currency = invoice["CURRENCY"] or "USD"
    base = invoice["BASECURR"] or currency
    for change in items.findall("updatelineitem"):
        number = change.get("line_num", "")
        line = conn.execute(
            'SELECT "RECORDNO" FROM arinvoiceitem WHERE "RECORDKEY"=? AND "LINE_NO"=?',
            (key, number),
        ).fetchone()
        if line is None:
            raise fail(
                "ARINVOICE",
                error("BL01001973", f"Invoice {key} has no line {number}."),
                verb="update",
            )
        values: dict[str, Any] = {}
        account = (change.findtext("glaccountno") or "").strip()
        if account:
            if exists(context, "GLACCOUNT", account) is None:
                raise fail(
                    "ARINVOICE",
                    error("BL01001973", f"Invalid GL account '{account}'."),
                    verb="update",
                )
            values["ACCOUNTNO"] = account
        amount_text = (change.findtext("amount") or "").strip()
        if amount_text:
            amount = parse_money(amount_text, "ARINVOICE", "amount")
            values["TRX_AMOUNT"] = float(amount)
            values["AMOUNT"] = float(to_base(amount, currency, base))
        for tag, field in (
            ("memo", "ENTRYDESCRIPTION"),
            ("locationid", "LOCATIONID"),
            ("departmentid", "DEPARTMENTID"),
            ("classid", "CLASSID"),
        ):
            if change.find(tag) is not None:
                values[field] = (change.findtext(tag) or "").strip() or None
        if values:
            update_record(
                conn,
                definition_of("ARINVOICEITEM"),
                int(line[0]),
                values,
                context.actor,
                context.store.now(),
                audit=False,
            )
    added = items.findall("lineitem")
    if added:
        count = conn.execute(
            'SELECT COUNT(*) FROM arinvoiceitem WHERE "RECORDKEY"=?', (key,)
        ).fetchone()[0]
        write_lines(
            context,
            "ARINVOICEITEM",
            key,
            parse_lines(context, "ARINVOICE", added),
            currency,
            base,
            invoice["STATE"],
            invoice["WHENCREATED"],
            {"CUSTOMERID": invoice["CUSTOMERID"], "RECORDTYPE": "ri"},
            first_line=int(count) + 1,
        )
    base_total, trx_total = conn.execute(
        'SELECT COALESCE(SUM("AMOUNT"), 0), COALESCE(SUM("TRX_AMOUNT"), 0) FROM arinvoiceitem '
        'WHERE "RECORDKEY"=?',
        (key,),
    ).fetchone()
    return {
        "TOTALENTERED": base_total,
        "TOTALDUE": base_total,
        "TRX_TOTALENTERED": trx_total,
        "TRX_TOTALDUE": trx_total,
        "TRX_ENTITYDUE": trx_total,
    }


@register("reverse_invoice", write=True)
def reverse_invoice(context: Context, element: etree._Element) -> FunctionResult:
    """Reverse a posted, unpaid invoice: it becomes Reversed and a Reversal twin appears."""
    check_permission(context, "update", "ARINVOICE")
    invoice = _invoice_for_change(context, element, "reverse")
    if invoice["STATE"] != "Posted":
        raise fail(
            "ARINVOICE",
            error(
                "BL01001973",
                f"Only posted invoices without payments can be reversed (this one is "
                f"{invoice['STATE']}).",
                "Cannot reverse",
            ),
            verb="update",
        )
    when = legacy_date(element.find("datereversed")) or context.store.now().date().isoformat()
    definition = definition_of("ARINVOICE")
    now = context.store.now()
    update_record(
        context.conn,
        definition,
        int(invoice["RECORDNO"]),
        {"STATE": "Reversed", "RAWSTATE": "V", "TOTALDUE": 0.0, "TRX_TOTALDUE": 0.0},
        context.actor,
        now,
    )
    twin = {
        name: value
        for name, value in invoice.items()
        if name not in ("RECORDNO", "WHENMODIFIED", "AUWHENCREATED", "RECORD_URL")
    }
    for field in ("TOTALENTERED", "TRX_TOTALENTERED"):
        twin[field] = -(invoice[field] or 0)
    twin.update(
        {
            "STATE": "Reversal",
            "RAWSTATE": "R",
            "TOTALDUE": 0.0,
            "TRX_TOTALDUE": 0.0,
            "TOTALPAID": 0.0,
            "TRX_TOTALPAID": 0.0,
            "WHENCREATED": when,
            "WHENPOSTED": when,
            "RECORDID": f"{invoice['RECORDID']}-R",
            "DESCRIPTION": text_of(element, "memo") or f"Reversal of {invoice['RECORDID']}",
        }
    )
    key = insert_record(context.conn, definition, twin, context.actor, now)
    refresh_party_due(context.conn, "CUSTOMER", invoice["CUSTOMERID"])
    context.billable += 1
    return key_result(key)


@register("create_aradjustment", write=True)
def create_aradjustment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR adjustment: negative lines make a credit memo, positive a debit memo."""
    check_permission(context, "create", "ARADJUSTMENT")
    customer = customer_of(context, "ARADJUSTMENT", text_of(element, "customerid"))
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("ARADJUSTMENT", "datecreated")
    number = text_of(element, "adjustmentno")
    if number and value_exists(context, "ARADJUSTMENT", "RECORDID", number):
        raise fail(
            "ARADJUSTMENT",
            error("BL01001973", f"A transaction with the number '{number}' already exists."),
        )
    lines = parse_lines(context, "ARADJUSTMENT", element.findall("aradjustmentitems/lineitem"))
    entity = document_entity(context, lines, "ARADJUSTMENT")
    base = entity_currency(context, entity)
    currency = text_of(element, "currency") or customer.get("CURRENCY") or base
    draft = text_of(element, "action").lower() == "draft"
    state = "Draft" if draft else "Posted"
    trx_total = sum((line["TRX"] for line in lines), Decimal(0))
    base_total = to_base(trx_total, currency, base)
    values = {
        "RECORDTYPE": "ra",
        "RECORDID": number or None,
        "STATE": state,
        "RAWSTATE": STATE_LETTERS[state],
        "CUSTOMERID": customer["CUSTOMERID"],
        "CUSTOMERNAME": customer["NAME"],
        "DOCNUMBER": text_of(element, "invoiceno") or None,
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
        "MODULEKEY": "4.AR",
        **entity_fields(context, entity),
    }
    key = insert_record(
        context.conn, definition_of("ARADJUSTMENT"), values, context.actor, context.store.now()
    )
    write_lines(context, "ARADJUSTMENTITEM", key, lines, currency, base, state, created, {})
    refresh_party_due(context.conn, "CUSTOMER", customer["CUSTOMERID"])
    context.billable += 1
    return key_result(key)


DELETE_GUARDS["ARINVOICE"] = guard_invoice_delete
