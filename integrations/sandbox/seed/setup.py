"""Company setup: entities, locations, GL accounts, banks, terms, dimensions, UOM, parties."""

from __future__ import annotations

from .batch import Batch
from .context import (
    AP_TERMS,
    AR_TERMS,
    BANKS,
    BASE_CURRENCY,
    ENTITY_NAMES,
    SeedContext,
)
from .names import COUNTRIES

GL_ACCOUNTS = (
    ("1000", "Bank - Operating (US)", "balancesheet", "debit"),
    ("1010", "Bank - HSBC (UK)", "balancesheet", "debit"),
    ("1020", "Bank - RBC (CA)", "balancesheet", "debit"),
    ("1050", "Undeposited Funds", "balancesheet", "debit"),
    ("1200", "Accounts Receivable", "balancesheet", "debit"),
    ("1400", "Prepaid Expenses", "balancesheet", "debit"),
    ("2000", "Accounts Payable", "balancesheet", "credit"),
    ("2100", "Accrued Liabilities", "balancesheet", "credit"),
    ("4000", "Product Revenue", "incomestatement", "credit"),
    ("4100", "Services Revenue", "incomestatement", "credit"),
    ("4900", "Sales Discounts & Returns", "incomestatement", "debit"),
    ("5000", "Cost of Goods Sold", "incomestatement", "debit"),
    ("6000", "Office Expenses", "incomestatement", "debit"),
    ("6100", "Software & Hosting", "incomestatement", "debit"),
    ("6200", "Travel <Domestic & International>", "incomestatement", "debit"),
    ("6300", "Professional Fees", "incomestatement", "debit"),
    ("6900", "Bank Fees", "incomestatement", "debit"),
)
# Accounts usable in some entities only (the rest are usable everywhere).
RESTRICTED_ACCOUNTS = {"1010": ("UK",), "1020": ("CA",), "6200": ("US", "CA")}
DEPARTMENTS = (("D100", "Sales"), ("D200", "Services"), ("D300", "Admin"), ("D400", "Engineering"))
CLASSES = (("C-ENT", "Enterprise"), ("C-SMB", "Small & Medium"), ("C-GOV", "Government"))
UOM_GROUPS = (
    ("Count", (("Each", "ea", 1, True), ("Dozen", "dz", 12, False), ("Case", "cs", 24, False))),
    (
        "Weight",
        (
            ("Pound", "lb", 1, True),
            ("Ounce", "oz", 0.0625, False),
            ("Kilogram", "kg", 2.20462, False),
        ),
    ),
    ("Time", (("Hour", "hr", 1, True), ("Day", "day", 8, False))),
)


