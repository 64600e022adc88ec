"""Pure mappers: an Intacct record → the field values of an AR model."""

from decimal import Decimal
from typing import Any

from integrations.intacct import Record


def _text(record: Record, name: str) -> str:
    return record.text(name) or ""


def _bool(record: Record, name: str) -> bool:
    return (record.text(name) or "").strip().lower() in ("true", "t", "1", "yes")


def _money(record: Record, name: str) -> Decimal | None:
    value = record.decimal(name)
    return value.quantize(Decimal("0.01")) if value is not None else None


def payment_term_values(record: Record) -> dict[str, Any]:
    return {
        "name": _text(record, "NAME"),
        "description": _text(record, "DESCRIPTION"),
        "status": _text(record, "STATUS") or "active",
        "due_days": record.int("DUEDATE"),
        "due_from": _text(record, "DUEFROM"),
        "discount_days": record.int("DISCDATE"),
        "discount_amount": _money(record, "DISCAMOUNT"),
    }


CUSTOMER_FIELDS = (
    "CUSTOMERID",
    "NAME",
    "STATUS",
    "CUSTTYPE",
    "PARENTID",
    "CURRENCY",
    "TERMNAME",
    "CREDITLIMIT",
    "TOTALDUE",
    "ONHOLD",
    "MEGAENTITYID",
    # Contacts are referenced by name (CONTACTNAME is unique in Intacct).
    "DISPLAYCONTACT.CONTACTNAME",
    "CONTACTINFO.CONTACTNAME",
    "BILLTO.CONTACTNAME",
    "SHIPTO.CONTACTNAME",
)


def customer_values(record: Record) -> dict[str, Any]:
    return {
        "customer_id": _text(record, "CUSTOMERID"),
        "name": _text(record, "NAME"),
        "status": _text(record, "STATUS") or "active",
        "customer_type": _text(record, "CUSTTYPE"),
        "parent_customer_id": _text(record, "PARENTID"),
        "currency": _text(record, "CURRENCY"),
        "term_name": _text(record, "TERMNAME"),
        "credit_limit": _money(record, "CREDITLIMIT"),
        "total_due": _money(record, "TOTALDUE"),
        "on_hold": _bool(record, "ONHOLD"),
        # Relation keys, resolved by the engine in bulk.
        "term_key": record.text("TERMNAME"),
        "entity_key": record.text("MEGAENTITYID"),
        "display_contact_key": record.text("DISPLAYCONTACT.CONTACTNAME"),
        "primary_contact_key": record.text("CONTACTINFO.CONTACTNAME"),
        "bill_to_key": record.text("BILLTO.CONTACTNAME"),
        "ship_to_key": record.text("SHIPTO.CONTACTNAME"),
    }


def _date(record: Record, name: str):
    return record.date(name)


def _document(record: Record) -> dict[str, Any]:
    """What every AR document shares: number, reference, customer, entity and totals."""
    return {
        "number": _text(record, "RECORDID"),
        "reference": _text(record, "DOCNUMBER"),
        "description": _text(record, "DESCRIPTION"),
        "customer_intacct_id": _text(record, "CUSTOMERID"),
        "state": _text(record, "STATE"),
        **_totals(record),
        # Relation keys, resolved by the engine in bulk.
        "customer_key": record.text("CUSTOMERID"),
        "entity_key": record.text("MEGAENTITYID"),
    }


def _totals(record: Record) -> dict[str, Any]:
    return {
        "currency": _text(record, "CURRENCY"),
        "base_currency": _text(record, "BASECURR"),
        "exchange_rate": record.decimal("EXCHANGE_RATE"),
        "total_entered": _money(record, "TOTALENTERED"),
        "total_paid": _money(record, "TOTALPAID"),
        "total_due": _money(record, "TOTALDUE"),
        "trx_total_entered": _money(record, "TRX_TOTALENTERED"),
        "trx_total_paid": _money(record, "TRX_TOTALPAID"),
        "trx_total_due": _money(record, "TRX_TOTALDUE"),
    }


TOTAL_FIELDS = (
    "CURRENCY",
    "BASECURR",
    "EXCHANGE_RATE",
    "TOTALENTERED",
    "TOTALPAID",
    "TOTALDUE",
    "TRX_TOTALENTERED",
    "TRX_TOTALPAID",
    "TRX_TOTALDUE",
)

# What _document() reads, shared by every AR document's select list.
DOCUMENT_FIELDS = (
    "RECORDID",
    "DOCNUMBER",
    "DESCRIPTION",
    "CUSTOMERID",
    "MEGAENTITYID",
    "STATE",
    *TOTAL_FIELDS,
)

