"""Helpers shared by the write functions: input flattening, validation, business errors."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import ErrorDetail, IntacctError, error
from ..permissions import may
from ..store import fetch_by_id, quote
from ..values import ValueFormatError, to_db
from .base import Context

EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")

LABELS = {
    "CUSTOMER": "Customer",
    "VENDOR": "Vendor",
    "CONTACT": "Contact",
    "GLACCOUNT": "GL Account",
    "ARPYMT": "AR Payment",
    "APPYMT": "AP Payment",
    "APBILL": "Bill",
    "ARINVOICE": "Invoice",
    "ARADJUSTMENT": "AR Adjustment",
    "APADJUSTMENT": "AP Adjustment",
    "PODOCUMENT": "Purchasing Transaction",
    "LOCATION": "Location",
    "DEPARTMENT": "Department",
    "CLASS": "Class",
}


def label(definition: ObjectDef | str) -> str:
    """Human label of an object for error texts."""
    name = definition if isinstance(definition, str) else definition.name
    return LABELS.get(name, name.title())


def fail(object_name: str, *causes: ErrorDetail, verb: str = "create") -> IntacctError:
    """A business failure: causes then the ``BL01001973`` "Could not ... record!" wrapper."""
    wrapper = error("BL01001973", f"Could not {verb} {label(object_name)} record!")
    return IntacctError(*causes, wrapper, create_failure=verb in ("create", "update"))


def missing(object_name: str, field: str, verb: str = "create") -> IntacctError:
    """Missing required field."""
    return fail(
        object_name,
        error(
            "BL01001973",
            f"Required field {field} is missing.",
            "Missing required field",
            f"Provide a value for {field}.",
        ),
        verb=verb,
    )


def check_permission(context: Context, verb: str, object_name: str) -> None:
    """A user without the right to write the object gets the 'missing permission' failure."""
    if not may(context.actor.user_id, verb, object_name, context.gateway.config):
        raise IntacctError(
            error(
                "BL01001973",
                f"You do not have permission for API operation {verb.upper()} on objects of "
                f"type {object_name.lower()}",
                "Permission denied",
                "Ask your administrator for the needed permission.",
            ),
            create_failure=verb in ("create", "update"),
        )


def flatten(element: etree._Element, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Child elements as ``{"A.B": text}``; an empty element means 'clear' (empty string)."""
    values: dict[str, str] = {}

    def walk(node: etree._Element, prefix: str) -> None:
        for child in node:
            if not isinstance(child.tag, str) or child.tag in skip:
                continue
            name = f"{prefix}{child.tag.upper()}"
            if len(child):
                walk(child, name + ".")
            else:
                values[name] = (child.text or "").strip()

    walk(element, "")
    return values


def to_row(object_name: str, definition: ObjectDef, values: dict[str, str]) -> dict[str, Any]:
    """Convert flattened input to stored values; readonly and unknown fields are ignored."""
    row: dict[str, Any] = {}
    for name, text in values.items():
        if not definition.has(name):
            continue
        field = definition.fields.get(name)
        if field is not None and field.readonly:
            continue
        try:
            row[name] = to_db(field, text) if field is not None else (text or None)
        except ValueFormatError as exc:
            raise fail(object_name, error("BL01001973", str(exc), "Invalid field value")) from exc
        if (
            field is not None
            and field.valid_values
            and row[name] is not None
            and field.datatype in ("ENUM", "TEXT")
            and str(row[name]) not in field.valid_values
            and (field.custom or name == "STATUS")
        ):
            raise fail(
                object_name,
                error(
                    "BL01001973",
                    f"Invalid value '{text}' for field {name}. Valid values are: "
                    + ", ".join(field.valid_values),
                    "Invalid field value",
                ),
            )
    return row


def check_email(object_name: str, values: dict[str, Any]) -> None:
    """Bad e-mail formats fail with ``BL03000018`` and the contact wrapper chain."""
    for name in ("DISPLAYCONTACT.EMAIL1", "DISPLAYCONTACT.EMAIL2", "EMAIL1", "EMAIL2"):
        email = values.get(name)
        if email and not EMAIL.match(str(email)):
            which = "Primary" if name.endswith("1") else "Secondary"
            raise IntacctError(
                error(
                    "BL03000018",
                    f"Illegal format for Contactversion : {which} Email Address "
                    f"'{email}' is not a valid email address.",
                    "",
                    "Enter a valid email address.",
                ),
                error("BL01001973", "Could not create Contact record!"),
                error("BL01001973", "Error While Saving the Display Contact"),
                error("BL01001973", f"Could not create {label(object_name)} record!"),
                create_failure=True,
            )


def exists(context: Context, object_name: str, key: str) -> dict[str, Any] | None:
    """A record of another object by its ID field (None when absent)."""
    definition = get_object(object_name)
    assert definition is not None
    return fetch_by_id(context.conn, definition, key)


def value_exists(context: Context, object_name: str, field: str, value: Any) -> bool:
    """Whether any record has ``field = value``."""
    definition = get_object(object_name)
    assert definition is not None
    row = context.conn.execute(
        f"SELECT 1 FROM {definition.table} WHERE {quote(field)} = ? LIMIT 1", (value,)
    ).fetchone()
    return row is not None


def legacy_date(element: etree._Element | None) -> str | None:
    """``<x><year/><month/><day/></x>`` as an ISO date (None when absent)."""
    if element is None:
        return None
    try:
        return date(
            int(element.findtext("year") or ""),
            int(element.findtext("month") or ""),
            int(element.findtext("day") or ""),
        ).isoformat()
    except ValueError as exc:
        raise IntacctError(
            error("BL01001973", f"Invalid date in <{element.tag}>", "Invalid date")
        ) from exc


def entity_of_location(context: Context, location: str | None) -> str | None:
    """The entity (LOCATIONENTITY ID) a location belongs to."""
    if not location:
        return None
    row = context.conn.execute(
        'SELECT "ENTITY", "LOCATIONTYPE" FROM location WHERE "LOCATIONID"=?', (location,)
    ).fetchone()
    if row is None:
        return None
    return str(row[0] or location)


def entity_fields(context: Context, entity: str | None) -> dict[str, Any]:
    """MEGAENTITY* values for a record created in ``entity`` (empty at the top level)."""
    if not entity:
        return {}
    row = context.conn.execute(
        'SELECT "RECORDNO", "NAME" FROM locationentity WHERE "LOCATIONID"=?', (entity,)
    ).fetchone()
    if row is None:
        return {}
    return {"MEGAENTITYKEY": row[0], "MEGAENTITYID": entity, "MEGAENTITYNAME": row[1]}


def entity_currency(context: Context, entity: str | None) -> str:
    """Base currency of an entity (USD at the top level)."""
    if not entity:
        return "USD"
    row = context.conn.execute(
        'SELECT "CURRENCY" FROM locationentity WHERE "LOCATIONID"=?', (entity,)
    ).fetchone()
    return str(row[0]) if row and row[0] else "USD"
