"""AR writes: generic ARPYMT create and the legacy AR functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import IntacctError, error
from ..rates import rate, to_base
from ..store import fetch_by_recordno, insert_record, update_record
from ..values import ValueFormatError, parse_us_date, to_decimal
from .accounting import refresh_document, refresh_party_due
from .base import Context, FunctionResult, register, text_of
from .columns import STATE_LETTERS
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

OPEN_STATES = ("Posted", "Partially Paid")


def _definition(name: str) -> ObjectDef:
    definition = get_object(name)
    assert definition is not None
    return definition


def _key(result_key: str | int) -> FunctionResult:
    element = etree.Element("key")
    element.text = str(result_key)
    return FunctionResult([element])


def _money(text: str, object_name: str, field: str) -> Decimal:
    try:
        return to_decimal(text).quantize(Decimal("0.01"))
    except ValueFormatError as exc:
        raise fail(
            object_name, error("BL01001973", f"Invalid amount '{text}' for {field}")
        ) from exc


def _customer(context: Context, object_name: str, customer_id: str) -> dict[str, Any]:
    if not customer_id:
        raise missing(object_name, "CUSTOMERID")
    customer = exists(context, "CUSTOMER", customer_id)
    if customer is None:
        raise fail(
            object_name,
            error("BL01001973", f"Invalid Customer '{customer_id}' specified.", "Invalid customer"),
        )
    return customer


def _ensure_entity_visible(context: Context, object_name: str, row: dict[str, Any]) -> None:
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


@dataclass
class Application:
    """One application of cash or credit to an AR document."""

    invoice: int
    amount: Decimal  # in transaction currency
    kind: str = "PAYMENT"  # PAYMENT | ADJUSTMENT | POSTEDADVANCE | NEGATIVEINVOICE
    credit_key: int | None = None


def _invoice_for_payment(
    context: Context, object_name: str, key: int, customer: str
) -> dict[str, Any]:
    invoice = fetch_by_recordno(context.conn, _definition("ARINVOICE"), key)
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
    _ensure_entity_visible(context, object_name, invoice)
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
    detail = _definition("ARPYMTDETAIL")
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
                "NEGATIVEINVOICE": "NEGATIVEINVOICEKEY",
            }[kind]
            values[key_field] = application.credit_key
        else:
            cash += application.amount
        insert_record(conn, detail, values, context.actor, now, audit=False)
        touched.add(application.invoice)
        if state != "Draft":
            refresh_document(conn, "ARINVOICE", application.invoice, context.actor, now)
    if customer:
        refresh_party_due(conn, "CUSTOMER", customer)
    return cash


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
        context.conn, _definition("ARPYMT"), values, context.actor, context.store.now()
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
    customer = _customer(context, "ARPYMT", str(row["CUSTOMERID"]))
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
            ("NEGATIVEINVOICE", "NEGATIVEINVOICEKEY"),
        ):
            amount_text = text_of(item, f"TRX_{kind}AMOUNT") or text_of(item, f"{kind}AMOUNT")
            if not amount_text:
                continue
            credit = text_of(item, key_field) if key_field else ""
            if key_field and not credit.isdigit():
                raise missing("ARPYMT", f"ARPYMTDETAIL/{key_field}")
            applications.append(
                Application(
                    invoice,
                    _money(amount_text, "ARPYMT", kind),
                    kind,
                    int(credit) if credit else None,
                )
            )
    cash = sum((a.amount for a in applications if a.kind == "PAYMENT"), Decimal(0))
    amount_text = values.get("TRX_AMOUNTTOPAY") or values.get("AMOUNTTOPAY") or ""
    total = _money(amount_text, "ARPYMT", "AMOUNTTOPAY") if amount_text else cash
    if total < cash:
        raise fail("ARPYMT", error("BL01001973", "AMOUNTTOPAY is less than the amounts applied."))
    if total <= 0:
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
    context.conn.execute(
        'UPDATE arpymt SET "RECORDID" = ? WHERE "RECORDNO" = ?', (f"PMT-{key:07d}", key)
    )
    return key


def update_arpymt(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Payments can be edited only while Draft."""
    if current.get("STATE") != "Draft":
        raise fail(
            "ARPYMT",
            error("BL01001973", "Only draft payments can be updated; reverse the payment instead."),
            verb="update",
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


def guard_payment_delete(context: Context, row: dict[str, Any]) -> None:
    """Only draft payments can be deleted."""
    if row.get("STATE") != "Draft":
        raise IntacctError(
            error(
                "BL01001973",
                "Only draft payments can be deleted; reverse the payment instead.",
                "Could not delete AR Payment record!",
            )
        )


CREATORS["ARPYMT"] = create_arpymt
UPDATERS["ARPYMT"] = update_arpymt
DELETE_GUARDS["ARINVOICE"] = guard_invoice_delete
DELETE_GUARDS["ARPYMT"] = guard_payment_delete


# -- legacy invoice functions ---------------------------------------------------------------
def _custom_fields(context: Context, object_name: str, element: etree._Element) -> dict[str, Any]:
    definition = _definition(object_name)
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


def _lines(
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
                "TRX": _money(amount_text, object_name, amount_tag),
                "LOCATIONID": location,
                "DEPARTMENTID": (item.findtext("departmentid") or "").strip() or None,
                "CLASSID": (item.findtext("classid") or "").strip() or None,
                "ENTRYDESCRIPTION": (item.findtext("memo") or "").strip() or None,
            }
        )
    return lines


