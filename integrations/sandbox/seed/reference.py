"""Reference rows the seeded history does not create by itself.

Bank account details and savings accounts (cash application), the items of PO lines, the
purchasing transaction definitions, the ARPAYMENT/APPAYMENT payment views and an activity log.
No random draws here, so adding rows never changes the rest of a seeded company.
"""

from __future__ import annotations

from ..catalog import get_object
from ..store import quote
from .batch import Batch
from .context import BANKS, BASE_CURRENCY, ENTITY_NAMES, SeedContext
from .purchasing import ITEMS

ROUTING = {"US": "021000021", "UK": "400515", "CA": "000300002"}
SAVINGS = {"US": ("BOA-SAV", "1000"), "UK": ("HSBC-SAV", "1010"), "CA": ("RBC-SAV", "1020")}
# Transaction definitions: (DOCID, DOCCLASS, CATEGORY, CONVTYPE, CREATETYPE).
PO_DEFINITIONS = (
    ("Purchase Order", "Order", "Order", "Leave Transaction Open", "New document only"),
    (
        "Purchase Order - Back Order",
        "Order",
        "Order",
        "Close Original and Create Back Order",
        "New document only",
    ),
    ("Purchase Order - Close", "Order", "Order", "Close Transaction", "New document only"),
    ("PO Receiver", "Order", "Shipping", "Close Transaction", "New document or Convert"),
    ("Vendor Invoice", "Invoice", "Invoice", "Close Transaction", "New document or Convert"),
)


def _stamp(ctx: SeedContext) -> str:
    return f"{ctx.day(800)} 09:00:00"


def seed_bank_accounts(ctx: SeedContext) -> None:
    """Fill the checking accounts' bank details and add one savings account per entity."""
    conn = ctx.conn
    for code, (bank_id, _gl) in BANKS.items():
        conn.execute(
            'UPDATE checkingaccount SET "ROUTINGNO"=?, "BRANCHID"=?, "BANKACCOUNTTYPE"=?, '
            '"COMPANYNAME"=?, "DESCRIPTION"=?, "CHECKLABEL"=?, "ACHBANKID"=?, "PHONE"=? '
            'WHERE "BANKACCOUNTID"=?',
            (
                ROUTING[code],
                f"{code}-001",
                "checking",
                ENTITY_NAMES[code],
                f"{bank_id} operating account",
                "Operating",
                ROUTING[code],
                "555-0100",
                bank_id,
            ),
        )
    batch = Batch(
        conn,
        "savingsaccount",
        (
            "RECORDNO",
            "BANKACCOUNTID",
            "BANKACCOUNTNO",
            "GLACCOUNTNO",
            "BANKNAME",
            "ROUTINGNO",
            "BANKACCOUNTTYPE",
            "COMPANYNAME",
            "DESCRIPTION",
            "CURRENCY",
            "LOCATIONID",
            "STATUS",
            "WHENCREATED",
            "WHENMODIFIED",
            "MEGAENTITYKEY",
            "MEGAENTITYID",
            "MEGAENTITYNAME",
        ),
    )
    stamp = _stamp(ctx)
    for index, (code, (bank_id, gl)) in enumerate(SAVINGS.items(), start=1):
        batch.add(
            (
                ctx.key("savingsaccount"),
                bank_id,
                f"70{index:08d}",
                gl,
                bank_id.split("-")[0],
                ROUTING[code],
                "savings",
                ENTITY_NAMES[code],
                f"{bank_id} reserve account",
                BASE_CURRENCY[code],
                code,
                "active",
                stamp,
                stamp,
                *ctx.entity(code),
            )
        )
    batch.flush()


def seed_items(ctx: SeedContext) -> None:
    """The items that PO lines reference (top level, shared by every entity)."""
    batch = Batch(
        ctx.conn,
        "item",
        (
            "RECORDNO",
            "ITEMID",
            "NAME",
            "STATUS",
            "ITEMTYPE",
            "PODESCRIPTION",
            "UOMGRP",
            "EXPENSE_ACCTNO",
            "TAXABLE",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    stamp = _stamp(ctx)
    for item_id, name, unit in ITEMS:
        group = "Time" if unit in ("Hour", "Day") else "Count"
        batch.add(
            (
                ctx.key("item"),
                item_id,
                name,
                "active",
                "Non-Inventory (Purchase only)",
                name,
                group,
                "6000",
                "false",
                stamp,
                stamp,
            )
        )
    batch.flush()


def seed_po_definitions(ctx: SeedContext) -> None:
    """Purchasing transaction definitions, one per partial-conversion policy."""
    batch = Batch(
        ctx.conn,
        "podocumentparams",
        (
            "RECORDNO",
            "DOCID",
            "DOCCLASS",
            "CATEGORY",
            "CONVTYPE",
            "CREATETYPE",
            "DESCRIPTION",
            "STATUS",
            "CUST_VEND",
            "SALE_PUR_TRANS",
            "UPDATES_GL",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    stamp = _stamp(ctx)
    for docid, docclass, category, convtype, createtype in PO_DEFINITIONS:
        batch.add(
            (
                ctx.key("podocumentparams"),
                docid,
                docclass,
                category,
                convtype,
                createtype,
                docid,
                "active",
                "Vendor",
                "Purchase",
                "A" if docid == "Vendor Invoice" else "N",
                stamp,
                stamp,
            )
        )
    batch.flush()


def seed_payment_views(ctx: SeedContext) -> None:
    """ARPAYMENT/APPAYMENT: the legacy payment views, a seed-time copy of ARPYMT/APPYMT.

    Writes after seeding change only ARPYMT/APPYMT (the objects the push flows use).
    """
    for view, source in (("ARPAYMENT", "ARPYMT"), ("APPAYMENT", "APPYMT")):
        target, origin = get_object(view), get_object(source)
        assert target is not None and origin is not None
        shared = [name for name in target.stored if origin.has(name)]
        columns = ", ".join(quote(name) for name in shared)
        ctx.conn.execute(
            f"INSERT INTO {target.table} ({columns}) SELECT {columns} FROM {origin.table}"
        )


def seed_activity_log(ctx: SeedContext) -> None:
    """One activity-log entry per entity record (who set the company up)."""
    batch = Batch(
        ctx.conn,
        "activitylog",
        (
            "RECORDNO",
            "OBJ_ID",
            "TRAIL_TEXT",
            "CREATED_BY",
            "CREATEDBYUSER",
            "CREATED_AT",
            "VERSION",
            "WHENMODIFIED",
        ),
    )
    stamp = _stamp(ctx)
    for code, name in ENTITY_NAMES.items():
        batch.add(
            (
                ctx.key("activitylog"),
                code,
                f"Entity {name} created",
                1,
                "Admin",
                stamp,
                1,
                stamp,
            )
        )
    batch.flush()


def seed_reference(ctx: SeedContext) -> None:
    """Every reference step after parties and history (PO definitions come with the setup)."""
    seed_bank_accounts(ctx)
    seed_items(ctx)
    seed_payment_views(ctx)
    seed_activity_log(ctx)
