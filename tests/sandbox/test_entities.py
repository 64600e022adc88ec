"""Multi-entity behaviour: entity sessions, top-level visibility, MEGAENTITY fields."""

from __future__ import annotations

from .helpers import call, errors, fn, login_xml, ok, rows, session_for


def rbq(object_name: str, query: str = "", fields: str = "RECORDNO,MEGAENTITYID") -> str:
    return fn(
        f"<readByQuery><object>{object_name}</object><fields>{fields}</fields>"
        f"<query>{query}</query><pagesize>1000</pagesize></readByQuery>"
    )


def test_entity_session_sees_own_and_shared_records(sandbox_server):
    session, endpoint = session_for(sandbox_server, "CA")
    assert endpoint == sandbox_server.gateway_url
    reply = call(sandbox_server, rbq("CUSTOMER"), session=session)
    auth = reply.root.find("operation/authentication")
    assert auth.findtext("locationid") == "CA"
    seen = {row["MEGAENTITYID"] for row in rows(ok(reply))}
    assert seen <= {"", "CA"}
    expected = sandbox_server.query_rows(
        'SELECT COUNT(*) AS n FROM customer WHERE "MEGAENTITYID" IS NULL OR "MEGAENTITYID" = \'CA\''
    )[0]["n"]
    assert int(ok(reply).find("data").get("totalcount")) == expected


def test_login_with_locationid_scopes_the_request(sandbox_server):
    auth = login_xml(sandbox_server, location="US")
    reply = call(sandbox_server, rbq("ARINVOICE"), auth=auth)
    assert {row["MEGAENTITYID"] for row in rows(ok(reply))} == {"US"}


def test_unknown_entity_is_refused(sandbox_server):
    reply = call(
        sandbox_server, fn("<getAPISession/>"), auth=login_xml(sandbox_server, location="XX")
    )
    assert reply.root.findtext("operation/authentication/status") == "failure"
    answer = call(sandbox_server, fn("<getAPISession><locationid>XX</locationid></getAPISession>"))
    assert answer.result().findtext("status") == "failure"


def test_entity_session_cannot_pay_another_entitys_invoice(sandbox):
    invoice = sandbox.query_rows(
        'SELECT "RECORDNO", "CUSTOMERID" FROM arinvoice WHERE "MEGAENTITYID"=\'US\' AND '
        '"STATE"=\'Posted\' AND "TOTALDUE" > 0 LIMIT 1'
    )[0]
    session, _ = session_for(sandbox, "UK")
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>HSBC-GBP"
        f"</FINANCIALENTITY><CUSTOMERID>{invoice['CUSTOMERID']}</CUSTOMERID><RECEIPTDATE>"
        "11/03/2026</RECEIPTDATE><ARPYMTDETAILS><ARPYMTDETAIL><RECORDKEY>"
        f"{invoice['RECORDNO']}</RECORDKEY><TRX_PAYMENTAMOUNT>1</TRX_PAYMENTAMOUNT>"
        "</ARPYMTDETAIL></ARPYMTDETAILS></ARPYMT></create>"
    )
    result = call(sandbox, fn(body), session=session).result()
    assert result.findtext("status") == "failure"
    assert "not visible from entity UK" in result.findtext("errormessage/error/description2")
    assert errors(result)[-1] == "BL01001973"


def test_read_more_by_object_and_sales_documents_by_docparid(sandbox_server):
    session, _ = session_for(sandbox_server, "US")
    first = ok(
        call(
            sandbox_server,
            fn(
                "<readByQuery><object>ARPYMT</object><fields>RECORDNO"
                "</fields><query></query><pagesize>10</pagesize>"
                "</readByQuery>"
            ),
            session=session,
        )
    )
    more = ok(
        call(sandbox_server, fn("<readMore><object>ARPYMT</object></readMore>"), session=session)
    )
    first_ids = {row["RECORDNO"] for row in rows(first)}
    next_ids = {row["RECORDNO"] for row in rows(more)}
    assert next_ids and not first_ids & next_ids
    docs = ok(
        call(
            sandbox_server,
            fn(
                "<query><object>SODOCUMENT</object><select><field>DOCID</field>"
                "<field>DOCPARID</field></select><docparid>Sales Invoice</docparid>"
                "<options><showprivate>true</showprivate></options></query>"
            ),
        )
    )
    assert {row["DOCPARID"] for row in rows(docs)} == {"Sales Invoice"}
