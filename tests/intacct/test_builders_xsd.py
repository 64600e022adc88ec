"""Requests built by the function builders validate against api.xsd; query matches §6.3."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

import pytest
from lxml import etree

from integrations.intacct import F, Secret
from integrations.intacct.envelope import LoginAuth, SessionAuth, build_request, serialize
from integrations.intacct.functions import (
    ApplyArPayment,
    Create,
    CreateApAdjustment,
    CreateArAdjustment,
    CreateArPayment,
    CreateInvoice,
    CreatePoTransaction,
    CreateSupdoc,
    Delete,
    GetAPISession,
    GetList,
    GetSupdoc,
    Inspect,
    Lookup,
    Query,
    Read,
    ReadByName,
    ReadByQuery,
    ReadMore,
    RetrievePdf,
    ReverseArPayment,
    SupdocFile,
    Update,
    UpdateInvoice,
    quote_literal,
)

from .shared import XSD, fixture_bytes, shared_path

LINE = {
    "glaccountno": "4000",
    "amount": Decimal("100.50"),
    "memo": "Tom & Jerry <3",
    "locationid": "US",
}


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_path(XSD))))


def envelope_for(function, *, session=True) -> etree._Element:
    auth = SessionAuth(Secret("sess..")) if session else LoginAuth("ws", "ACME", Secret("pw"), "E1")
    body = serialize(
        build_request(
            sender_id="sender",
            sender_password=Secret("pw"),
            controlid="req-1",
            auth=auth,
            functions=[function],
            uniqueid=function.writes,
        )
    )
    return etree.fromstring(body)


XSD_COVERED = {
    "readByQuery": ReadByQuery("ARINVOICE", ("RECORDNO", "TOTALDUE"), "CUSTOMERID = 'O\\'Brien'"),
    "readMore": ReadMore("7765623332WU1hh8"),
    "read": Read("CUSTOMER", (149, 150), ("*",), docparid="Sales Invoice"),
    "readByName": ReadByName("VENDOR", ("V1", "V2")),
    "inspect": Inspect("APBILL", detail=True),
    "getAPISession": GetAPISession("E100"),
    "getAPISession top level": GetAPISession(""),
    "create": Create(
        "CUSTOMER",
        {
            "CUSTOMERID": "C1",
            "NAME": "Ærø & <Sons> 'Ltd' \U0001f600",
            "DISPLAYCONTACT": {"PRINTAS": "Ærø", "EMAIL1": None, "MAILADDRESS": {"CITY": "Zürich"}},
            "ONHOLD": False,
        },
        controlid="cust-C1-v1",
    ),
    "update": Update("VENDOR", {"VENDORID": "V1", "CREDITLIMIT": Decimal("10.00")}, controlid="u1"),
    "delete": Delete("ARPYMT", [69, 70], controlid="d1"),
    "create_invoice": CreateInvoice(
        controlid="inv-1",
        invoiceitems=[LINE, {"accountlabel": "Sales", "amount": "5"}],
        customfields={"SYNC_ID": "abc"},
        description="Invoice & <stuff>",
        termname="N30",
        datecreated=date(2026, 1, 31),
        customerid="C1",
        currency="EUR",
        exchratetype="Intacct Daily Rate",
        basecurr="USD",
        datedue=date(2026, 3, 2),
        billto="Main contact",
        invoiceno="INV-1",
    ),
    "update_invoice": UpdateInvoice(
        controlid="inv-1:v2",
        key=3086,
        updateinvoiceitems=[{**LINE, "line_num": 1}, {"glaccountno": "4100", "amount": "2.50"}],
        description="Changed & <more>",
        datecreated=date(2026, 2, 1),
        invoiceno="INV-1B",
        customerid="C1",
        currency="EUR",
        exchratetype="Intacct Daily Rate",
        datedue=date(2026, 3, 3),
    ),
    "create_arpayment": CreateArPayment(
        controlid="pay-1",
        customerid="C1",
        paymentamount=Decimal("100.50"),
        bankaccountid="BOA",
        refid="CHK-1",
        datereceived=date(2026, 2, 1),
        paymentmethod="Printed Check",
        arpaymentitem=[{"invoicekey": 12, "amount": Decimal("100.50")}],
    ),
    "apply_arpayment": ApplyArPayment(
        controlid="apply-1",
        arpaymentkey=77,
        paymentdate=date(2026, 2, 2),
        memo="credit",
        arpaymentitems=[{"amount": "5", "invoicekey": 12}],
    ),
    "reverse_arpayment": ReverseArPayment(
        controlid="rev-1", key=77, datereversed=date(2026, 2, 3), description="bounced"
    ),
    "create_aradjustment": CreateArAdjustment(
        controlid="adj-1",
        customerid="C1",
        datecreated=date(2026, 2, 1),
        adjustmentno="CM-1",
        aradjustmentitems=[{"glaccountno": "4000", "amount": "-5.00"}],
    ),
    "create_apadjustment": CreateApAdjustment(
        controlid="apadj-1",
        vendorid="V1",
        datecreated=date(2026, 2, 1),
        customfields={"FEE": "true"},
        apadjustmentitems=[{"amount": "-2.00", "glaccountno": "6000"}],
    ),
    "create_potransaction": CreatePoTransaction(
        controlid="po-1",
        transactiontype="Purchase Order",
        datecreated=date(2026, 2, 1),
        vendorid="V1",
        datedue=date(2026, 3, 1),
        potransitems=[{"quantity": 2, "itemid": "WIDGET", "price": Decimal("9.99")}],
    ),
    "create_supdoc": CreateSupdoc(
        controlid="sd-1",
        supdocid="ATT-1",
        supdocfoldername="Invoices",
        supdocname="Scan",
        attachments=[SupdocFile("scan", "pdf", b"%PDF-1.4 \x00\xff")],
    ),
    "get supdoc": GetSupdoc("ATT-1"),
    "get_list": GetList("supdoc", expressions=(("supdocid", "=", "ATT-1"),), max_items=10),
}


@pytest.mark.parametrize("name", sorted(XSD_COVERED))
def test_request_validates_against_api_xsd(name):
    request = envelope_for(XSD_COVERED[name])
    assert schema().validate(request), schema().error_log.last_error


def test_login_envelope_validates_and_orders_children():
    request = envelope_for(GetAPISession("E1"), session=False)
    assert schema().validate(request), schema().error_log.last_error
    control = request.find("control")
    assert [c.tag for c in control] == [
        "senderid", "password", "controlid", "uniqueid", "dtdversion", "includewhitespace",
    ]  # fmt: skip
    login = request.find("operation/authentication/login")
    assert [c.tag for c in login] == ["userid", "companyid", "password", "locationid"]


def test_writes_send_uniqueid_true_and_reads_false():
    assert envelope_for(XSD_COVERED["create"]).findtext("control/uniqueid") == "true"
    assert envelope_for(XSD_COVERED["read"]).findtext("control/uniqueid") == "false"


def test_legacy_children_follow_xsd_order_whatever_the_keyword_order():
    invoice = XSD_COVERED["create_invoice"].payload()
    assert [c.tag for c in invoice] == [
        "customerid", "datecreated", "datedue", "termname", "invoiceno", "description", "billto",
        "basecurr", "currency", "exchratetype", "customfields", "invoiceitems",
    ]  # fmt: skip
    assert [c.tag for c in invoice.find("datecreated")] == ["year", "month", "day"]
    assert invoice.findtext("datedue/month") == "03"
    first_line = invoice.find("invoiceitems/lineitem")
    assert [c.tag for c in first_line] == ["glaccountno", "amount", "memo", "locationid"]


def test_metacharacters_and_emoji_survive_the_round_trip():
    body = serialize(
        build_request(
            sender_id="s",
            sender_password=Secret("p"),
            controlid="c",
            auth=SessionAuth(Secret("x")),
            functions=[XSD_COVERED["create"]],
        )
    )
    assert b"&amp; &lt;Sons&gt;" in body
    parsed = etree.fromstring(body)
    assert parsed.findtext(".//NAME") == "Ærø & <Sons> 'Ltd' \U0001f600"
    assert parsed.find(".//EMAIL1").text is None


def test_supdoc_attachment_is_base64():
    node = XSD_COVERED["create_supdoc"].payload()
    assert node.findtext("attachments/attachment/attachmentdata") == "JVBERi0xLjQgAP8="


def test_readbyquery_literal_quoting():
    assert quote_literal("Erin's \\ shop") == "'Erin\\'s \\\\ shop'"
    node = XSD_COVERED["readByQuery"].payload()
    assert node.findtext("query") == "CUSTOMERID = 'O\\'Brien'"
    assert node.findtext("pagesize") == "1000"


def _canonical(element: etree._Element) -> list[str]:
    return [f"{e.tag}={(e.text or '').strip()}" for e in element.iter() if isinstance(e.tag, str)]


@pytest.mark.parametrize(
    ("fixture", "function"),
    [
        (
            "intacct-sdk-php/req_fn_readmore.xml",
            ReadMore("6465763031VyprCMCoHYQAAGr@aRsAAAAU4", controlid="unittest"),
        ),
        (
            "intacct-sdk-php/req_fn_getapisession_entity.xml",
            GetAPISession("100", controlid="unittest"),
        ),
        (
            "intacct-sdk-php/req_fn_inspect_detail.xml",
            Inspect("APBILL", detail=True, controlid="unittest"),
        ),
    ],
)
def test_builder_output_equals_sdk_fixture(fixture, function):
    parser = etree.XMLParser(remove_blank_text=True)
    expected = etree.fromstring(fixture_bytes(fixture), parser)
    assert _canonical(function.to_element()) == _canonical(expected)
    assert function.to_element().attrib == expected.attrib


def test_query_matches_protocol_6_3_structure():
    query = Query(
        "APBILL",
        ("RECORDNO", "VENDORID", "VENDOR.CREDITLIMIT"),
        filter=F.and_(
            F.greater_than_or_equal("WHENMODIFIED", "05/01/2024 00:00:00"),
            F.in_("STATE", ["Posted", "Partially Paid"]),
        ),
        order_by=(("RECORDNO", "ascending"),),
        page_size=2000,
        offset=4000,
        docparid="PO Receiver",
    ).payload()
    assert [c.tag for c in query] == [
        "object", "select", "filter", "orderby", "options", "pagesize", "offset", "docparid",
    ]  # fmt: skip
    assert [f.text for f in query.find("select")] == ["RECORDNO", "VENDORID", "VENDOR.CREDITLIMIT"]
    (top,) = query.find("filter")
    assert top.tag == "and"
    assert [c.tag for c in top] == ["greaterthanorequalto", "in"]
    assert [v.text for v in top[1].findall("value")] == ["Posted", "Partially Paid"]
    order = query.find("orderby/order")
    assert order.findtext("field") == "RECORDNO" and order.find("ascending") is not None
    assert query.findtext("options/showprivate") == "true"
    assert query.findtext("options/caseinsensitive") == "false"
    # offset inside <query>, never outside (the fylein bug)
    assert query.findtext("offset") == "4000"


def test_query_nested_filter_matches_sdk_fixture():
    built = F.or_(
        F.equal("JOURNAL", "APJ"),
        F.and_(F.greater_than_or_equal("BATCHNO", 1), F.equal("STATE", "Posted")),
    ).to_element()
    parser = etree.XMLParser(remove_blank_text=True)
    fixture = etree.fromstring(
        fixture_bytes("intacct-sdk-php/req_fn_query_nested_filter.xml"), parser
    )
    assert _canonical(built) == _canonical(fixture.find("query/filter")[0])


def test_every_filter_operator_builds():
    ops = [
        F.equal("A", 1), F.not_equal("A", 1), F.less_than("A", 1), F.less_than_or_equal("A", 1),
        F.greater_than("A", 1), F.greater_than_or_equal("A", 1), F.between("A", 1, 2),
        F.in_("A", [1, 2]), F.not_in("A", ["x"]), F.like("A", "x%"), F.not_like("A", "x%"),
        F.is_null("A"), F.is_not_null("A"),
    ]  # fmt: skip
    tags = [op.to_element().tag for op in ops]
    assert tags == [
        "equalto", "notequalto", "lessthan", "lessthanorequalto", "greaterthan",
        "greaterthanorequalto", "between", "in", "notin", "like", "notlike", "isnull",
        "isnotnull",
    ]  # fmt: skip
    assert F.is_null("A").to_element().find("value") is None
    assert F.equal("D", date(2024, 5, 1)).to_element().findtext("value") == "05/01/2024"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Query("X", ("*",)), "'\\*'"),
        (lambda: Query("X", ("A",), page_size=2001), "page_size"),
        (lambda: Query("X", ("A",), offset=-1), "offset"),
        (lambda: ReadByQuery("X", page_size=1001), "page_size"),
        (lambda: Read("X", list(range(101))), "100"),
        (lambda: Create("X", {"A": 1.5}, controlid="c").to_element(), "float"),
        (lambda: Create("X", {}, controlid="c"), "non-empty"),
        (lambda: Create("X", {"A": 1}, controlid=""), "controlid"),
        (lambda: CreateInvoice(controlid="c", customerid="C"), "missing"),
        (lambda: CreateInvoice(controlid="c", bogus=1), "unknown|missing"),
        (lambda: F.in_("A", []), "1 to 1000"),
        (lambda: F.and_(), "at least one"),
        (lambda: F.equal("", 1), "field"),
    ],
)
def test_bad_arguments_get_clear_errors(build, message):
    with pytest.raises((ValueError, TypeError), match=message):
        build()


def test_schema_check_can_fail_on_a_wrong_order():
    request = envelope_for(XSD_COVERED["create_invoice"])
    invoice = request.find(".//create_invoice")
    invoice.insert(0, invoice.find("datecreated"))  # datecreated before customerid
    assert not schema().validate(request)


@pytest.mark.parametrize(
    "function",
    [Query("ARINVOICE", ("RECORDNO",)), Lookup("ARINVOICE"), RetrievePdf(3086)],
    ids=lambda f: f.function_name,
)
def test_functions_left_out_are_the_ones_api_xsd_does_not_know(function):
    # query, lookup and retrievepdf are newer than the 2019 schema; everything else is checked.
    assert not schema().validate(envelope_for(function))
    assert f'ref="{function.function_name}"' not in shared_path(XSD).read_text()


def test_every_builder_is_checked_or_known_to_be_outside_the_schema():
    from integrations.intacct import functions

    names = {cls.function_name for cls in map(functions.__dict__.get, functions.__all__)
             if isinstance(cls, type) and issubclass(cls, functions.Function)
             and cls not in (functions.Function, functions.LegacyFunction)}  # fmt: skip
    checked = {f.function_name for f in XSD_COVERED.values()}
    assert names - checked == {"query", "lookup", "retrievepdf"}
