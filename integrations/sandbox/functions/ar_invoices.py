"""AR documents: create_invoice, update_invoice, reverse_invoice, create_aradjustment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lxml import etree

from ..errors import error
from ..rates import to_base
from ..rules import HAS_PAYMENTS
from ..store import fetch_by_recordno, update_record
from ..values import to_decimal
from .accounting import refresh_party_due
from .base import Context, FunctionResult, register, text_of
from .documents import (
    custom_fields,
    customer_of,
    definition_of,
    ensure_visible,
    key_result,
    parse_lines,
    parse_money,
    term_days,
    write_lines,
)
from .generic import DELETE_GUARDS
from .party_documents import (
    AR_ADJUSTMENT,
    INVOICE,
    check_number,
    post_document,
    post_legacy_adjustment,
)
from .reversals import check_reversal_date, reverse_document
from .writing import (
    check_permission,
    exists,
    fail,
    legacy_date,
    missing,
)


def guard_invoice_delete(context: Context, row: dict[str, Any]) -> None:
    """An invoice with applied payments or credits cannot be deleted."""
    applied = context.conn.execute(
        'SELECT COUNT(*) FROM arpymtdetail WHERE "RECORDKEY" = ?', (row["RECORDNO"],)
    ).fetchone()[0]
    if applied:
        raise fail(
            "ARINVOICE",
            error(
                HAS_PAYMENTS,
                f"Invoice {row['RECORDID'] or row['RECORDNO']} has payments applied; reverse them "
                "before deleting the invoice.",
            ),
            verb="delete",
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
    check_number(
        context, INVOICE, invoice_no, customer["CUSTOMERID"], "Use a unique invoice number."
    )
    lines = parse_lines(context, "ARINVOICE", element.findall("invoiceitems/lineitem"))
    draft = text_of(element, "action").lower() == "draft"
    batch = text_of(element, "batchkey")
    header: dict[str, Any] = {
        "RECORDID": invoice_no or None,
        "DOCNUMBER": text_of(element, "ponumber") or None,
        "DESCRIPTION": text_of(element, "description") or None,
        "TERMNAME": term or None,
        "WHENCREATED": created,
        "WHENPOSTED": posted if not draft else None,
        "WHENDUE": due,
        "EXCH_RATE_TYPE_ID": text_of(element, "exchratetype") or None,
        "BILLTOPAYTOCONTACTNAME": (element.findtext("billto/contactname") or "").strip()
        or customer.get("DISPLAYCONTACT.CONTACTNAME"),
        "SUPDOCID": text_of(element, "supdocid") or None,
        "PRBATCHKEY": int(batch) if batch.isdigit() else None,
        **custom_fields(context, "ARINVOICE", element),
    }
    key = post_document(
        context,
        INVOICE,
        customer,
        header,
        lines,
        currency=text_of(element, "currency") or None,
        draft=draft,
    )
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
    """Legacy invoice update (key attribute = RECORDNO): header fields (dates, number with
    the collision check, customer, description, references, terms), custom fields and lines.
    A paid or reversed invoice is refused; lines of one with payments applied too."""
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
    created = legacy_date(element.find("datecreated"))
    if created and created != invoice["WHENCREATED"]:
        changes["WHENCREATED"] = created
    number = text_of(element, "invoiceno")
    if number and number != (invoice["RECORDID"] or ""):
        check_number(
            context, INVOICE, number, invoice["CUSTOMERID"], "Use a unique invoice number."
        )
        changes["RECORDID"] = number
    customer_id = text_of(element, "customerid")
    moved_from = None
    if customer_id and customer_id != invoice["CUSTOMERID"]:
        customer = customer_of(context, "ARINVOICE", customer_id)
        changes["CUSTOMERID"] = customer["CUSTOMERID"]
        moved_from = invoice["CUSTOMERID"]
        context.conn.execute(
            'UPDATE arinvoiceitem SET "CUSTOMERID"=? WHERE "RECORDKEY"=?',
            (customer["CUSTOMERID"], invoice["RECORDNO"]),
        )
    when_due = changes.get("WHENDUE") or invoice["WHENDUE"]
    if when_due and str(when_due) < str(changes.get("WHENCREATED") or invoice["WHENCREATED"]):
        raise fail(
            "ARINVOICE",
            error("BL01001973", "The due date cannot be before the invoice date."),
            verb="update",
        )
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
    refresh_party_due(context.conn, "CUSTOMER", changes.get("CUSTOMERID") or invoice["CUSTOMERID"])
    if moved_from:
        refresh_party_due(context.conn, "CUSTOMER", moved_from)
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
    check_reversal_date("ARINVOICE", when, invoice.get("WHENCREATED"), "invoice")
    memo = text_of(element, "description") or text_of(element, "memo")
    key = reverse_document(context, "ARINVOICE", invoice, when, memo)
    context.billable += 1
    return key_result(key)


@register("create_aradjustment", write=True)
def create_aradjustment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR adjustment: negative lines make a credit memo, positive a debit memo."""
    check_permission(context, "create", "ARADJUSTMENT")
    customer = customer_of(context, "ARADJUSTMENT", text_of(element, "customerid"))
    return post_legacy_adjustment(
        context, AR_ADJUSTMENT, element, customer, document_tag="invoiceno"
    )


def guard_credit_delete(context: Context, row: dict[str, Any]) -> None:
    """An applied credit memo cannot be deleted (unapply it, or reverse the payment)."""
    if context.conn.execute(
        'SELECT 1 FROM arpymtdetail WHERE "ADJUSTMENTKEY" = ? LIMIT 1', (row["RECORDNO"],)
    ).fetchone():
        raise fail(
            "ARADJUSTMENT",
            error(HAS_PAYMENTS, "The adjustment has been applied; unapply it before deleting."),
            verb="delete",
        )


DELETE_GUARDS["ARINVOICE"] = guard_invoice_delete
DELETE_GUARDS["ARADJUSTMENT"] = guard_credit_delete
