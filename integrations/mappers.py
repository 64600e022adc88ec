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


def _bool(record: Record, name: str) -> bool:
    return (record.text(name) or "").strip().lower() in ("true", "t", "1", "yes")


GL_ACCOUNT_FIELDS = (
    "ACCOUNTNO",
    "TITLE",
    "ACCOUNTTYPE",
    "NORMALBALANCE",
    "CLOSINGTYPE",
    "STATUS",
    "REQUIREDEPT",
    "REQUIRELOC",
    "REQUIRECLASS",
)


def gl_account_values(record: Record) -> dict[str, Any]:
    return {
        "account_no": _text(record, "ACCOUNTNO"),
        "title": _text(record, "TITLE"),
        "account_type": _text(record, "ACCOUNTTYPE"),
        "normal_balance": _text(record, "NORMALBALANCE"),
        "closing_type": _text(record, "CLOSINGTYPE"),
        "status": _text(record, "STATUS") or "active",
        "require_department": _bool(record, "REQUIREDEPT"),
        "require_location": _bool(record, "REQUIRELOC"),
        "require_class": _bool(record, "REQUIRECLASS"),
    }


DEPARTMENT_FIELDS = ("DEPARTMENTID", "TITLE", "PARENTID", "STATUS")


def department_values(record: Record) -> dict[str, Any]:
    return {
        "department_id": _text(record, "DEPARTMENTID"),
        "title": _text(record, "TITLE"),
        "parent_id": _text(record, "PARENTID"),
        "status": _text(record, "STATUS") or "active",
    }


LOCATION_FIELDS = ("LOCATIONID", "NAME", "PARENTID", "ENTITY", "CURRENCY", "STATUS")


def location_values(record: Record) -> dict[str, Any]:
    return {
        "location_id": _text(record, "LOCATIONID"),
        "name": _text(record, "NAME"),
        "parent_id": _text(record, "PARENTID"),
        "entity_id": _text(record, "ENTITY"),
        "currency": _text(record, "CURRENCY"),
        "status": _text(record, "STATUS") or "active",
    }


CLASS_FIELDS = ("CLASSID", "NAME", "DESCRIPTION", "PARENTID", "STATUS")


def class_values(record: Record) -> dict[str, Any]:
    return {
        "class_id": _text(record, "CLASSID"),
        "name": _text(record, "NAME"),
        "description": _text(record, "DESCRIPTION"),
        "parent_id": _text(record, "PARENTID"),
        "status": _text(record, "STATUS") or "active",
    }
