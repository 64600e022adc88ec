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


def subsidiary_values(record: Record) -> dict[str, Any]:
    return {
        "location_id": _text(record, "LOCATIONID"),
        "name": _text(record, "NAME"),
        "parent_id": _text(record, "PARENTID"),
        "currency": _text(record, "CURRENCY"),
        "status": _text(record, "STATUS") or "active",
    }


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


CONTACT_FIELDS = (
    "CONTACTNAME",
    "PRINTAS",
    "COMPANYNAME",
    "FIRSTNAME",
    "LASTNAME",
    "EMAIL1",
    "EMAIL2",
    "PHONE1",
    "PHONE2",
    "STATUS",
    "MAILADDRESS.ADDRESS1",
    "MAILADDRESS.ADDRESS2",
    "MAILADDRESS.CITY",
    "MAILADDRESS.STATE",
    "MAILADDRESS.ZIP",
    "MAILADDRESS.COUNTRY",
)


def contact_values(record: Record) -> dict[str, Any]:
    return {
        "contact_name": _text(record, "CONTACTNAME"),
        "print_as": _text(record, "PRINTAS"),
        "company_name": _text(record, "COMPANYNAME"),
        "first_name": _text(record, "FIRSTNAME"),
        "last_name": _text(record, "LASTNAME"),
        "email": _text(record, "EMAIL1"),
        "email2": _text(record, "EMAIL2"),
        "phone": _text(record, "PHONE1"),
        "phone2": _text(record, "PHONE2"),
        "address1": _text(record, "MAILADDRESS.ADDRESS1"),
        "address2": _text(record, "MAILADDRESS.ADDRESS2"),
        "city": _text(record, "MAILADDRESS.CITY"),
        "state": _text(record, "MAILADDRESS.STATE"),
        "zip_code": _text(record, "MAILADDRESS.ZIP"),
        "country": _text(record, "MAILADDRESS.COUNTRY"),
        "status": _text(record, "STATUS") or "active",
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
