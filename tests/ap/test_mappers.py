"""The AP field maps as pure mappers: Intacct records in, model values out."""

from decimal import Decimal

from lxml import etree

from ap.admin.purchasing import dimension_name
from ap.declarations.parties import VENDOR
from ap.declarations.purchasing import PURCHASING_DOCUMENT, PURCHASING_LINE, before_separator
from integrations.intacct import Record

LINE_XML = """
<podocumententry>
  <RECORDNO>501</RECORDNO><DOCHDRNO>77</DOCHDRNO><LINE_NO>3</LINE_NO>
  <ITEMID>LAPTOP-14--Laptop 14 inch</ITEMID><ITEMNAME>Laptop</ITEMNAME>
  <UIQTY>2.5</UIQTY><UNIT>Each</UNIT><MEMO>For the new hires &amp; interns</MEMO>
  <UIPRICE>899.99</UIPRICE><TRX_VALUE>2249.975</TRX_VALUE><TOTAL>1800.00</TOTAL>
  <WAREHOUSE><LOCATION_NO>WH-1</LOCATION_NO></WAREHOUSE>
  <DEPARTMENTID>D400</DEPARTMENTID><CLASSID>C-ENT--Enterprise</CLASSID>
  <LOCATIONID>US</LOCATIONID><QTY_CONVERTED>1</QTY_CONVERTED>
  <TOTAL_AMOUNT_CONVERTED>899.99</TOTAL_AMOUNT_CONVERTED><CURRENCY>USD</CURRENCY>
  <SOURCE_DOCID>Purchase Order-P000001</SOURCE_DOCID><SOURCE_DOCLINEKEY>400</SOURCE_DOCLINEKEY>
</podocumententry>
"""


def test_line_field_map():
    values = PURCHASING_LINE.pull_values(Record.from_element(etree.fromstring(LINE_XML)))
    assert values == {
        "document_recordno": 77,
        "line_no": 3,
        "item_id": "LAPTOP-14",
        "item_name": "Laptop",
        "quantity": Decimal("2.5"),
        "unit": "Each",
        "description": "For the new hires & interns",
        "rate": Decimal("899.99"),
        "amount": Decimal("2249.98"),
        "warehouse": "WH-1",
        "department_id": "D400",
        "class_id": "C-ENT",
        "location_id": "US",
        "billed_quantity": Decimal("1"),
        "billed_amount": Decimal("899.99"),
        "currency": "USD",
        "state": "",
        "source_doc_id": "Purchase Order-P000001",
        "source_line_recordno": 400,
    }


def test_before_separator_keeps_ids_with_single_dashes():
    assert before_separator("CABLE-USB--USB cable") == "CABLE-USB"
    assert before_separator("CABLE-USB") == "CABLE-USB"
    assert before_separator(" C-GOV -- Government ") == "C-GOV"
    assert before_separator(None) == ""


def test_receiver_header_field_map():
    record = Record(
        {
            "DOCNO": "R000010",
            "DOCID": "PO Receiver-R000010",
            "DOCPARID": "PO Receiver",
            "STATE": "Pending",
            "WHENCREATED": "11/02/2026",
            "CUSTVENDID": "V-00001",
            "CREATEDFROM": "Purchase Order-P000010",
            "MESSAGE": "Dock 4",
            "BACKORDER": "No",
            "TRX_TOTAL": "120.5",
        }
    )
    values = PURCHASING_DOCUMENT.pull_values(record)
    assert values["number"] == "R000010"
    assert values["document_date"].isoformat() == "2026-11-02"
    assert (values["created_from"], values["memo"]) == ("Purchase Order-P000010", "Dock 4")
    assert values["is_back_order"] is False
    assert values["trx_total"] == Decimal("120.50")
    mapped = PURCHASING_DOCUMENT.map_record(record)
    assert mapped.relation_keys["vendor"] == "V-00001"
    assert mapped.relation_keys["definition"] == "PO Receiver"


def test_vendor_status_inactive_is_suspended_and_pushes_back_as_inactive():
    status = next(f for f in VENDOR.fields if f.local == "status")
    assert status.pull(Record({"STATUS": "inactive"})) == "suspended"
    assert status.pull(Record({"STATUS": "active non-posting"})) == "active"
    assert status.pull(Record({})) == "active"
    assert status.converter.push("suspended") == "inactive"
    assert status.converter.push("active") == "active"


def test_custom_dimensions_show_under_the_dimension_name():
    assert dimension_name("GLDIMPROJECT_TYPE") == "Project type"
    assert dimension_name("GLDIMFUND") == "Fund"
    assert dimension_name("RPEC") == "Rpec"
