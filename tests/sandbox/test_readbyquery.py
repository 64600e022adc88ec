"""readByQuery and readMore over HTTP against the shared seeded sandbox."""

from __future__ import annotations

import pytest

from .helpers import call, errors, fn, login_xml, ok, rows

# readByQuery at the top level sees only records of no entity; these tests read the seeded
# history from the US entity, which sees its own records and the top level's.
US_SCOPE = '("MEGAENTITYID" = \'US\' OR "MEGAENTITYID" IS NULL)'


def us(handle) -> dict[str, str]:
    """Authentication options for a US entity login."""
    return {"auth": login_xml(handle, location="US")}


def rbq(object_name: str, query: str = "", fields: str = "*", pagesize: int = 100) -> str:
    query = query.replace("&", "&amp;").replace("<", "&lt;")
    return fn(
        f"<readByQuery><object>{object_name}</object><fields>{fields}</fields>"
        f"<query>{query}</query><pagesize>{pagesize}</pagesize></readByQuery>"
    )


def test_pages_with_result_id_to_an_odd_last_page(sandbox_server):
    expected = sandbox_server.query_rows(
        f'SELECT "RECORDNO" FROM arinvoice WHERE {US_SCOPE} ORDER BY 1'
    )
    seen = []
    result = ok(
        call(
            sandbox_server,
            rbq("ARINVOICE", fields="RECORDNO,STATE", pagesize=64),
            **us(sandbox_server),
        )
    )
    data = result.find("data")
    assert data.get("listtype") == "arinvoice"
    assert int(data.get("totalcount")) == len(expected)
    pages = 1
    while True:
        assert all(row.tag == "arinvoice" for row in data)
        seen.extend(int(row.findtext("RECORDNO")) for row in data)
        remaining = int(data.get("numremaining"))
        assert remaining == len(expected) - len(seen)
        if remaining == 0:
            assert data.get("resultId") == ""
            break
        more = fn(f"<readMore><resultId>{data.get('resultId')}</resultId></readMore>")
        data = ok(call(sandbox_server, more, **us(sandbox_server))).find("data")
        pages += 1
    assert len(expected) % 64 != 0, "the seeded size should give an odd last page"
    assert int(data.get("count")) == len(expected) % 64
    assert seen == [row["RECORDNO"] for row in expected]
    assert pages == -(-len(expected) // 64)


def test_zero_rows_shape(sandbox_server):
    data = ok(call(sandbox_server, rbq("CUSTOMER", "CUSTOMERID = 'NOPE'"))).find("data")
    assert dict(data.attrib) == {
        "listtype": "customer",
        "count": "0",
        "totalcount": "0",
        "numremaining": "0",
        "resultId": "",
    }
    assert len(data) == 0


def test_read_more_with_unknown_result_id_fails(sandbox_server):
    reply = call(sandbox_server, fn("<readMore><resultId>nope</resultId></readMore>"))
    assert reply.result().findtext("status") == "failure"
    assert errors(reply.result()) == ["DL02000001"]


@pytest.mark.parametrize(
    ("query", "sql", "params"),
    [
        ("STATUS = 'T'", "\"STATUS\" = 'active'", ()),
        ("STATUS = 'F'", "\"STATUS\" = 'inactive'", ()),
        (
            "STATUS = 'inactive' OR ONHOLD = 'T'",
            "\"STATUS\" = 'inactive' OR \"ONHOLD\" = 'true'",
            (),
        ),
        ("NOT STATUS = 'T'", "NOT \"STATUS\" = 'active'", ()),
        ("CUSTOMERID IN ('C-00001','C-00003')", "\"CUSTOMERID\" IN ('C-00001','C-00003')", ()),
        ("CUSTOMERID NOT IN ('C-00001')", "\"CUSTOMERID\" NOT IN ('C-00001')", ()),
        ("NAME LIKE '%&%'", "\"NAME\" LIKE '%&%'", ()),
        ("NAME NOT LIKE '%Café%'", "\"NAME\" NOT LIKE '%Café%'", ()),
        ("PARENTID IS NULL", '"PARENTID" IS NULL', ()),
        (
            "CREDITLIMIT >= 25000 AND (STATUS = 'T')",
            '"CREDITLIMIT" >= 25000 AND "STATUS" = \'active\'',
            (),
        ),
        ("WHENMODIFIED >= '01/01/2026 00:00:00'", "\"WHENMODIFIED\" >= '2026-01-01 00:00:00'", ()),
    ],
)
def test_query_language_matches_sql(sandbox_server, query, sql, params):
    expected = sandbox_server.query_rows(
        f'SELECT "RECORDNO" FROM customer WHERE ({sql}) AND "MEGAENTITYID" IS NULL ORDER BY 1'
    )
    result = ok(call(sandbox_server, rbq("CUSTOMER", query, "RECORDNO", 1000)))
    got = [int(row["RECORDNO"]) for row in rows(result)]
    assert got == [row["RECORDNO"] for row in expected]
    assert got, f"query {query!r} should match seeded customers"


def test_escaped_apostrophe_literal(sandbox_server):
    target = sandbox_server.query_rows(
        'SELECT "RECORDNO", "LASTNAME" FROM contact WHERE "LASTNAME" LIKE \'%\'\'%\' LIMIT 1'
    )[0]
    literal = target["LASTNAME"].replace("'", "\\'")
    result = ok(
        call(sandbox_server, rbq("CONTACT", f"LASTNAME = '{literal}'", "RECORDNO,LASTNAME"))
    )
    assert target["LASTNAME"] in {row["LASTNAME"] for row in rows(result)}


def test_state_database_characters(sandbox_server):
    posted = ok(
        call(
            sandbox_server,
            rbq("ARINVOICE", "STATE = 'A'", "RECORDNO,STATE,RAWSTATE", 1000),
            **us(sandbox_server),
        )
    )
    found = rows(posted)
    assert found and {row["STATE"] for row in found} == {"Posted"}
    assert {row["RAWSTATE"] for row in found} == {"A"}
    words = ok(
        call(
            sandbox_server,
            rbq("ARINVOICE", "STATE = 'Posted'", "RECORDNO", 1000),
            **us(sandbox_server),
        )
    )
    assert len(rows(words)) == len(found)


def test_lowercase_rows_with_nested_contact(sandbox_server):
    result = ok(call(sandbox_server, rbq("CUSTOMER", "CUSTOMERID = 'C-00001'")))
    row = result.find("data/customer")
    assert row.findtext("CUSTOMERID") == "C-00001"
    assert row.find("DISPLAYCONTACT/EMAIL1").text.endswith("@example.com")
    assert row.find("CUSTOMER_TIER").text in {"Gold", "Silver", "Bronze"}
    assert row.find("PARENTID").text is None  # empty element


@pytest.mark.parametrize(
    "query",
    [
        "WHENMODIFIED >= '2026-01-01'",
        "NOSUCHFIELD = 'x'",
        "STATUS = 'T' ORDER BY NAME",
        "STATUS = ",
        "(STATUS = 'T'",
    ],
)
def test_bad_queries_fail_with_dl02000001(sandbox_server, query):
    reply = call(sandbox_server, rbq("CUSTOMER", query))
    assert reply.result().findtext("status") == "failure"
    assert errors(reply.result()) == ["DL02000001"]


def test_unknown_field_in_list_fails(sandbox_server):
    reply = call(sandbox_server, rbq("CUSTOMER", "", "RECORDNO,NOPE"))
    assert errors(reply.result()) == ["DL02000001"]


def test_unknown_object_fails_like_the_gateway(sandbox_server):
    reply = call(sandbox_server, rbq("VENDOR9"))
    result = reply.result()
    assert result.findtext("status") == "failure"
    assert errors(result) == ["Query Failed"]
    assert (
        result.findtext("errormessage/error/description2") == "Object definition VENDOR9 not found"
    )


def test_pagesize_is_capped_at_1000(make_sandbox):
    handle = make_sandbox(scale=1800, seed=3)
    data = ok(call(handle, rbq("ARINVOICE", "", "RECORDNO", 5000), **us(handle))).find("data")
    assert int(data.get("count")) == 1000
    assert int(data.get("numremaining")) == int(data.get("totalcount")) - 1000