def seed_setup(ctx: SeedContext) -> None:
    """Entities, locations, GL accounts, bank accounts, terms, departments, classes, UOM."""
    conn = ctx.conn
    stamp = ctx.stamp(800)
    entities = Batch(
        conn,
        "locationentity",
        (
            "RECORDNO",
            "LOCATIONID",
            "NAME",
            "STATUS",
            "CURRENCY",
            "ENTITY",
            "ISROOT",
            "LOCATIONTYPE",
            "ENTITYNAME",
            "STARTDATE",
            "WHENCREATED",
            "WHENMODIFIED",
            "ADDRESSCOUNTRYDEFAULT",
            "OPCOUNTRY",
        ),
    )
    locations = Batch(
        conn,
        "location",
        (
            "RECORDNO",
            "LOCATIONID",
            "NAME",
            "PARENTID",
            "STATUS",
            "CURRENCY",
            "ENTITY",
            "LOCATIONTYPE",
            "ENTITYNAME",
            "STARTDATE",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    for code in ("US", "UK", "CA"):
        key = ctx.key("locationentity")
        ctx.entity_keys[code] = key
        country = COUNTRIES[code][0]
        entities.add(
            (
                key,
                code,
                ENTITY_NAMES[code],
                "active",
                BASE_CURRENCY[code],
                code,
                "false",
                "E",
                ENTITY_NAMES[code],
                "2020-01-01",
                stamp,
                stamp,
                country,
                country,
            )
        )
        locations.add(
            (
                ctx.key("location"),
                code,
                ENTITY_NAMES[code],
                None,
                "active",
                BASE_CURRENCY[code],
                code,
                "E",
                ENTITY_NAMES[code],
                "2020-01-01",
                stamp,
                stamp,
            )
        )
    for parent, code, name in (
        ("US", "US-NY", "New York office"),
        ("US", "US-TX", "Austin office"),
        ("UK", "UK-LON", "London office"),
        ("CA", "CA-TOR", "Toronto office"),
    ):
        locations.add(
            (
                ctx.key("location"),
                code,
                name,
                parent,
                "active",
                BASE_CURRENCY[parent],
                parent,
                "N",
                ENTITY_NAMES[parent],
                "2020-01-01",
                stamp,
                stamp,
            )
        )
    entities.flush()
    locations.flush()
    accounts = Batch(
        conn,
        "glaccount",
        (
            "RECORDNO",
            "ACCOUNTNO",
            "TITLE",
            "ACCOUNTTYPE",
            "NORMALBALANCE",
            "CLOSINGTYPE",
            "STATUS",
            "REQUIREDEPT",
            "REQUIRELOC",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    account_keys: dict[str, int] = {}
    for number, title, kind, balance in GL_ACCOUNTS:
        closing = "non-closing account" if kind == "balancesheet" else "closing account"
        account_keys[number] = ctx.key("glaccount")
        accounts.add(
            (
                account_keys[number],
                number,
                title,
                kind,
                balance,
                closing,
                "active",
                "false",
                "true",
                stamp,
                stamp,
            )
        )
    accounts.flush()
    conn.executemany(
        "INSERT INTO _restriction (object, recordno, entity) VALUES ('GLACCOUNT', ?, ?)",
        [
            (account_keys[number], entity)
            for number, entities in RESTRICTED_ACCOUNTS.items()
            for entity in entities
        ],
    )
    banks = Batch(
        conn,
        "checkingaccount",
        (
            "RECORDNO",
            "BANKACCOUNTID",
            "BANKACCOUNTNO",
            "BANKNAME",
            "GLACCOUNTNO",
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
    for code, (bank_id, gl) in BANKS.items():
        banks.add(
            (
                ctx.key("checkingaccount"),
                bank_id,
                f"00{ctx.rng.randint(10**7, 10**8)}",
                bank_id.split("-")[0],
                gl,
                BASE_CURRENCY[code],
                code,
                "active",
                stamp,
                stamp,
                *ctx.entity(code),
            )
        )
    banks.flush()
    for table, terms in (("arterm", AR_TERMS), ("apterm", AP_TERMS)):
        batch = Batch(
            conn,
            table,
            (
                "RECORDNO",
                "NAME",
                "DESCRIPTION",
                "STATUS",
                "DUEDATE",
                "DUEFROM",
                "WHENCREATED",
                "WHENMODIFIED",
            ),
        )
        for name, days in terms:
            batch.add(
                (
                    ctx.key(table),
                    name,
                    f"Net {days} days",
                    "active",
                    days,
                    "from invoice/bill date",
                    stamp,
                    stamp,
                )
            )
        batch.flush()
    departments = Batch(
        conn,
        "department",
        ("RECORDNO", "DEPARTMENTID", "TITLE", "STATUS", "WHENCREATED", "WHENMODIFIED"),
    )
    for ident, title in DEPARTMENTS:
        departments.add((ctx.key("department"), ident, title, "active", stamp, stamp))
    departments.flush()
    classes = Batch(
        conn, "class", ("RECORDNO", "CLASSID", "NAME", "STATUS", "WHENCREATED", "WHENMODIFIED")
    )
    for ident, name in CLASSES:
        classes.add((ctx.key("class"), ident, name, "active", stamp, stamp))
    classes.flush()
    groups = Batch(
        conn,
        "uom",
        (
            "RECORDNO",
            "NAME",
            "ISSYSTEM",
            "INVDEFUNITKEY",
            "PODEFUNITKEY",
            "SODEFUNITKEY",
            "INVUOM",
            "POUOM",
            "OEUOM",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    details = Batch(
        conn,
        "uomdetail",
        (
            "RECORDNO",
            "UNIT",
            "ABBREVIATION",
            "GRPKEY",
            "NUMDECIMALS",
            "ISBASE",
            "WHENCREATED",
            "WHENMODIFIED",
        ),
    )
    for name, units in UOM_GROUPS:
        group_key = ctx.key("uom")
        base_key = 0
        for unit, abbreviation, _factor, is_base in units:
            unit_key = ctx.key("uomdetail")
            base_key = unit_key if is_base else base_key
            details.add(
                (
                    unit_key,
                    unit,
                    abbreviation,
                    group_key,
                    2,
                    "true" if is_base else "false",
                    stamp,
                    stamp,
                )
            )
        base_unit = units[0][0]
        groups.add(
            (
                group_key,
                name,
                "false",
                base_key,
                base_key,
                base_key,
                base_unit,
                base_unit,
                base_unit,
                stamp,
                stamp,
            )
        )
    groups.flush()
    details.flush()
    conn.execute("INSERT INTO _folder(name) VALUES ('Invoices'), ('Bills'), ('Contracts')")
