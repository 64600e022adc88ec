"""Legacy (2.1-style) deletes, contacts, bill reversal and AP payment void/reversal.

The deletes apply the same rules as the generic ``delete`` of the object; reversals share
:mod:`.reversals` with ``reverse_invoice`` and ``reverse_arpayment``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import error
from ..rules import HAS_OPEN_DOCUMENTS, NOT_DRAFT
from ..store import fetch_by_id, fetch_by_recordno
from .base import Context, FunctionResult, register, text_of
from .documents import definition_of, ensure_visible, key_result
from .generic import COLLECTIONS, DELETE_GUARDS, UPDATERS, create_simple, delete_one
from .reversals import check_reversal_date, refuse_state, reverse_document, reverse_payment
from .writing import check_permission, fail, flatten, legacy_date, missing

_DELETES = {
    "delete_invoice": "ARINVOICE",
    "delete_bill": "APBILL",
    "delete_aradjustment": "ARADJUSTMENT",
    "delete_apadjustment": "APADJUSTMENT",
}


def _legacy_delete(object_name: str) -> Any:
    def handler(context: Context, element: etree._Element) -> FunctionResult:
        check_permission(context, "delete", object_name)
        key = element.get("key", "")
        if not key:
            raise missing(object_name, "key", verb="delete")
        delete_one(context, definition_of(object_name), key)
        return key_result(key)

    handler.__doc__ = f"Legacy delete of one {object_name} by RECORDNO (``key`` attribute)."
    return handler


for _function, _object_name in _DELETES.items():
    register(_function, write=True)(_legacy_delete(_object_name))


@register("delete_potransaction", write=True)
def delete_potransaction(context: Context, element: etree._Element) -> FunctionResult:
    """Delete a purchasing transaction by DOCID (``Purchase Order-P1002``) with its lines."""
    check_permission(context, "delete", "PODOCUMENT")
    key = element.get("key", "")
    document = fetch_by_id(context.conn, definition_of("PODOCUMENT"), key) if key else None
    if document is None:
        raise fail(
            "PODOCUMENT",
            error("BL01001973", f"Cannot find podocument with key '{key}' to delete."),
            verb="delete",
        )
    ensure_visible(context, "PODOCUMENT", document)
    refuse_state("PODOCUMENT", document, ("Draft", "Pending", "Closed"), "delete")
    converted = context.conn.execute(
        'SELECT 1 FROM podocument WHERE "CREATEDFROM" = ? LIMIT 1', (key,)
    ).fetchone()
    if converted:
        raise fail(
            "PODOCUMENT",
            error(
                "BL01001973",
                f"Transaction {key} has been converted; delete the converted transactions first.",
            ),
            verb="delete",
        )
    delete_one(context, definition_of("PODOCUMENT"), str(document["RECORDNO"]))
    return key_result(key)


def _upper_copy(element: etree._Element, tag: str) -> etree._Element:
    copy = etree.Element(tag)
    for child in element:
        if isinstance(child.tag, str):
            nested = _upper_copy(child, child.tag.upper())
            nested.text = child.text
            copy.append(nested)
    return copy


@register("create_contact", write=True)
def create_contact(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy contact create (fields as the generic CONTACT create); returns the contact name."""
    check_permission(context, "create", "CONTACT")
    contact = _upper_copy(element, "CONTACT")
    definition = definition_of("CONTACT")
    create_simple(context, definition, contact, flatten(contact, COLLECTIONS))
    context.billable += 1
    return key_result(text_of(element, "contactname"))