INVOICE_FIELDS = (
    *DOCUMENT_FIELDS,
    "WHENCREATED",
    "WHENDUE",
    "WHENPOSTED",
    "WHENPAID",
    "TERMNAME",
    "MODULEKEY",
    "DOCHDRKEY",
    "SUPDOCID",
)


def invoice_values(record: Record) -> dict[str, Any]:
    return {
        **_document(record),
        "invoice_date": _date(record, "WHENCREATED"),
        "due_date": _date(record, "WHENDUE"),
        "posted_date": _date(record, "WHENPOSTED"),
        "paid_date": _date(record, "WHENPAID"),
        "term_name": _text(record, "TERMNAME"),
        "module": _text(record, "MODULEKEY"),
        "source_document_key": _text(record, "DOCHDRKEY"),
        "supdoc_id": _text(record, "SUPDOCID"),
    }


LINE_FIELDS = (
    "RECORDKEY",
    "LINE_NO",
    "ACCOUNTNO",
    "LOCATIONID",
    "DEPARTMENTID",
    "ENTRYDESCRIPTION",
    "AMOUNT",
    "TRX_AMOUNT",
)


def invoice_line_values(record: Record) -> dict[str, Any]:
    return {
        "invoice_recordno": record.int("RECORDKEY"),
        "line_no": record.int("LINE_NO"),
        "gl_account": _text(record, "ACCOUNTNO"),
        "location_id": _text(record, "LOCATIONID"),
        "department_id": _text(record, "DEPARTMENTID"),
        "memo": _text(record, "ENTRYDESCRIPTION"),
        "amount": _money(record, "AMOUNT"),
        "trx_amount": _money(record, "TRX_AMOUNT"),
        "total_paid": _money(record, "TOTALPAID"),
        "invoice_key": record.int("RECORDKEY"),
    }


CREDIT_MEMO_FIELDS = (
    *DOCUMENT_FIELDS,
    "WHENCREATED",
    "WHENPOSTED",
)


def credit_memo_values(record: Record) -> dict[str, Any]:
    return {
        **_document(record),
        "adjustment_date": _date(record, "WHENCREATED"),
        "posted_date": _date(record, "WHENPOSTED"),
    }


def credit_memo_line_values(record: Record) -> dict[str, Any]:
    return {
        "credit_memo_recordno": record.int("RECORDKEY"),
        "line_no": record.int("LINE_NO"),
        "gl_account": _text(record, "ACCOUNTNO"),
        "location_id": _text(record, "LOCATIONID"),
        "memo": _text(record, "ENTRYDESCRIPTION"),
        "amount": _money(record, "AMOUNT"),
        "trx_amount": _money(record, "TRX_AMOUNT"),
        "credit_memo_key": record.int("RECORDKEY"),
    }


PAYMENT_FIELDS = (
    *DOCUMENT_FIELDS,
    "RECEIPTDATE",
    "WHENCREATED",
    "WHENPAID",
    "PAYMENTMETHOD",
    "RECORDTYPE",
    "FINANCIALENTITY",
    "UNDEPOSITEDACCOUNTNO",
)


def payment_values(record: Record) -> dict[str, Any]:
    return {
        **_document(record),
        "received_date": _date(record, "RECEIPTDATE") or _date(record, "WHENCREATED"),
        "payment_date": _date(record, "WHENPAID"),
        "method": _text(record, "PAYMENTMETHOD"),
        "record_type": _text(record, "RECORDTYPE"),
        "bank_account": _text(record, "FINANCIALENTITY"),
        "undeposited_account": _text(record, "UNDEPOSITEDACCOUNTNO"),
    }


APPLICATION_FIELDS = (
    "PAYMENTKEY",
    "RECORDKEY",
    "ADJUSTMENTKEY",
    "PAYMENTDATE",
    "PAYMENTAMOUNT",
    "TRX_PAYMENTAMOUNT",
    "ADJUSTMENTAMOUNT",
    "CURRENCY",
    "STATE",
)


def application_values(record: Record) -> dict[str, Any]:
    return {
        "payment_recordno": record.int("PAYMENTKEY"),
        "invoice_recordno": record.int("RECORDKEY"),
        "credit_memo_recordno": record.int("ADJUSTMENTKEY"),
        "payment_date": _date(record, "PAYMENTDATE"),
        "amount": _money(record, "PAYMENTAMOUNT"),
        "trx_amount": _money(record, "TRX_PAYMENTAMOUNT"),
        "credit_amount": _money(record, "ADJUSTMENTAMOUNT"),
        "currency": _text(record, "CURRENCY"),
        "state": _text(record, "STATE"),
        "payment_key": record.int("PAYMENTKEY"),
        "invoice_key": record.int("RECORDKEY"),
        "credit_memo_key": record.int("ADJUSTMENTKEY"),
    }