def _term_days(context: Context, term_object: str, term: str, object_name: str) -> int:
    row = exists(context, term_object, term)
    if row is None:
        raise fail(object_name, error("BL01001973", f"Invalid term '{term}'."))
    return int(row.get("DUEDATE") or 0)


def _document_entity(context: Context, lines: list[dict[str, Any]], object_name: str) -> str | None:
    if context.entity_id:
        return context.entity_id
    entities = {entity_of_location(context, line["LOCATIONID"]) for line in lines}
    if len(entities) > 1:
        raise fail(
            object_name,
            error("BL01001973", "All lines of a transaction must belong to the same entity."),
        )
    return next(iter(entities)) or None


def _write_lines(
    context: Context,
    table_object: str,
    key: int,
    lines: list[dict[str, Any]],
    currency: str,
    base: str,
    state: str,
    when: str,
    extra: dict[str, Any],
) -> Decimal:
    definition = _definition(table_object)
    now = context.store.now()
    base_total = Decimal(0)
    for number, line in enumerate(lines, start=1):
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
        }
        insert_record(context.conn, definition, values, context.actor, now, audit=False)
    return base_total


@register("create_invoice", write=True)
def create_invoice(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR invoice create; returns the new RECORDNO as ``<key>``."""
    check_permission(context, "create", "ARINVOICE")
    customer = _customer(context, "ARINVOICE", text_of(element, "customerid"))
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
        days = _term_days(context, "ARTERM", term, "ARINVOICE")
        due = (date.fromisoformat(created) + timedelta(days=days)).isoformat()
    elif term:
        _term_days(context, "ARTERM", term, "ARINVOICE")
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
    lines = _lines(context, "ARINVOICE", element.findall("invoiceitems/lineitem"))
    entity = _document_entity(context, lines, "ARINVOICE")
    base = entity_currency(context, entity)
    currency = text_of(element, "currency") or customer.get("CURRENCY") or base
    try:
        rate(currency, base)
    except KeyError as exc:
        raise fail("ARINVOICE", error("BL01001973", f"Unknown currency {exc}.")) from exc
    draft = text_of(element, "action").lower() == "draft"
    state = "Draft" if draft else "Posted"
    customs = _custom_fields(context, "ARINVOICE", element)
    definition = _definition("ARINVOICE")
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
    _write_lines(
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
    return _key(key)


def _invoice_for_change(context: Context, element: etree._Element, verb: str) -> dict[str, Any]:
    key = text_of(element, "key") or element.get("key", "")
    if not key.isdigit():
        raise missing("ARINVOICE", "key", verb=verb)
    invoice = fetch_by_recordno(context.conn, _definition("ARINVOICE"), int(key))
    if invoice is None:
        raise fail(
            "ARINVOICE",
            error("BL01001973", f"Cannot find arinvoice with key '{key}' to {verb}."),
            verb=verb,
        )
    _ensure_entity_visible(context, "ARINVOICE", invoice)
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
        _term_days(context, "ARTERM", changes["TERMNAME"], "ARINVOICE")
    if text_of(element, "action").lower() == "submit" and invoice["STATE"] == "Draft":
        changes.update({"STATE": "Posted", "RAWSTATE": "A", "WHENPOSTED": invoice["WHENCREATED"]})
        context.conn.execute(
            'UPDATE arinvoiceitem SET "STATE"=\'Posted\' WHERE "RECORDKEY"=?',
            (invoice["RECORDNO"],),
        )
    changes.update(_custom_fields(context, "ARINVOICE", element))
    update_record(
        context.conn,
        _definition("ARINVOICE"),
        int(invoice["RECORDNO"]),
        changes,
        context.actor,
        context.store.now(),
    )
    refresh_party_due(context.conn, "CUSTOMER", invoice["CUSTOMERID"])
    context.billable += 1
    return _key(invoice["RECORDNO"])


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
    definition = _definition("ARINVOICE")
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
    return _key(key)


# -- legacy payments -------------------------------------------------------------------------
@register("create_arpayment", write=True)
def create_arpayment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR receipt; ``arpaymentitem`` elements apply it to invoices."""
    check_permission(context, "create", "ARPYMT")
    customer = _customer(context, "ARPYMT", text_of(element, "customerid"))
    amount_text = text_of(element, "paymentamount")
    if not amount_text:
        raise missing("ARPYMT", "paymentamount")
    total = _money(amount_text, "ARPYMT", "paymentamount")
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
        key = (item.findtext("invoicekey") or "").strip()
        if not key.isdigit():
            raise missing("ARPYMT", "arpaymentitem/invoicekey")
        applications.append(
            Application(int(key), _money(item.findtext("amount") or "", "ARPYMT", "amount"))
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
    return _key(key)


def _credit_source(context: Context, key: int) -> tuple[str, dict[str, Any]]:
    """What ``apply_arpayment``'s key names: an advance, a credit memo or a negative invoice."""
    for object_name in ("ARPYMT", "ARADJUSTMENT", "ARINVOICE"):
        row = fetch_by_recordno(context.conn, _definition(object_name), key)
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
                _money(item.findtext("amount") or "", "ARPYMT", "amount"),
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
            _definition("ARPYMT"),
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
    else:
        _refresh_credit(context, source_object, int(key_text), requested)
    context.billable += 1
    return _key(key_text)


def _refresh_credit(context: Context, object_name: str, key: int, used: Decimal) -> None:
    """A credit memo or negative invoice used by apply_arpayment: reduce what is left."""
    definition = _definition(object_name)
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
    definition = _definition("ARPYMT")
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
    now = context.store.now()
    update_record(
        context.conn,
        definition,
        int(key),
        {"STATE": "Reversed", "DISPLAYSTATE": "Reversed"},
        context.actor,
        now,
    )
    twin = {
        name: value
        for name, value in payment.items()
        if name not in ("RECORDNO", "WHENMODIFIED", "AUWHENCREATED", "RECORD_URL")
    }
    for field in (
        "TOTALENTERED",
        "TOTALPAID",
        "TOTALDUE",
        "TRX_TOTALENTERED",
        "TRX_TOTALPAID",
        "TRX_TOTALDUE",
    ):
        twin[field] = -(payment[field] or 0)
    twin.update(
        {
            "STATE": "Reversal",
            "DISPLAYSTATE": "Reversal",
            "WHENCREATED": when,
            "RECEIPTDATE": when,
            "PARENTPAYMENTKEY": int(key),
            "RECORDID": f"{payment['RECORDID']}-R",
            "DESCRIPTION": "Reversal",
        }
    )
    reversal = insert_record(context.conn, definition, twin, context.actor, now)
    detail = _definition("ARPYMTDETAIL")
    cursor = context.conn.execute('SELECT * FROM arpymtdetail WHERE "PAYMENTKEY" = ?', (int(key),))
    names = [column[0] for column in cursor.description]
    invoices = set()
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        negated = {
            name: (-value if isinstance(value, float) else value)
            for name, value in row.items()
            if name not in ("RECORDNO", "WHENMODIFIED", "WHENCREATED")
        }
        negated.update({"PAYMENTKEY": reversal, "PAYMENTDATE": when, "STATE": "Reversal"})
        insert_record(context.conn, detail, negated, context.actor, now, audit=False)
        invoices.add(int(row["RECORDKEY"]))
    for invoice in sorted(invoices):
        refresh_document(context.conn, "ARINVOICE", invoice, context.actor, now)
    refresh_party_due(context.conn, "CUSTOMER", payment["CUSTOMERID"])
    context.billable += 1
    return _key(reversal)


@register("create_aradjustment", write=True)
def create_aradjustment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy AR adjustment: negative lines make a credit memo, positive a debit memo."""
    check_permission(context, "create", "ARADJUSTMENT")
    customer = _customer(context, "ARADJUSTMENT", text_of(element, "customerid"))
    created = legacy_date(element.find("datecreated"))
    if created is None:
        raise missing("ARADJUSTMENT", "datecreated")
    number = text_of(element, "adjustmentno")
    if number and value_exists(context, "ARADJUSTMENT", "RECORDID", number):
        raise fail(
            "ARADJUSTMENT",
            error("BL01001973", f"A transaction with the number '{number}' already exists."),
        )
    lines = _lines(context, "ARADJUSTMENT", element.findall("aradjustmentitems/lineitem"))
    entity = _document_entity(context, lines, "ARADJUSTMENT")
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
        context.conn, _definition("ARADJUSTMENT"), values, context.actor, context.store.now()
    )
    _write_lines(context, "ARADJUSTMENTITEM", key, lines, currency, base, state, created, {})
    context.billable += 1
    return _key(key)