@register("delete_contact", write=True)
def delete_contact(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy contact delete by contact name."""
    check_permission(context, "delete", "CONTACT")
    name = element.get("contactname", "")
    contact = fetch_by_id(context.conn, definition_of("CONTACT"), name) if name else None
    if contact is None:
        raise fail(
            "CONTACT",
            error("BL01001973", f"Cannot find contact with key '{name}' to delete."),
            verb="delete",
        )
    delete_one(context, definition_of("CONTACT"), str(contact["RECORDNO"]))
    return key_result(name)


def _by_key(context: Context, object_name: str, element: etree._Element, verb: str) -> Any:
    key = element.get("key", "") or text_of(element, "key")
    row = (
        fetch_by_recordno(context.conn, definition_of(object_name), int(key))
        if key.isdigit()
        else None
    )
    if row is None:
        raise fail(
            object_name,
            error("BL01001973", f"Cannot find {object_name.lower()} with key '{key}' to {verb}."),
            verb="update",
        )
    ensure_visible(context, object_name, row)
    return row


@register("reverse_bill", write=True)
def reverse_bill(context: Context, element: etree._Element) -> FunctionResult:
    """Reverse a posted bill without payments (void its payments first)."""
    check_permission(context, "update", "APBILL")
    bill = _by_key(context, "APBILL", element, "reverse")
    refuse_state("APBILL", bill, ("Posted",), "reverse")
    when = legacy_date(element.find("datereversed"))
    if when is None:
        raise missing("APBILL", "datereversed", verb="update")
    check_reversal_date("APBILL", when, bill.get("WHENCREATED"), "bill")
    key = reverse_document(context, "APBILL", bill, when, text_of(element, "description"))
    context.billable += 1
    return key_result(key)


def _void(context: Context, payment: dict[str, Any], when: str, memo: str) -> int:
    refuse_state("APPYMT", payment, ("Paid",), "reverse")
    check_reversal_date("APPYMT", when, payment.get("PAYMENTDATE"), "payment")
    return reverse_payment(context, "APPYMT", payment, when, "Voided", memo)


@register("reverse_appayment", write=True)
def reverse_appayment(context: Context, element: etree._Element) -> FunctionResult:
    """Reverse a posted AP payment: the bills it paid become payable again."""
    check_permission(context, "update", "APPYMT")
    payment = _by_key(context, "APPYMT", element, "reverse")
    when = legacy_date(element.find("datereversed"))
    if when is None:
        raise missing("APPYMT", "datereversed", verb="update")
    reversal = _void(context, payment, when, text_of(element, "description"))
    context.billable += 1
    return key_result(reversal)


@register("void_appaymentrequest", write=True)
def void_appaymentrequest(context: Context, element: etree._Element) -> FunctionResult:
    """Void posted AP payments (dated today); the bills they paid become payable again."""
    check_permission(context, "update", "APPYMT")
    keys = [(key.text or "").strip() for key in element.iterfind("appaymentkeys/appaymentkey")]
    if not keys:
        raise missing("APPYMT", "appaymentkeys", verb="update")
    today = context.store.now().date().isoformat()
    for key in keys:
        holder = etree.Element("void", key=key)
        _void(context, _by_key(context, "APPYMT", holder, "void"), today, "Void")
        context.billable += 1
    return key_result(",".join(keys))


def guard_vendor_delete(context: Context, row: dict[str, Any]) -> None:
    """A vendor with open bills cannot be deleted (make it inactive instead)."""
    open_bill = context.conn.execute(
        'SELECT 1 FROM apbill WHERE "VENDORID" = ? AND "STATE" IN '
        "('Draft', 'Submitted', 'Posted', 'Partially Paid', 'Selected') LIMIT 1",
        (row["VENDORID"],),
    ).fetchone()
    if open_bill:
        raise fail(
            "VENDOR",
            error(
                HAS_OPEN_DOCUMENTS,
                f"Vendor {row['VENDORID']} has open bills; make the vendor inactive instead.",
            ),
            verb="delete",
        )


def update_appymt(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """AP payments can be updated only while they are drafts (header fields here)."""
    if current.get("STATE") != "Draft":
        raise fail(
            "APPYMT",
            error(
                NOT_DRAFT,
                f"Payment {current['RECORDNO']} is {current['STATE']}; only draft "
                "payments can be updated.",
            ),
            verb="update",
        )
    for field in ("TOTALENTERED", "TRX_TOTALENTERED", "VENDORID", "STATE"):
        changes.pop(field, None)


DELETE_GUARDS["VENDOR"] = guard_vendor_delete
UPDATERS["APPYMT"] = update_appymt
