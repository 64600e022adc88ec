"""AP adjustments (vendor credits and debit memos): legacy create_apadjustment and generic
create/update/delete of APADJUSTMENT with APADJUSTMENTITEMS."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import error
from ..rules import HAS_PAYMENTS, WRONG_STATE
from .ap_bills import generic_lines, us_date, vendor_of
from .base import Context, FunctionResult, register, text_of
from .documents import custom_fields
from .generic import CREATORS, DELETE_GUARDS, UPDATERS
from .party_documents import AP_ADJUSTMENT, check_number, post_document, post_legacy_adjustment
from .writing import check_permission, fail, missing


def _same_sign(lines: list[dict[str, Any]]) -> None:
    if len({line["TRX"] > 0 for line in lines}) > 1:
        raise fail(
            "APADJUSTMENT",
            error("BL01001973", "All lines of an AP adjustment must have the same sign."),
        )


@register("create_apadjustment", write=True)
def create_apadjustment(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy vendor credit/debit memo; all lines must have the same sign."""
    check_permission(context, "create", "APADJUSTMENT")
    vendor = vendor_of(context, "APADJUSTMENT", text_of(element, "vendorid"))
    return post_legacy_adjustment(
        context,
        AP_ADJUSTMENT,
        element,
        vendor,
        document_tag="billno",
        check_lines=_same_sign,
        header_extra=custom_fields(context, "APADJUSTMENT", element),
    )


def create_apadjustment_generic(
    context: Context, definition: ObjectDef, element: etree._Element, values: dict[str, str]
) -> int:
    """Generic ``create`` of APADJUSTMENT with APADJUSTMENTITEMS (same rules as legacy)."""
    vendor = vendor_of(context, "APADJUSTMENT", values.get("VENDORID", ""))
    if not values.get("WHENCREATED"):
        raise missing("APADJUSTMENT", "WHENCREATED")
    created = us_date("APADJUSTMENT", values["WHENCREATED"], "WHENCREATED")
    lines = generic_lines(context, "APADJUSTMENT", element, "APADJUSTMENTITEMS/APADJUSTMENTITEM")
    if not lines:
        raise missing("APADJUSTMENT", "APADJUSTMENTITEMS")
    _same_sign(lines)
    number = values.get("RECORDID") or None
    check_number(context, AP_ADJUSTMENT, number, vendor["VENDORID"])
    posted = values.get("WHENPOSTED")
    header = {
        "RECORDID": number,
        "DOCNUMBER": values.get("DOCNUMBER") or None,
        "DESCRIPTION": values.get("DESCRIPTION") or None,
        "WHENCREATED": created,
        "WHENPOSTED": us_date("APADJUSTMENT", posted, "WHENPOSTED") if posted else created,
    }
    return post_document(
        context,
        AP_ADJUSTMENT,
        vendor,
        header,
        lines,
        currency=values.get("CURRENCY") or None,
        draft=values.get("ACTION", "").lower() == "draft",
    )


def _applied(context: Context, key: int) -> bool:
    return (
        context.conn.execute(
            'SELECT 1 FROM appymtdetail WHERE "ADJUSTMENTKEY" = ? LIMIT 1', (key,)
        ).fetchone()
        is not None
    )


def update_apadjustment(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Header fields of an unapplied adjustment; amounts and vendor never change here."""
    if current.get("STATE") not in ("Draft", "Posted") or _applied(context, current["RECORDNO"]):
        raise fail(
            "APADJUSTMENT",
            error(
                WRONG_STATE,
                f"AP adjustment {current['RECORDNO']} is {current['STATE']} or applied; only "
                "unapplied adjustments can be updated.",
            ),
            verb="update",
        )
    for field in ("TOTALENTERED", "TRX_TOTALENTERED", "VENDORID", "STATE"):
        changes.pop(field, None)


def guard_adjustment_delete(context: Context, row: dict[str, Any]) -> None:
    """An applied adjustment cannot be deleted (unapply, then reverse)."""
    if _applied(context, int(row["RECORDNO"])):
        raise fail(
            "APADJUSTMENT",
            error(HAS_PAYMENTS, "The adjustment has been applied; unapply it before deleting."),
            verb="delete",
        )


CREATORS["APADJUSTMENT"] = create_apadjustment_generic
UPDATERS["APADJUSTMENT"] = update_apadjustment
DELETE_GUARDS["APADJUSTMENT"] = guard_adjustment_delete
