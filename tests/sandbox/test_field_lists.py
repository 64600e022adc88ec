"""Every real field of the served objects can be selected (issue 10, reads 3 and 4).

The field lists come from the shared ``OBJECTS.md`` and the recorded ``lookup`` fixtures, not
from the sandbox's own catalog, so a field the sandbox lacks fails here.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from lxml import etree

from tests import shared_docs
from tests.shared_docs import require

from .helpers import SHARED, call, fixtures_dir, fn, login_xml, ok, rows

_HEADING = re.compile(r"^## (\w+)\s*$")
_LOOKUPS = "CPAanalytics-intacct_sdk"


@cache
def documented_fields() -> dict[str, list[str]]:
    """OBJECTS.md: object -> its top-level field IDs."""
    path = require(SHARED / "intacct" / "OBJECTS.md")
    objects: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = objects.setdefault(heading.group(1), [])
        elif current is not None and line.startswith("| ") and "---" not in line:
            name = line.strip("| ").split("|")[0].strip()
            if name != "Field":
                current.append(name)
    return objects


@cache
def recorded_dotted_fields() -> dict[str, list[str]]:
    """Recorded lookups: object -> its dotted field IDs."""
    found: dict[str, list[str]] = {}
    for path in sorted((fixtures_dir() / _LOOKUPS).glob("lookup_*.xml")):
        kind = etree.parse(str(path)).find(".//Type")
        dotted = [item.text for item in kind.iter("ID") if "." in (item.text or "")]
        if dotted:
            found[kind.get("Name")] = dotted
    return found


def _query(object_name: str, names: list[str]) -> str:
    select = "".join(f"<field>{name}</field>" for name in names)
    return fn(
        f"<query><object>{object_name}</object><select>{select}</select>"
        "<options><showprivate>true</showprivate></options><pagesize>1</pagesize></query>"
    )


def _rbq(object_name: str, names: list[str]) -> str:
    return fn(
        f"<readByQuery><object>{object_name}</object><fields>{','.join(names)}</fields>"
        "<query></query><pagesize>1</pagesize></readByQuery>"
    )


def _assert_one_row_with(handle, object_name: str, names: list[str]) -> None:
    result = ok(call(handle, _query(object_name, names)))
    row = result.find("data")[0]
    assert [child.tag for child in row] == names
    # readByQuery from an entity (it sees the entity's records and the top level's).
    legacy = ok(call(handle, _rbq(object_name, names), auth=login_xml(handle, location="US")))
    data = legacy.find("data")
    assert int(data.get("count")) == 1, object_name
    record = data[0]
    for name in names:
        # Stored contact groups nest (DISPLAYCONTACT/EMAIL1); relationship fields stay flat.
        flat, nested = record.find(name), record.find(name.replace(".", "/"))
        assert flat is not None or nested is not None, f"{object_name}.{name}"


@pytest.mark.parametrize("object_name", shared_docs.params(documented_fields))
def test_every_documented_field_is_selectable(sandbox_server, object_name):
    names = documented_fields()[object_name]
    assert names
    _assert_one_row_with(sandbox_server, object_name, names)


@pytest.mark.parametrize("object_name", shared_docs.params(recorded_dotted_fields))
def test_every_recorded_dotted_field_is_listed_and_selectable(sandbox_server, object_name):
    dotted = recorded_dotted_fields()[object_name]
    lookup = ok(call(sandbox_server, fn(f"<lookup><object>{object_name}</object></lookup>")))
    listed = {item.text for item in lookup.iter("ID")}
    assert set(dotted) <= listed
    _assert_one_row_with(sandbox_server, object_name, dotted)


def test_dotted_fields_reach_related_records(sandbox_server):
    bill = sandbox_server.query_rows(
        'SELECT b."RECORDNO", t."DUEDATE", c."TAXID" FROM apbill b '
        'JOIN vendor v ON v."VENDORID" = b."VENDORID" JOIN apterm t ON t."NAME" = v."TERMNAME" '
        'LEFT JOIN contact c ON c."CONTACTNAME" = b."BILLTOPAYTOCONTACTNAME" LIMIT 1'
    )[0]
    filter_xml = (
        f"<filter><equalto><field>RECORDNO</field><value>{bill['RECORDNO']}</value></equalto>"
        "</filter>"
    )
    order = "<orderby><order><field>VENDOR.TERM.DUEDATE</field><descending/></order></orderby>"
    reply = call(
        sandbox_server,
        fn(
            "<query><object>APBILL</object><select><field>RECORDNO</field>"
            "<field>VENDOR.TERM.DUEDATE</field><field>PAYTO.TAXID</field></select>"
            f"{filter_xml}{order}<options><showprivate>true</showprivate></options></query>"
        ),
    )
    (row,) = rows(ok(reply))
    assert row["VENDOR.TERM.DUEDATE"] == str(bill["DUEDATE"])
    assert row["PAYTO.TAXID"] == (bill["TAXID"] or "")
    invoice = sandbox_server.query_rows(
        'SELECT i."RECORDNO", c."EMAIL1" FROM arinvoice i JOIN contact c '
        'ON c."CONTACTNAME" = i."BILLTOPAYTOCONTACTNAME" WHERE c."EMAIL1" IS NOT NULL '
        "AND i.\"MEGAENTITYID\" = 'US' LIMIT 1"
    )[0]
    legacy = call(
        sandbox_server,
        fn(
            "<readByQuery><object>ARINVOICE</object><fields>RECORDNO,BILLTO.EMAIL1</fields>"
            f"<query>BILLTO.EMAIL1 = '{invoice['EMAIL1']}' AND RECORDNO = {invoice['RECORDNO']}"
            "</query><pagesize>10</pagesize></readByQuery>"
        ),
        auth=login_xml(sandbox_server, location="US"),
    )
    record = ok(legacy).find("data/arinvoice")
    assert record.findtext("BILLTO.EMAIL1") == invoice["EMAIL1"]


def test_unknown_dotted_fields_still_fail(sandbox_server):
    reply = call(sandbox_server, _query("ARINVOICE", ["RECORDNO", "BILLTO.NOSUCHFIELD"]))
    assert reply.result().findtext("errormessage/error/errorno") == "DL02000001"


def test_production_client_field_lists(sandbox_server):
    lists = {
        "ARINVOICEITEM": ["RECORDNO", "ALLOCATIONKEY", "ALLOCATION", "SUBTOTAL", "REVRECTEMPLATE"],
        "CHECKINGACCOUNT": [
            "BANKACCOUNTID",
            "ROUTINGNO",
            "BRANCHID",
            "BANKACCOUNTTYPE",
            "DEPARTMENTID",
            "ACHBANKID",
            "COMPANYNAME",
            "DESCRIPTION",
        ],
        "SAVINGSACCOUNT": ["BANKACCOUNTID", "BANKACCOUNTNO", "GLACCOUNTNO", "CURRENCY"],
        "ITEM": ["ITEMID", "NAME", "ITEMTYPE", "STATUS"],
        "APBILLITEM": ["AMORTIZATIONTEMPLATEID", "AMORTIZATIONSTARTDATE", "AMORTIZATIONENDDATE"],
    }
    for object_name, names in lists.items():
        _assert_one_row_with(sandbox_server, object_name, names)
    items = {row["ITEMID"] for row in sandbox_server.query_rows('SELECT "ITEMID" FROM item')}
    lines = sandbox_server.query_rows('SELECT DISTINCT "ITEMID" FROM podocumententry')
    assert {row["ITEMID"] for row in lines} <= items


def test_apbill_rows_have_every_field_of_the_real_row(sandbox_server):
    expected = etree.parse(
        str(fixtures_dir() / "craibuc-PsIntacct" / "resp_readbyquery_apbill_full_row.xml")
    ).find("operation/result/data/apbill")
    reply = call(
        sandbox_server,
        fn(
            "<readByQuery><object>APBILL</object><fields>*</fields><query></query>"
            "<pagesize>1</pagesize></readByQuery>"
        ),
        auth=login_xml(sandbox_server, location="US"),
    )
    ours = ok(reply).find("data/apbill")
    tree = expected.getroottree()
    missing = [
        tree.getelementpath(element)
        for element in expected.iter()
        if element is not expected
        and ours.find(tree.getelementpath(element).split("/", 4)[-1]) is None
    ]
    assert missing == []


def test_prepaid_bill_lines_carry_their_amortization_template(sandbox_server):
    reply = call(
        sandbox_server,
        fn(
            "<query><object>APBILLITEM</object><select><field>RECORDKEY</field>"
            "<field>AMORTIZATIONTEMPLATEID</field><field>AMORTIZATIONSTARTDATE</field>"
            "<field>AMORTIZATIONENDDATE</field></select><filter><equalto>"
            "<field>AMORTIZATIONTEMPLATEID</field><value>PREPAID-12</value></equalto></filter>"
            "<options><showprivate>true</showprivate></options><pagesize>5</pagesize></query>"
        ),
    )
    found = rows(ok(reply))
    assert found
    for row in found:
        start, end = row["AMORTIZATIONSTARTDATE"], row["AMORTIZATIONENDDATE"]
        assert int(end[-4:]) == int(start[-4:]) + 1 or end[-4:] == start[-4:]
        assert (end[-4:], end[:5]) > (start[-4:], start[:5])
