"""Pure mappers of the shared master data: an Intacct record → the model's field values."""

from typing import Any

from integrations.intacct import Record


def _text(record: Record, name: str) -> str:
    return record.text(name) or ""


SUBSIDIARY_FIELDS = ("LOCATIONID", "NAME", "PARENTID", "CURRENCY", "STATUS")


def subsidiary_values(record: Record) -> dict[str, Any]:
    return {
        "location_id": _text(record, "LOCATIONID"),
        "name": _text(record, "NAME"),
        "parent_id": _text(record, "PARENTID"),
        "currency": _text(record, "CURRENCY"),
        "status": _text(record, "STATUS") or "active",
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
