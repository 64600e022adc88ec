"""Generic ``create``, ``update`` and ``delete`` with per-object rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import IntacctError, error
from ..store import (
    delete_record,
    fetch_by_id,
    fetch_by_recordno,
    insert_record,
    remember_deleted,
    update_record,
)
from ..xmlutil import sub
from .accounting import applied_documents, refresh_documents
from .base import Context, FunctionResult, register, text_of
from .writing import (
    check_email,
    check_permission,
    exists,
    fail,
    flatten,
    label,
    missing,
    to_row,
    value_exists,
)

# Objects created by the generic function and their required fields (beyond special rules).
REQUIRED = {
    "CUSTOMER": ("NAME",),
    "VENDOR": ("NAME",),
    "CONTACT": ("CONTACTNAME", "PRINTAS"),
    "LOCATION": ("LOCATIONID", "NAME"),
    "DEPARTMENT": ("DEPARTMENTID", "TITLE"),
    "CLASS": ("CLASSID", "NAME"),
    "GLACCOUNT": ("ACCOUNTNO", "TITLE", "ACCOUNTTYPE", "NORMALBALANCE", "CLOSINGTYPE"),
    "CHECKINGACCOUNT": ("BANKACCOUNTID", "GLACCOUNTNO"),
    "APBILL": ("VENDORID", "WHENCREATED"),
    "ARPYMT": ("PAYMENTMETHOD", "CUSTOMERID"),
    "APPYMT": ("PAYMENTMETHOD", "FINANCIALENTITY", "VENDORID", "PAYMENTDATE"),
}
# Collections inside a create payload handled by the object's own rules.
COLLECTIONS = frozenset({"APBILLITEMS", "APADJUSTMENTITEMS", "ARPYMTDETAILS", "APPYMTDETAILS"})
_CONTACT_GROUPS = ("DISPLAYCONTACT",)

# Special create/update handlers registered by the AR/AP modules.
Creator = Callable[[Context, ObjectDef, etree._Element, dict[str, Any]], int]
CREATORS: dict[str, Creator] = {}
UPDATERS: dict[str, Callable[[Context, ObjectDef, dict[str, Any], dict[str, Any]], None]] = {}
# Objects whose update may carry their line collection: the set sent replaces the lines
# (PROTOCOL.md 17.4.3). Called after the updater with the request's element.
LINE_REPLACERS: dict[
    str, Callable[[Context, ObjectDef, etree._Element, dict[str, Any], dict[str, Any]], None]
] = {}
# Objects whose update takes ACTION (a draft posted by ``ACTION Submit``).
TAKES_ACTION: set[str] = set()
DELETE_GUARDS: dict[str, Callable[[Context, dict[str, Any]], None]] = {}


def _duplicate(object_name: str, value: str) -> IntacctError:
    if object_name == "GLACCOUNT":
        return IntacctError(
            error(
                "BL01001973",
                f"The account number '{value}' already exists",
                "Duplicate account number",
                "Enter unique account number",
            ),
            error("BL01001973", "Could not create GL Account record."),
            create_failure=True,
        )
    return fail(
        object_name,
        error(
            "BL34000061",
            f"Another {label(object_name)} with the given value(s) {value}  already exists",
            "",
            "Use a unique value instead.",
        ),
    )


def _party_contact(context: Context, definition: ObjectDef, row: dict[str, Any]) -> None:
    """Create the display contact a new customer/vendor carries (unique CONTACTNAME)."""
    prefix = "DISPLAYCONTACT."
    given = {name[len(prefix) :]: value for name, value in row.items() if name.startswith(prefix)}
    if not given:
        return
    ident = row.get(definition.id_field) or ""
    contact_name = given.get("CONTACTNAME") or f"{row['NAME']}({ident})"
    row["DISPLAYCONTACT.CONTACTNAME"] = contact_name
    if value_exists(context, "CONTACT", "CONTACTNAME", contact_name):
        raise IntacctError(
            error(
                "BL34000061",
                f"Another Contact with the given value(s) {contact_name}  already exists",
                "",
                "Use a unique value instead.",
            ),
            error("BL01001973", "Could not create Contact record!"),
            error("BL01001973", "Error While Saving the Display Contact"),
            error("BL01001973", f"Could not create {label(definition)} record!"),
            create_failure=True,
        )
    contact = get_object("CONTACT")
    assert contact is not None
    values = {name: value for name, value in given.items() if contact.has(name)}
    values["CONTACTNAME"] = contact_name
    values.setdefault("PRINTAS", given.get("PRINTAS") or row["NAME"])
    values.setdefault("STATUS", "active")
    insert_record(context.conn, contact, values, context.actor, context.store.now())


def _party_rules(context: Context, definition: ObjectDef, row: dict[str, Any], new: bool) -> None:
    name = definition.name
    term_object = "ARTERM" if name == "CUSTOMER" else "APTERM"
    term = row.get("TERMNAME")
    if term and exists(context, term_object, term) is None:
        raise fail(name, error("BL01001973", f"Invalid term '{term}'", "Invalid term"))
    parent = row.get("PARENTID")
    if parent and exists(context, name, parent) is None:
        raise fail(name, error("BL01001973", f"Invalid parent {label(name).lower()} '{parent}'"))
    for field in (
        "CONTACTINFO.CONTACTNAME",
        "BILLTO.CONTACTNAME",
        "SHIPTO.CONTACTNAME",
        "PAYTO.CONTACTNAME",
        "RETURNTO.CONTACTNAME",
    ):
        contact = row.get(field)
        if contact and not value_exists(context, "CONTACT", "CONTACTNAME", contact):
            raise fail(name, error("BL01001973", f"Invalid contact '{contact}' in {field}"))
    if new:
        row.setdefault("STATUS", "active")
        row.setdefault("ONHOLD", "false")
        row.setdefault("ONETIME", "false")


def create_simple(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    name = definition.name
    row = to_row(name, definition, values)
    check_email(name, row)
    auto_id = name in ("CUSTOMER", "VENDOR") and not row.get(definition.id_field)
    for field in REQUIRED.get(name, ()):
        if row.get(field) in (None, ""):
            raise missing(name, field)
    ident = row.get(definition.id_field)
    if (
        ident
        and definition.id_field != "RECORDNO"
        and fetch_by_id(context.conn, definition, str(ident))
    ):
        raise _duplicate(name, str(ident))
    if name in ("CUSTOMER", "VENDOR"):
        _party_rules(context, definition, row, new=True)
    now = context.store.now()
    if auto_id:
        # Auto-numbering: the ID follows the record number.
        recordno = int(
            context.conn.execute(
                f'SELECT COALESCE(MAX("RECORDNO"), 0) + 1 FROM {definition.table}'
            ).fetchone()[0]
        )
        row[definition.id_field] = f"{name[0]}-{recordno:05d}"
        if fetch_by_id(context.conn, definition, row[definition.id_field]):
            raise _duplicate(name, row[definition.id_field])
    if name in ("CUSTOMER", "VENDOR"):
        _party_contact(context, definition, row)
    if "STATUS" in definition.fields:
        row.setdefault("STATUS", "active")
    return insert_record(context.conn, definition, row, context.actor, now)


def objects_data(context: Context, records: list[tuple[ObjectDef, int]]) -> etree._Element:
    """``<data listtype="objects">`` with a lower-case element (RECORDNO + ID) per record."""
    data = etree.Element("data", listtype="objects", count=str(len(records)))
    for definition, recordno in records:
        record = sub(data, definition.name.lower())
        sub(record, "RECORDNO", str(recordno))
        if definition.id_field != "RECORDNO":
            row = fetch_by_recordno(context.conn, definition, recordno) or {}
            sub(record, definition.id_field, str(row.get(definition.id_field) or ""))
    return data


def _objects(element: etree._Element) -> list[etree._Element]:
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        raise IntacctError(error("BL01001973", "No object to process", "Invalid request"))
    return children


def _definition(tag: str) -> ObjectDef:
    definition = get_object(tag)
    if definition is None:
        raise IntacctError(
            error("BL01001973", f"Object definition {tag} not found"), create_failure=True
        )
    return definition


@register("create", write=True)
def create(context: Context, element: etree._Element) -> FunctionResult:
    """Create one or more records (any object types); all or nothing within the function."""
    created: list[tuple[ObjectDef, int]] = []
    for child in _objects(element):
        definition = _definition(child.tag)
        check_permission(context, "create", definition.name)
        creator = CREATORS.get(definition.name)
        if creator is None and definition.name not in REQUIRED:
            raise fail(
                definition.name,
                error(
                    "BL01001973",
                    f"Create is not supported for {definition.name} through the generic "
                    "create function.",
                    "Operation not supported",
                ),
            )
        values = flatten(child, COLLECTIONS)
        if creator is not None:
            recordno = creator(context, definition, child, values)
        else:
            recordno = create_simple(context, definition, child, values)
        created.append((definition, recordno))
        context.billable += 1
    return FunctionResult([objects_data(context, created)])


def _find_for_update(
    context: Context, definition: ObjectDef, values: dict[str, str]
) -> dict[str, Any]:
    key = values.get("RECORDNO") or ""
    row = None
    if key:
        try:
            row = fetch_by_recordno(context.conn, definition, int(key))
        except ValueError:
            row = None
    elif values.get(definition.id_field):
        key = values[definition.id_field]
        row = fetch_by_id(context.conn, definition, key)
    else:
        raise missing(definition.name, f"RECORDNO or {definition.id_field}", verb="update")
    if row is None:
        raise fail(
            definition.name,
            error(
                "BL01001973",
                f"Cannot find {definition.name.lower()} with key '{key}' to update.",
            ),
            verb="update",
        )
    return row


@register("update", write=True)
def update(context: Context, element: etree._Element) -> FunctionResult:
    """Update records identified by RECORDNO or their ID field (only given fields change)."""
    updated: list[tuple[ObjectDef, int]] = []
    for child in _objects(element):
        definition = _definition(child.tag)
        check_permission(context, "update", definition.name)
        values = flatten(child, COLLECTIONS)
        current = _find_for_update(context, definition, values)
        changes = to_row(definition.name, definition, values)
        changes.pop("RECORDNO", None)
        check_email(definition.name, changes)
        updater = UPDATERS.get(definition.name)
        if definition.name in TAKES_ACTION and values.get("ACTION"):
            changes["ACTION"] = values["ACTION"]  # the updater pops it (Draft -> Submit)
        if updater is not None:
            updater(context, definition, current, changes)
            replacer = LINE_REPLACERS.get(definition.name)
            if replacer is not None:
                replacer(context, definition, child, current, changes)
        elif definition.name not in REQUIRED:
            raise fail(
                definition.name,
                error("BL01001973", f"Update is not supported for {definition.name}."),
                verb="update",
            )
        if definition.name in ("CUSTOMER", "VENDOR"):
            _party_rules(context, definition, changes, new=False)
        for field in REQUIRED.get(definition.name, ()):
            if field in changes and changes[field] in (None, ""):
                raise missing(definition.name, field, verb="update")
        recordno = int(current["RECORDNO"])
        update_record(
            context.conn, definition, recordno, changes, context.actor, context.store.now()
        )
        updated.append((definition, recordno))
        context.billable += 1
    return FunctionResult([objects_data(context, updated)])


_DELETABLE = frozenset(
    {
        "CUSTOMER",
        "VENDOR",
        "CONTACT",
        "LOCATION",
        "DEPARTMENT",
        "CLASS",
        "GLACCOUNT",
        "ARINVOICE",
        "ARPYMT",
        "ARADJUSTMENT",
        "APBILL",
        "APPYMT",
        "APADJUSTMENT",
        "PODOCUMENT",
        "CHECKINGACCOUNT",
        "CCTRANSACTION",
    }
)
_LINES = {
    "ARINVOICE": ("arinvoiceitem", "RECORDKEY"),
    "ARADJUSTMENT": ("aradjustmentitem", "RECORDKEY"),
    "APBILL": ("apbillitem", "RECORDKEY"),
    "APADJUSTMENT": ("apadjustmentitem", "RECORDKEY"),
    "ARPYMT": ("arpymtdetail", "PAYMENTKEY"),
    "APPYMT": ("appymtdetail", "PAYMENTKEY"),
    "PODOCUMENT": ("podocumententry", "DOCHDRNO"),
    "CCTRANSACTION": ("cctransactionentry", "RECORDKEY"),
}


@register("delete", write=True)
def delete(context: Context, element: etree._Element) -> FunctionResult:
    """Delete records by RECORDNO; each deletion leaves an AUDITHISTORY row."""
    name = text_of(element, "object")
    definition = get_object(name) if name else None
    if definition is None:
        raise IntacctError(error("WS", f"Object definition {name} not found"))
    check_permission(context, "delete", definition.name)
    if definition.name not in _DELETABLE:
        raise IntacctError(error("BL01001973", f"Delete is not supported for {definition.name}."))
    keys = [key.strip() for key in text_of(element, "keys").split(",") if key.strip()]
    if not keys:
        raise missing(definition.name, "keys", verb="delete")
    for key in keys:
        delete_one(context, definition, key)
    return FunctionResult([])


def delete_one(context: Context, definition: ObjectDef, key: str) -> None:
    """Delete one record by RECORDNO with the object's rules (generic and legacy deletes)."""
    row = None
    try:
        row = fetch_by_recordno(context.conn, definition, int(key))
    except ValueError:
        row = None
    if row is None:
        raise IntacctError(
            error(
                "BL01001973",
                f"Cannot find {definition.name.lower()} with key '{key}' to delete.",
            )
        )
    now = context.store.now()
    guard = DELETE_GUARDS.get(definition.name)
    if guard is not None:
        guard(context, row)
    lines = _LINES.get(definition.name)
    paid: list[tuple[str, int]] = []
    if lines is not None and definition.name in ("ARPYMT", "APPYMT"):
        # What the payment paid gets its totals and state back once its details are gone.
        paid = applied_documents(context.conn, lines[0], "PAYMENTKEY", int(key))
    if lines is not None:
        top = context.conn.execute(
            f'SELECT MAX("RECORDNO") FROM {lines[0]} WHERE "{lines[1]}" = ?', (int(key),)
        ).fetchone()[0]
        context.conn.execute(f'DELETE FROM {lines[0]} WHERE "{lines[1]}" = ?', (int(key),))
        if top is not None:
            remember_deleted(context.conn, lines[0], int(top))
    delete_record(context.conn, definition, int(key), context.actor, now)
    refresh_documents(context.conn, paid, context.actor, now)
    context.billable += 1
