"""Object definitions served by the sandbox: fields, types, ID fields, relationships.

Field lists come from ``data/objects.json`` (generated from the shared ``OBJECTS.md`` by
``build_catalog``) and the dotted (relationship) fields of the recorded lookups from
``data/dotted.json``. Objects without a recorded lookup are derived from their documented twins
(ARINVOICEITEM = ARADJUSTMENTITEM plus the AR-relevant APBILLITEM fields, ARPYMTDETAIL,
SODOCUMENT, SODOCUMENTENTRY) or listed here from Intacct's documentation (CHECKINGACCOUNT,
SAVINGSACCOUNT, ITEM, CCTRANSACTION with its entries, AMORTIZATIONTEMPLATE). The seeded
company's custom fields are added here and reported by ``lookup`` with ``ISCUSTOM=true``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .documented_fields import (
    AMORTIZATION_TEMPLATE,
    AP_ONLY_LINE_FIELDS,
    AR_LINE_EXTRA,
    AUDIT_AND_ENTITY,
    BANK_ACCOUNT,
    CC_TRANSACTION,
    CC_TRANSACTION_ENTRY,
    CHECKING_ONLY,
    ITEM_FIELDS,
    FieldRow,
)

DATA_DIR = Path(__file__).with_name("data")

NUMERIC_TYPES = frozenset({"DECIMAL", "CURRENCY", "PERCENT", "NUMBER"})


@dataclass(frozen=True)
class FieldDef:
    """One field of an object as ``lookup`` reports it."""

    name: str
    datatype: str
    required: bool = False
    readonly: bool = False
    label: str = ""
    valid_values: tuple[str, ...] = ()
    custom: bool = False

    @property
    def sql_type(self) -> str:
        """The SQLite column type used to store the field."""
        if self.datatype == "INTEGER":
            return "INTEGER"
        if self.datatype in NUMERIC_TYPES:
            return "REAL"
        return "TEXT"


@dataclass(frozen=True)
class Relationship:
    """A many-to-one (or one-to-one) path usable in dotted select fields."""

    path: str
    object_name: str
    kind: str
    related_by: str


@dataclass(frozen=True)
class Join:
    """How the sandbox joins a relationship path: ``local`` column to ``remote`` of ``object``."""

    object_name: str
    local: str
    remote: str


@dataclass
class ObjectDef:
    """An Intacct object: its table, fields in lookup order and how records are identified."""

    name: str
    fields: dict[str, FieldDef]
    id_field: str
    relationships: dict[str, Relationship] = field(default_factory=dict)
    # Extra fields stored and returned by read/readByQuery but not listed by lookup
    # (nested contact groups such as DISPLAYCONTACT.EMAIL1).
    nested: tuple[str, ...] = ()
    # Line and detail objects: (key column, header object) pairs. A line is visible exactly
    # where its header is; with several pairs the first whose key is set decides.
    headers: tuple[tuple[str, str], ...] = ()
    # Dotted fields ``lookup`` lists (from the recorded lookups); resolvable in every read.
    dotted: dict[str, FieldDef] = field(default_factory=dict)
    # Legacy names readByQuery/read return beside the lookup names (EXCHRATE on APBILL, ...).
    aliases: dict[str, str] = field(default_factory=dict)
    # Extra names (aliases and dotted fields) that readByQuery/read return for ``*``.
    star_extra: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """SQLite table name (the lower-case object name)."""
        return self.name.lower()

    @property
    def stored(self) -> list[str]:
        """Every column of the table, in output order."""
        return [*self.fields, *self.nested]

    def has(self, name: str) -> bool:
        """Whether ``name`` is a stored field of the object."""
        return name in self.fields or name in self.nested


# The human ID used by readByName, create results and relationship joins.
_ID_FIELDS = {
    "CUSTOMER": "CUSTOMERID",
    "CONTACT": "CONTACTNAME",
    "ARINVOICE": "RECORDNO",
    "ARINVOICEITEM": "RECORDNO",
    "ARPYMT": "RECORDNO",
    "ARPYMTDETAIL": "RECORDNO",
    "ARPAYMENT": "RECORDNO",
    "ARADJUSTMENT": "RECORDNO",
    "ARADJUSTMENTITEM": "RECORDNO",
    "ARTERM": "NAME",
    "APTERM": "NAME",
    "LOCATIONENTITY": "LOCATIONID",
    "LOCATION": "LOCATIONID",
    "VENDOR": "VENDORID",
    "APBILL": "RECORDNO",
    "APBILLITEM": "RECORDNO",
    "APPYMT": "RECORDNO",
    "APPYMTDETAIL": "RECORDNO",
    "APPAYMENT": "RECORDNO",
    "APADJUSTMENT": "RECORDNO",
    "APADJUSTMENTITEM": "RECORDNO",
    "GLACCOUNT": "ACCOUNTNO",
    "PODOCUMENT": "DOCID",
    "PODOCUMENTENTRY": "RECORDNO",
    "PODOCUMENTPARAMS": "DOCID",
    "SODOCUMENT": "DOCID",
    "SODOCUMENTENTRY": "RECORDNO",
    "UOM": "NAME",
    "UOMDETAIL": "RECORDNO",
    "AUDITHISTORY": "ID",
    "ACTIVITYLOG": "RECORDNO",
    "DEPARTMENT": "DEPARTMENTID",
    "CLASS": "CLASSID",
    "CHECKINGACCOUNT": "BANKACCOUNTID",
    "SAVINGSACCOUNT": "BANKACCOUNTID",
    "ITEM": "ITEMID",
    "CCTRANSACTION": "RECORDNO",
    "CCTRANSACTIONENTRY": "RECORDNO",
    "AMORTIZATIONTEMPLATE": "TEMPLATEID",
}

_CONTACT_GROUP = (
    "CONTACTNAME",
    "PRINTAS",
    "COMPANYNAME",
    "FIRSTNAME",
    "LASTNAME",
    "PHONE1",
    "EMAIL1",
    "EMAIL2",
    "MAILADDRESS.ADDRESS1",
    "MAILADDRESS.ADDRESS2",
    "MAILADDRESS.CITY",
    "MAILADDRESS.STATE",
    "MAILADDRESS.ZIP",
    "MAILADDRESS.COUNTRY",
    "MAILADDRESS.COUNTRYCODE",
)

_NESTED = {
    "CUSTOMER": (
        *(f"DISPLAYCONTACT.{name}" for name in _CONTACT_GROUP),
        "CONTACTINFO.CONTACTNAME",
        "BILLTO.CONTACTNAME",
        "SHIPTO.CONTACTNAME",
    ),
    "VENDOR": (
        *(f"DISPLAYCONTACT.{name}" for name in _CONTACT_GROUP),
        "CONTACTINFO.CONTACTNAME",
        "PAYTO.CONTACTNAME",
        "RETURNTO.CONTACTNAME",
    ),
    "CONTACT": tuple(
        f"MAILADDRESS.{name}"
        for name in ("ADDRESS1", "ADDRESS2", "CITY", "STATE", "ZIP", "COUNTRY", "COUNTRYCODE")
    ),
    # Stored fields a real readByQuery row of APBILL has that its lookup does not list.
    "APBILL": ("TAXMETHOD", "SHOWMULTILINETAX", "TAXSOLUTIONKEY", "VENDOR_NOTES", "VOUCHER_NUMBER"),
    "CHECKINGACCOUNT": tuple(
        f"MAILADDRESS.{name}"
        for name in ("ADDRESS1", "ADDRESS2", "CITY", "STATE", "ZIP", "COUNTRY", "COUNTRYCODE")
    ),
    "SAVINGSACCOUNT": tuple(
        f"MAILADDRESS.{name}"
        for name in ("ADDRESS1", "ADDRESS2", "CITY", "STATE", "ZIP", "COUNTRY", "COUNTRYCODE")
    ),
}

# Legacy names of a real APBILL readByQuery row (same values as the lookup fields).
_ALIASES = {
    "APBILL": {
        "EXCHRATE": "EXCHANGE_RATE",
        "EXCHRATEDATE": "EXCH_RATE_DATE",
        "EXCHRATETYPE": "EXCH_RATE_TYPE_ID",
        "PAYTOCONTACTNAME": "BILLTOPAYTOCONTACTNAME",
        "RETURNTOCONTACTNAME": "SHIPTORETURNTOCONTACTNAME",
    },
}
_STAR_EXTRA = {
    "APBILL": (
        "EXCHRATE",
        "EXCHRATEDATE",
        "EXCHRATETYPE",
        "PAYTOCONTACTNAME",
        "RETURNTOCONTACTNAME",
        "PAYTO.TAXID",
        "PAYTO.TAXGROUP.NAME",
        "PAYTO.TAXGROUP.RECORDNO",
    ),
}

# Relationships whose real target the sandbox serves from another object: contact versions
# are CONTACT records matched by the contact name (or key) the document carries.
_CONTACT_PATHS = {
    "ARINVOICE": (
        ("BILLTO", "BILLTOPAYTOCONTACTNAME"),
        ("SHIPTO", "SHIPTORETURNTOCONTACTNAME"),
        ("CONTACT", "BILLTOPAYTOCONTACTNAME"),
    ),
    "ARADJUSTMENT": (
        ("BILLTO", "BILLTOPAYTOCONTACTNAME"),
        ("SHIPTO", "SHIPTORETURNTOCONTACTNAME"),
    ),
    "APBILL": (("PAYTO", "BILLTOPAYTOCONTACTNAME"), ("RETURNTO", "SHIPTORETURNTOCONTACTNAME")),
    "APADJUSTMENT": (
        ("PAYTO", "BILLTOPAYTOCONTACTNAME"),
        ("RETURNTO", "SHIPTORETURNTOCONTACTNAME"),
    ),
    "PODOCUMENT": (("BILLTO", "BILLTOKEY"), ("SHIPTO", "SHIPTOKEY"), ("DELIVERTO", "DELIVERTOKEY")),
}
JOINS: dict[tuple[str, str], Join] = {
    (name, path): Join("CONTACT", local, "RECORDNO" if local.endswith("KEY") else "CONTACTNAME")
    for name, paths in _CONTACT_PATHS.items()
    for path, local in paths
}

# Custom fields of the seeded company (integration name, type, label, picklist values).
CUSTOM_FIELDS: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {
    "CUSTOMER": (
        ("CRM_ACCOUNT_ID", "TEXT", "CRM account ID", ()),
        ("CUSTOMER_SINCE", "DATE", "Customer since", ()),
        ("CUSTOMER_TIER", "ENUM", "Customer tier", ("Gold", "Silver", "Bronze")),
        ("CREDIT_SCORE", "DECIMAL", "Credit score", ()),
    ),
    "ARINVOICE": (
        ("CONTRACT_REF", "TEXT", "Contract reference", ()),
        ("SERVICE_START", "DATE", "Service start", ()),
        ("SALES_CHANNEL", "ENUM", "Sales channel", ("Direct", "Partner", "Online")),
        ("COMMISSION_RATE", "DECIMAL", "Commission rate", ()),
    ),
    "APBILL": (
        ("AMORTIZATION_START", "DATE", "Amortization start", ()),
        ("AMORTIZATION_MONTHS", "DECIMAL", "Amortization months", ()),
    ),
}

_ARPYMTDETAIL_EXTRA = (
    "POSTEDOVERPAYMENTKEY",
    "POSTEDOVERPAYMENTENTRYKEY",
    "POSTEDOVERPAYMENTAMOUNT",
    "TRX_POSTEDOVERPAYMENTAMOUNT",
    "NEGATIVEINVOICEKEY",
    "NEGATIVEINVOICEENTRYKEY",
    "NEGATIVEINVOICEAMOUNT",
    "TRX_NEGATIVEINVOICEAMOUNT",
)


def _simple(name: str, rows: tuple[FieldRow, ...], id_field: str) -> ObjectDef:
    return ObjectDef(
        name=name,
        fields={row[0]: FieldDef(*row) for row in (*rows, *AUDIT_AND_ENTITY)},
        id_field=id_field,
        nested=_NESTED.get(name, ()),
    )


# Line and detail objects follow their header's entity visibility (they carry no MEGAENTITY*).
LINE_HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "ARINVOICEITEM": (("RECORDKEY", "ARINVOICE"),),
    "ARADJUSTMENTITEM": (("RECORDKEY", "ARADJUSTMENT"),),
    "ARPYMTDETAIL": (("PAYMENTKEY", "ARPYMT"), ("ADJUSTMENTKEY", "ARADJUSTMENT")),
    "APBILLITEM": (("RECORDKEY", "APBILL"),),
    "APADJUSTMENTITEM": (("RECORDKEY", "APADJUSTMENT"),),
    "APPYMTDETAIL": (("PAYMENTKEY", "APPYMT"), ("ADJUSTMENTKEY", "APADJUSTMENT")),
    "PODOCUMENTENTRY": (("DOCHDRNO", "PODOCUMENT"),),
    "SODOCUMENTENTRY": (("DOCHDRNO", "SODOCUMENT"),),
    "CCTRANSACTIONENTRY": (("RECORDKEY", "CCTRANSACTION"),),
}


def _field_from_row(row: list[object]) -> FieldDef:
    name, datatype, required, readonly, label, values = row
    return FieldDef(
        name=str(name),
        datatype=str(datatype),
        required=bool(required),
        readonly=bool(readonly),
        label=str(label),
        valid_values=tuple(str(v) for v in values),  # type: ignore[attr-defined]
    )


def _build(raw: dict[str, dict[str, list[list[object]]]], name: str, source: str) -> ObjectDef:
    spec = raw[source]
    fields = {}
    for row in spec["fields"]:
        definition = _field_from_row(row)
        if "." not in definition.name:
            fields[definition.name] = definition
    relationships = {
        str(path): Relationship(str(path), str(obj), str(kind), str(related))
        for path, obj, kind, related in spec["relationships"]
    }
    return ObjectDef(
        name=name,
        fields=fields,
        id_field=_ID_FIELDS.get(name, "RECORDNO"),
        relationships=relationships,
        nested=_NESTED.get(name, ()),
    )


def _add_dotted(objects: dict[str, ObjectDef]) -> None:
    """Dotted lookup fields, legacy aliases, ``*`` extras and line headers."""
    dotted = json.loads((DATA_DIR / "dotted.json").read_text(encoding="utf-8"))
    for object_name, rows in dotted.items():
        for name, datatype, label in rows:
            objects[object_name].dotted[name] = FieldDef(name, datatype, label=label)
    for object_name, aliases in _ALIASES.items():
        objects[object_name].aliases = dict(aliases)
    for object_name, extra in _STAR_EXTRA.items():
        objects[object_name].star_extra = extra
    for object_name, pairs in LINE_HEADERS.items():
        objects[object_name].headers = pairs


@cache
def catalog() -> dict[str, ObjectDef]:
    """All objects the sandbox serves, keyed by upper-case object name."""
    raw = json.loads((DATA_DIR / "objects.json").read_text(encoding="utf-8"))
    objects = {name: _build(raw, name, name) for name in raw}
    objects["ARINVOICEITEM"] = _build(raw, "ARINVOICEITEM", "ARADJUSTMENTITEM")
    line_fields = objects["ARINVOICEITEM"].fields
    for field_name, line_field in objects["APBILLITEM"].fields.items():
        if field_name not in AP_ONLY_LINE_FIELDS:
            line_fields.setdefault(field_name, line_field)
    for row in AR_LINE_EXTRA:
        line_fields.setdefault(row[0], FieldDef(*row))
    objects["ARINVOICEITEM"].relationships["ARINVOICE"] = Relationship(
        "ARINVOICE", "ARINVOICE", "MANY2ONE", "RECORDKEY"
    )
    detail = _build(raw, "ARPYMTDETAIL", "APPYMTDETAIL")
    for extra in _ARPYMTDETAIL_EXTRA:
        kind = "INTEGER" if extra.endswith("KEY") else "CURRENCY"
        detail.fields[extra] = FieldDef(extra, kind, label=extra.title())
    detail.relationships = {
        "ARPYMT": Relationship("ARPYMT", "ARPYMT", "MANY2ONE", "PAYMENTKEY"),
        "ARINVOICE": Relationship("ARINVOICE", "ARINVOICE", "MANY2ONE", "RECORDKEY"),
    }
    objects["ARPYMTDETAIL"] = detail
    objects["APPYMTDETAIL"].relationships.setdefault(
        "APBILL", Relationship("APBILL", "APBILL", "MANY2ONE", "RECORDKEY")
    )
    objects["SODOCUMENT"] = _build(raw, "SODOCUMENT", "PODOCUMENT")
    objects["SODOCUMENT"].relationships["CUSTOMER"] = Relationship(
        "CUSTOMER", "CUSTOMER", "MANY2ONE", "CUSTVENDID"
    )
    objects["SODOCUMENTENTRY"] = _build(raw, "SODOCUMENTENTRY", "PODOCUMENTENTRY")
    objects["CHECKINGACCOUNT"] = _simple(
        "CHECKINGACCOUNT", (*BANK_ACCOUNT, *CHECKING_ONLY), "BANKACCOUNTID"
    )
    objects["SAVINGSACCOUNT"] = _simple("SAVINGSACCOUNT", BANK_ACCOUNT, "BANKACCOUNTID")
    objects["ITEM"] = _simple("ITEM", ITEM_FIELDS, "ITEMID")
    objects["CCTRANSACTION"] = _simple("CCTRANSACTION", CC_TRANSACTION, "RECORDNO")
    objects["CCTRANSACTIONENTRY"] = ObjectDef(
        name="CCTRANSACTIONENTRY",
        fields={row[0]: FieldDef(*row) for row in CC_TRANSACTION_ENTRY},
        id_field="RECORDNO",
        relationships={
            "CCTRANSACTION": Relationship("CCTRANSACTION", "CCTRANSACTION", "MANY2ONE", "RECORDKEY")
        },
    )
    objects["AMORTIZATIONTEMPLATE"] = _simple(
        "AMORTIZATIONTEMPLATE", AMORTIZATION_TEMPLATE, "TEMPLATEID"
    )
    _add_dotted(objects)
    for object_name, customs in CUSTOM_FIELDS.items():
        target = objects[object_name]
        for name, datatype, label, values in customs:
            target.fields[name] = FieldDef(
                name, datatype, label=label, valid_values=values, custom=True
            )
    for definition in objects.values():
        # Every object in this simulator carries RECORDNO and WHENMODIFIED so paging and
        # incremental sync work uniformly (AUDITHISTORY keys on ID but also gets a RECORDNO).
        definition.fields.setdefault("RECORDNO", FieldDef("RECORDNO", "INTEGER", readonly=True))
        definition.fields.setdefault(
            "WHENMODIFIED", FieldDef("WHENMODIFIED", "TIMESTAMP", readonly=True)
        )
    return objects


def get_object(name: str) -> ObjectDef | None:
    """Look an object up case-insensitively; ``None`` when the sandbox does not know it."""
    return catalog().get(name.strip().upper())
