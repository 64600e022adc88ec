"""Purchasing transaction definitions, purchasing documents (POs, receivers, vendor invoices)
with their lines, and units of measure.

The field maps follow Tipalti's: an item is the part of ITEMID before ``--`` (Intacct shows
``ID--Name``), a class the part of CLASSID before ``--``, LINE_NO is a line's external ID, and
the status is Intacct's STATE through the status map (applied after each page: see
``ap.purchasing.statuses``). Custom dimensions (``GLDIM<NAME>``) and other custom fields are
chosen per connection and land in ``custom_fields``.
"""

from ap.models import (
    PODefinition,
    PurchasingDocument,
    PurchasingLine,
    Unit,
    UnitGroup,
    Vendor,
)
from integrations.intacct import Record
from integrations.sync.declarations import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    Converter,
    Field,
    Relation,
    SyncedObject,
)
from integrations.sync.shared_declarations import ENTITY


def before_separator(value: str | None) -> str:
    """``"LAPTOP-14--Laptop 14 inch"`` -> ``"LAPTOP-14"``: the ID before Intacct's ``--``."""
    return (value or "").split("--", 1)[0].strip()


def _id_part_pull(record: Record, name: str) -> str:
    return before_separator(record.text(name))


ID_PART = Converter("ID before --", _id_part_pull, lambda v: v or None)
"""An ``ID--Name`` reference as its ID."""

PO_DEFINITION = SyncedObject(
    object_name="PODOCUMENTPARAMS",
    model=PODefinition,
    id_field="DOCID",
    fields=(
        Field("name", "DOCID"),
        Field("template_type", "DOCCLASS"),
        Field("category", "CATEGORY"),
        Field("conversion", "CONVTYPE"),
        Field("status", "STATUS"),
    ),
)

PURCHASING_DOCUMENT = SyncedObject(
    object_name="PODOCUMENT",
    model=PurchasingDocument,
    id_field="DOCID",
    custom_fields=True,
    fields=(
        Field("number", "DOCNO"),
        Field("doc_id", "DOCID"),
        Field("definition_name", "DOCPARID"),
        Field("state", "STATE"),
        Field("intacct_status", "STATUS"),
        Field("memo", "MESSAGE"),
        Field("reference", "PONUMBER"),
        Field("vendor_document_number", "VENDORDOCNO"),
        Field("document_date", "WHENCREATED", DATE),
        Field("due_date", "WHENDUE", DATE),
        Field("vendor_intacct_id", "CUSTVENDID"),
        Field("currency", "CURRENCY"),
        Field("base_currency", "BASECURR"),
        Field("subtotal", "SUBTOTAL", MONEY),
        Field("total", "TOTAL", MONEY),
        Field("trx_total", "TRX_TOTAL", MONEY),
        Field("quantity_converted", "TOTALQTY_CONVERTED", DECIMAL),
        Field("quantity_remaining", "TOTALQTYREMAINING", DECIMAL),
        Field("created_from", "CREATEDFROM"),
        Field("is_back_order", "BACKORDER", BOOLEAN),
    ),
    relations=(
        Relation("definition", PODefinition, "DOCPARID", by="intacct_id"),
        Relation("vendor", Vendor, "CUSTVENDID", by="intacct_id"),
        ENTITY,
    ),
)

PURCHASING_LINE = SyncedObject(
    object_name="PODOCUMENTENTRY",
    model=PurchasingLine,
    custom_fields=True,
    fields=(
        Field("document_recordno", "DOCHDRNO", INTEGER),
        Field("line_no", "LINE_NO", INTEGER),
        Field("item_id", "ITEMID", ID_PART),
        Field("item_name", "ITEMNAME"),
        Field("quantity", "UIQTY", DECIMAL),
        Field("unit", "UNIT"),
        Field("description", "MEMO"),
        Field("rate", "UIPRICE", DECIMAL),
        Field("amount", "TRX_VALUE", MONEY, fallback="TOTAL"),
        Field("warehouse", "WAREHOUSE.LOCATION_NO"),
        Field("department_id", "DEPARTMENTID"),
        Field("class_id", "CLASSID", ID_PART),
        Field("location_id", "LOCATIONID"),
        Field("billed_quantity", "QTY_CONVERTED", DECIMAL),
        Field("billed_amount", "TOTAL_AMOUNT_CONVERTED", MONEY),
        Field("currency", "CURRENCY"),
        Field("state", "STATE"),
        Field("source_doc_id", "SOURCE_DOCID", fallback="SOURCEDOCID"),
        Field("source_line_recordno", "SOURCE_DOCLINEKEY", INTEGER),
    ),
    relations=(Relation("document", PurchasingDocument, "DOCHDRNO"),),
)

UNIT_GROUP = SyncedObject(
    object_name="UOM",
    model=UnitGroup,
    id_field="NAME",
    fields=(
        Field("name", "NAME"),
        Field("is_system", "ISSYSTEM", BOOLEAN),
        Field("inventory_unit", "INVUOM"),
        Field("purchasing_unit", "POUOM"),
        Field("sales_unit", "OEUOM"),
    ),
)

UNIT = SyncedObject(
    object_name="UOMDETAIL",
    model=Unit,
    id_field="UNIT",
    fields=(
        Field("unit", "UNIT"),
        Field("abbreviation", "ABBREVIATION"),
        Field("group_recordno", "GRPKEY", INTEGER),
        Field("decimals", "NUMDECIMALS", INTEGER),
        Field("is_base", "ISBASE", BOOLEAN),
    ),
    relations=(Relation("group", UnitGroup, "GRPKEY"),),
)
