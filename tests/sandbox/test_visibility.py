"""Entity visibility of readByQuery/readMore, read/readByName and of line objects (issue 10)."""

from __future__ import annotations

import pytest

from .helpers import call, fn, ok, rows, session_for

# Line/detail object -> (key column, header table) pairs; the first set key decides.
LINES = {
    "ARINVOICEITEM": (("RECORDKEY", "arinvoice"),),
    "ARADJUSTMENTITEM": (("RECORDKEY", "aradjustment"),),
    "ARPYMTDETAIL": (("PAYMENTKEY", "arpymt"), ("ADJUSTMENTKEY", "aradjustment")),
    "APBILLITEM": (("RECORDKEY", "apbill"),),
    "APADJUSTMENTITEM": (("RECORDKEY", "apadjustment"),),
    "APPYMTDETAIL": (("PAYMENTKEY", "appymt"), ("ADJUSTMENTKEY", "apadjustment")),
    "PODOCUMENTENTRY": (("DOCHDRNO", "podocument"),),
}


def rbq(object_name: str, fields: str = "RECORDNO", query: str = "", size: int = 1000) -> str:
    return fn(
        f"<readByQuery><object>{object_name}</object><fields>{fields}</fields>"
        f"<query>{query}</query><pagesize>{size}</pagesize></readByQuery>"
    )


def query(object_name: str, showprivate: bool) -> str:
    options = "<options><showprivate>true</showprivate></options>" if showprivate else ""
    return fn(
        f"<query><object>{object_name}</object><select><field>RECORDNO</field></select>"
        f"{options}<pagesize>1</pagesize></query>"
    )


def total(reply) -> int:
    return int(ok(reply).find("data").get("totalcount"))


def count(handle, sql: str, params: tuple = ()) -> int:
    return int(handle.query_rows(sql, params)[0]["n"])


def test_top_level_readbyquery_sees_only_records_of_no_entity(sandbox_server):
    top = count(sandbox_server, 'SELECT COUNT(*) AS n FROM customer WHERE "MEGAENTITYID" IS NULL')
    everything = count(sandbox_server, "SELECT COUNT(*) AS n FROM customer")
    assert 0 < top < everything
    reply = call(sandbox_server, rbq("CUSTOMER", "RECORDNO,MEGAENTITYID"))
    assert total(reply) == top
    assert {row["MEGAENTITYID"] for row in rows(ok(reply))} == {""}
    assert total(call(sandbox_server, query("CUSTOMER", showprivate=False))) == top
    assert total(call(sandbox_server, query("CUSTOMER", showprivate=True))) == everything


def test_readmore_pages_stay_at_the_top_level(sandbox_server):
    session, _ = session_for(sandbox_server)
    first = ok(
        call(sandbox_server, rbq("CUSTOMER", "RECORDNO,MEGAENTITYID", size=5), session=session)
    )
    result_id = first.find("data").get("resultId")
    assert result_id
    more = ok(
        call(
            sandbox_server,
            fn(f"<readMore><resultId>{result_id}</resultId></readMore>"),
            session=session,
        )
    )
    assert rows(more)
    assert {row["MEGAENTITYID"] for row in rows(first) + rows(more)} == {""}


def test_read_and_read_by_name_follow_the_readbyquery_rule(sandbox_server):
    private = sandbox_server.query_rows(
        'SELECT "RECORDNO", "CUSTOMERID" FROM customer WHERE "MEGAENTITYID" = \'US\' LIMIT 1'
    )[0]
    shared = sandbox_server.query_rows(
        'SELECT "RECORDNO", "CUSTOMERID" FROM customer WHERE "MEGAENTITYID" IS NULL LIMIT 1'
    )[0]
    keys = f"{private['RECORDNO']},{shared['RECORDNO']}"
    names = f"{private['CUSTOMERID']},{shared['CUSTOMERID']}"
    read = fn(f"<read><object>CUSTOMER</object><keys>{keys}</keys><fields>*</fields></read>")
    by_name = fn(
        f"<readByName><object>CUSTOMER</object><keys>{names}</keys><fields>*</fields></readByName>"
    )
    for function in (read, by_name):
        top = rows(ok(call(sandbox_server, function)))
        assert [row["CUSTOMERID"] for row in top] == [shared["CUSTOMERID"]]
        session, _ = session_for(sandbox_server, "US")
        entity = rows(ok(call(sandbox_server, function, session=session)))
        assert {row["CUSTOMERID"] for row in entity} == {
            private["CUSTOMERID"],
            shared["CUSTOMERID"],
        }


def _visible_lines(handle, object_name: str, entity: str | None, showprivate: bool) -> int:
    table = object_name.lower()
    if entity is None and showprivate:
        return count(handle, f"SELECT COUNT(*) AS n FROM {table}")
    branches, previous = [], []
    for key, header in LINES[object_name]:
        visible = 'h."MEGAENTITYID" IS NULL'
        if entity:
            visible = f'(h."MEGAENTITYID" = \'{entity}\' OR h."MEGAENTITYID" IS NULL)'
        guard = " AND ".join([*previous, f'l."{key}" IS NOT NULL'])
        branches.append(
            f'({guard} AND EXISTS (SELECT 1 FROM {header} h WHERE h."RECORDNO" = l."{key}" '
            f"AND {visible}))"
        )
        previous.append(f'l."{key}" IS NULL')
    where = " OR ".join(branches)
    return count(handle, f"SELECT COUNT(*) AS n FROM {table} l WHERE {where}")


@pytest.mark.parametrize("object_name", sorted(LINES))
def test_lines_are_visible_exactly_where_their_header_is(sandbox_server, object_name):
    everything = count(sandbox_server, f"SELECT COUNT(*) AS n FROM {object_name.lower()}")
    assert everything > 0
    top = _visible_lines(sandbox_server, object_name, None, showprivate=False)
    assert top < everything
    assert total(call(sandbox_server, query(object_name, showprivate=False))) == top
    assert total(call(sandbox_server, rbq(object_name, size=1))) == top
    assert total(call(sandbox_server, query(object_name, showprivate=True))) == everything
    session, _ = session_for(sandbox_server, "US")
    us = _visible_lines(sandbox_server, object_name, "US", showprivate=False)
    assert top <= us < everything
    assert total(call(sandbox_server, query(object_name, showprivate=False), session=session)) == us
    assert total(call(sandbox_server, rbq(object_name, size=1), session=session)) == us


def test_us_session_sees_no_uk_invoice_lines(sandbox_server):
    session, _ = session_for(sandbox_server, "US")
    reply = call(
        sandbox_server,
        fn(
            "<query><object>ARINVOICEITEM</object><select><field>RECORDKEY</field></select>"
            "<pagesize>2000</pagesize></query>"
        ),
        session=session,
    )
    keys = {int(row["RECORDKEY"]) for row in rows(ok(reply))}
    assert keys
    foreign = sandbox_server.query_rows(
        "SELECT \"RECORDNO\" FROM arinvoice WHERE \"MEGAENTITYID\" IN ('UK', 'CA')"
    )
    assert not keys & {row["RECORDNO"] for row in foreign}
