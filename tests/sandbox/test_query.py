"""The newer query function, read, readByName, lookup and inspect."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from .helpers import call, errors, fn, ok, rows, session_for


def query(
    object_name: str,
    select: str,
    filter_xml: str = "",
    order: str = "",
    pagesize: int | None = None,
    offset: int | None = None,
    options: str = "<showprivate>true</showprivate>",
) -> str:
    parts = [f"<object>{object_name}</object><select>{select}</select>"]
    if filter_xml:
        parts.append(f"<filter>{filter_xml}</filter>")
    if order:
        parts.append(f"<orderby>{order}</orderby>")
    if options:
        parts.append(f"<options>{options}</options>")
    if pagesize is not None:
        parts.append(f"<pagesize>{pagesize}</pagesize>")
    if offset is not None:
        parts.append(f"<offset>{offset}</offset>")
    return fn(f"<query>{''.join(parts)}</query>")


def field(name: str) -> str:
    return f"<field>{name}</field>"


def test_offset_paging_to_the_last_page(sandbox_server):
    expected = sandbox_server.query_rows(
        'SELECT "RECORDNO" FROM arinvoice ORDER BY "WHENMODIFIED", "RECORDNO"'
    )
    order = (
        "<order><field>WHENMODIFIED</field><ascending/></order>"
        "<order><field>RECORDNO</field><ascending/></order>"
    )
    seen: list[int] = []
    offset = 0
    while True:
        data = ok(
            call(
                sandbox_server,
                query("ARINVOICE", field("RECORDNO"), order=order, pagesize=70, offset=offset),
            )
        ).find("data")
        assert data.get("listtype") == "ARINVOICE"
        assert "resultId" not in data.attrib
        assert int(data.get("offset")) == offset
        assert int(data.get("totalcount")) == len(expected)
        seen.extend(int(row.findtext("RECORDNO")) for row in data)
        assert int(data.get("numremaining")) == len(expected) - len(seen)
        if data.get("numremaining") == "0":
            break
        offset += 70
    assert seen == [row["RECORDNO"] for row in expected]
    assert int(data.get("count")) == len(expected) % 70


def test_offset_past_the_end_returns_zero_rows(sandbox_server):
    data = ok(call(sandbox_server, query("VENDOR", field("RECORDNO"), offset=100000))).find("data")
    assert data.get("count") == "0" and data.get("numremaining") == "0"


@pytest.mark.parametrize(
    ("filter_xml", "sql"),
    [
        ("<equalto><field>STATE</field><value>Paid</value></equalto>", "\"STATE\" = 'Paid'"),
        ("<notequalto><field>STATE</field><value>Paid</value></notequalto>", "\"STATE\" != 'Paid'"),
        (
            "<lessthan><field>TOTALENTERED</field><value>100</value></lessthan>",
            '"TOTALENTERED" < 100',
        ),
        (
            "<lessthanorequalto><field>TOTALENTERED</field><value>100</value></lessthanorequalto>",
            '"TOTALENTERED" <= 100',
        ),
        ("<greaterthan><field>TOTALDUE</field><value>0</value></greaterthan>", '"TOTALDUE" > 0'),
        (
            "<greaterthanorequalto><field>WHENCREATED</field><value>06/01/2026</value>"
            "</greaterthanorequalto>",
            "\"WHENCREATED\" >= '2026-06-01'",
        ),
        (
            "<between><field>TOTALENTERED</field><value>100</value><value>2000</value></between>",
            '"TOTALENTERED" BETWEEN 100 AND 2000',
        ),
        (
            "<in><field>STATE</field><value>Posted</value><value>Partially Paid</value></in>",
            "\"STATE\" IN ('Posted', 'Partially Paid')",
        ),
        ("<notin><field>STATE</field><value>Paid</value></notin>", "\"STATE\" NOT IN ('Paid')"),
        ("<like><field>RECORDID</field><value>SI-%</value></like>", "\"RECORDID\" LIKE 'SI-%'"),
        (
            "<notlike><field>RECORDID</field><value>INV-%</value></notlike>",
            "\"RECORDID\" NOT LIKE 'INV-%'",
        ),
        ("<isnull><field>WHENPAID</field></isnull>", '"WHENPAID" IS NULL'),
        ("<isnotnull><field>SUPDOCID</field></isnotnull>", '"SUPDOCID" IS NOT NULL'),
        (
            "<or><equalto><field>STATE</field><value>Draft</value></equalto><and>"
            "<equalto><field>CURRENCY</field><value>GBP</value></equalto>"
            "<greaterthan><field>TOTALDUE</field><value>0</value></greaterthan></and></or>",
            '"STATE" = \'Draft\' OR ("CURRENCY" = \'GBP\' AND "TOTALDUE" > 0)',
        ),
    ],
)
def test_filter_operators(sandbox_server, filter_xml, sql):
    expected = sandbox_server.query_rows(f'SELECT "RECORDNO" FROM arinvoice WHERE {sql} ORDER BY 1')
    order = "<order><field>RECORDNO</field><ascending/></order>"
    data = ok(
        call(
            sandbox_server, query("ARINVOICE", field("RECORDNO"), filter_xml, order, pagesize=2000)
        )
    ).find("data")
    got = [int(row.findtext("RECORDNO")) for row in data]
    assert got == [row["RECORDNO"] for row in expected]
    assert got


def test_dotted_related_fields_and_descending_order(sandbox_server):
    select = (
        field("RECORDNO")
        + field("CUSTOMERID")
        + field("CUSTOMER.NAME")
        + field("CUSTOMER.CUSTOMER_TIER")
    )
    order = "<order><field>RECORDNO</field><descending/></order>"
    data = ok(call(sandbox_server, query("ARINVOICE", select, order=order, pagesize=5))).find(
        "data"
    )
    first = data[0]
    assert [child.tag for child in first] == [
        "RECORDNO",
        "CUSTOMERID",
        "CUSTOMER.NAME",
        "CUSTOMER.CUSTOMER_TIER",
    ]
    customer = sandbox_server.query_rows(
        'SELECT "NAME" FROM customer WHERE "CUSTOMERID" = ?', (first.findtext("CUSTOMERID"),)
    )[0]
    assert first.findtext("CUSTOMER.NAME") == customer["NAME"]
    numbers = [int(row.findtext("RECORDNO")) for row in data]
    assert numbers == sorted(numbers, reverse=True)


def test_aggregates_group_by_selected_fields(sandbox_server):
    select = (
        field("STATE")
        + "<count><field>RECORDNO</field></count>"
        + ("<sum><field>TOTALDUE</field></sum>")
    )
    order = "<order><field>STATE</field><ascending/></order>"
    data = ok(call(sandbox_server, query("ARINVOICE", select, order=order))).find("data")
    expected = sandbox_server.query_rows(
        'SELECT "STATE", COUNT("RECORDNO") AS n FROM arinvoice GROUP BY 1 ORDER BY 1'
    )
    assert [(row.findtext("STATE"), int(row.findtext("COUNT.RECORDNO"))) for row in data] == [
        (row["STATE"], row["n"]) for row in expected
    ]
    assert data[0].find("SUM.TOTALDUE") is not None


def test_case_insensitive_option(sandbox_server):
    name = sandbox_server.query_rows('SELECT "NAME" FROM customer WHERE "RECORDNO" = 1')[0]["NAME"]
    value = escape(name.upper())
    filter_xml = f"<equalto><field>NAME</field><value>{value}</value></equalto>"
    plain = ok(call(sandbox_server, query("CUSTOMER", field("RECORDNO"), filter_xml)))
    assert plain.find("data").get("count") == "0"
    options = "<caseinsensitive>true</caseinsensitive><showprivate>true</showprivate>"
    folded = ok(
        call(sandbox_server, query("CUSTOMER", field("RECORDNO"), filter_xml, options=options))
    )
    assert [row["RECORDNO"] for row in rows(folded)] == ["1"]


def test_showprivate_at_top_level_and_entity_scoping(sandbox_server):
    total = len(sandbox_server.query_rows("SELECT 1 FROM arinvoice"))
    top_level_rows = len(
        sandbox_server.query_rows('SELECT 1 FROM arinvoice WHERE "MEGAENTITYID" IS NULL')
    )
    hidden = ok(call(sandbox_server, query("ARINVOICE", field("RECORDNO"), options="")))
    assert int(hidden.find("data").get("totalcount")) == top_level_rows
    shown = ok(call(sandbox_server, query("ARINVOICE", field("RECORDNO"))))
    assert int(shown.find("data").get("totalcount")) == total
    session, _ = session_for(sandbox_server, "UK")
    uk = ok(
        call(
            sandbox_server,
            query("ARINVOICE", field("RECORDNO") + field("MEGAENTITYID"), pagesize=2000),
            session=session,
        )
    )
    uk_rows = rows(uk)
    assert {row["MEGAENTITYID"] for row in uk_rows} == {"UK"}
    assert len(uk_rows) == len(
        sandbox_server.query_rows("SELECT 1 FROM arinvoice WHERE \"MEGAENTITYID\" = 'UK'")
    )


def test_select_star_and_unknown_fields_fail(sandbox_server):
    for select in (field("*"), field("NOPE"), field("CUSTOMER.NOPE"), field("PARENT.PARENT.NAME")):
        reply = call(sandbox_server, query("ARINVOICE", select))
        assert errors(reply.result()) == ["DL02000001"], select


def test_pagesize_capped_at_2000(make_sandbox):
    handle = make_sandbox(scale=2300, seed=5)
    data = ok(call(handle, query("ARINVOICE", field("RECORDNO"), pagesize=5000))).find("data")
    assert data.get("count") == "2000"


def test_read_and_read_by_name(sandbox_server):
    reply = call(
        sandbox_server,
        fn(
            "<read><object>VENDOR</object><keys>1,2,99999</keys><fields>RECORDNO,VENDORID</fields>"
            "</read>",
            "r1",
        ),
        fn(
            "<readByName><object>CUSTOMER</object><keys>C-00002</keys><fields>*</fields>"
            "</readByName>",
            "r2",
        ),
        fn("<read><object>CLASS</object><keys>1</keys><fields>Field1</fields></read>", "r3"),
    )
    vendors = ok(reply, 0).find("data")
    assert vendors.get("listtype") == "VENDOR" and vendors.get("count") == "2"
    assert [row.tag for row in vendors] == ["VENDOR", "VENDOR"]
    customer = ok(reply, 1).find("data/CUSTOMER")
    assert customer.findtext("CUSTOMERID") == "C-00002"
    assert errors(reply.result(2)) == ["DL02000001"]


def test_lookup_lists_custom_fields_and_relationships(sandbox_server):
    result = ok(call(sandbox_server, fn("<lookup><object>ARINVOICE</object></lookup>")))
    kind = result.find("data/Type")
    assert kind.get("Name") == "ARINVOICE"
    fields = {item.findtext("ID"): item for item in kind.iterfind("Fields/Field")}
    assert fields["SALES_CHANNEL"].findtext("ISCUSTOM") == "true"
    assert [v.text for v in fields["SALES_CHANNEL"].iterfind("VALIDVALUES/VALIDVALUE")] == [
        "Direct",
        "Partner",
        "Online",
    ]
    assert fields["RECORDNO"].findtext("ISCUSTOM") == "false"
    assert fields["CUSTOMERID"].findtext("REQUIRED") == "true"
    paths = {rel.findtext("OBJECTPATH") for rel in kind.iterfind("Relationships/Relationship")}
    assert "CUSTOMER" in paths


def test_inspect_shapes(sandbox_server):
    reply = call(
        sandbox_server,
        fn("<inspect><object>CUSTOMER</object></inspect>", "i0"),
        fn('<inspect detail="1"><object>APBILL</object></inspect>', "i1"),
    )
    names = [f.text for f in ok(reply, 0).iterfind("data/Type/Fields/Field")]
    assert "CUSTOMERID" in names and "CRM_ACCOUNT_ID" in names
    detailed = ok(reply, 1).find("data/Type/Fields/Field")
    assert detailed.findtext("Name") == "RECORDNO"
    assert detailed.findtext("isRequired") == "false"
