"""Every resp_* fixture parses to the right outcome or error class (one row per fixture)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrations.intacct import (
    FunctionError,
    ProtocolError,
    SenderCredentialsError,
    UserCredentialsError,
)
from integrations.intacct.checks import read_failure
from integrations.intacct.parser import envelope_error, parse_response

from .shared import FIXTURES, fixture_bytes, shared_path

LIMIT = 10_000_000

# fixture -> envelope error class, or the per-result (function, status, rows, key) tuples.
EXPECTED: dict[str, type[Exception] | list[tuple[str, str, int, str | None]]] = {
    "craibuc-PsIntacct/resp_create_customer_failure_BL03000018.xml": [
        ("create", "failure", 0, None)
    ],
    "craibuc-PsIntacct/resp_create_customer_failure_BL34000061.xml": [
        ("create", "success", 1, None)
    ],
    "craibuc-PsIntacct/resp_create_failure_duplicate_account.xml": [("", "failure", 0, None)],
    "craibuc-PsIntacct/resp_create_supdoc_key.xml": [("create_supdoc", "success", 0, "35")],
    "craibuc-PsIntacct/resp_create_vendor_success.xml": [("create", "success", 1, None)],
    "craibuc-PsIntacct/resp_delete_failure_key_not_found.xml": [("delete", "failure", 0, None)],
    "craibuc-PsIntacct/resp_delete_failure_object_not_found_WS.xml": [
        ("delete", "failure", 0, None)
    ],
    "craibuc-PsIntacct/resp_get_list_supdoc.xml": [("get_list", "success", 2, None)],
    "craibuc-PsIntacct/resp_getapisession_12h_timeout.xml": [("getAPISession", "success", 1, None)],
    "craibuc-PsIntacct/resp_inspect_employee.xml": [("inspect", "success", 1, None)],
    "craibuc-PsIntacct/resp_query_failure_DL02000001.xml": [("", "failure", 0, None)],
    "craibuc-PsIntacct/resp_readbyquery_apbill_full_row.xml": [("readByQuery", "success", 1, None)],
    "developer-intacct-docs/resp_create_failure_showadditionalerrorinfo.xml": [
        ("create", "failure", 0, None)
    ],
    "developer-intacct-docs/resp_query_vendor_offset_shape.xml": [("query", "success", 2, None)],
    "intacct-sdk-php/resp_auth_failure_XL03000006.xml": UserCredentialsError,
    "intacct-sdk-php/resp_control_failure_PL04000055_demo_expired.xml": SenderCredentialsError,
    "intacct-sdk-php/resp_control_failure_XL03000006.xml": SenderCredentialsError,
    "intacct-sdk-php/resp_getapisession_entity_session.xml": [("getSession", "success", 1, None)],
    "intacct-sdk-php/resp_getapisession_success.xml": [("getAPISession", "success", 1, None)],
    "intacct-sdk-php/resp_http401_XMLGW_JPP0002.xml": UserCredentialsError,
    "intacct-sdk-php/resp_legacy_create_key.xml": [("create_class", "success", 0, "C1234")],
    "intacct-sdk-php/resp_legacy_get_list_class.xml": [("get_list", "success", 2, None)],
    "intacct-sdk-php/resp_multi_result_mixed_functions.xml": [
        ("test1", "success", 1, None),
        ("get_list", "success", 1, None),
        ("readByQuery", "success", 1, None),
    ],
    "intacct-sdk-php/resp_offline_acknowledgement.xml": [],
    "intacct-sdk-php/resp_read_customer.xml": [("read", "success", 1, None)],
    "intacct-sdk-php/resp_readbyquery_aborted_XL03000009.xml": [
        ("readByQuery", "aborted", 0, None)
    ],
    "intacct-sdk-php/resp_readbyquery_empty.xml": [("readByQuery", "success", 0, None)],
    "intacct-sdk-php/resp_readbyquery_failure_bad_object.xml": [
        ("readByQuery", "failure", 0, None)
    ],
    "intacct-sdk-php/resp_readbyquery_page_with_resultid.xml": [
        ("readByQuery", "success", 1, None)
    ],
    "intacct-sdk-php/resp_transaction_aborted_and_failure.xml": [
        ("getAPISession", "aborted", 0, None),
        ("getAPISession", "failure", 0, None),
    ],
    "jfcote87-intacct/resp_auth_failure_invalid_session.xml": UserCredentialsError,
    "jfcote87-intacct/resp_auth_failure_login_invalid.xml": UserCredentialsError,
    "jfcote87-intacct/resp_control_failure_XL03000003_parse.xml": ProtocolError,
    "jfcote87-intacct/resp_create_failure_BL34000061_BL01001973.xml": [
        ("create", "failure", 1, None)
    ],
    "jfcote87-intacct/resp_multi_readbyquery_and_read.xml": [
        ("readByQuery", "success", 5, None),
        ("read", "success", 1, None),
    ],
    "jfcote87-intacct/resp_partial_failure_three_functions.xml": [
        ("read", "failure", 0, None),
        ("read", "success", 1, None),
        ("read", "failure", 0, None),
    ],
    "jfcote87-intacct/resp_read_and_readbyquery_vendor.xml": [
        ("read", "success", 2, None),
        ("readByQuery", "success", 1, None),
    ],
}


def test_every_response_fixture_has_a_row():
    found = {str(p.relative_to(FIXTURES)) for p in shared_path(FIXTURES).rglob("resp_*.xml")}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_to_expected_outcome(name):
    parsed = parse_response(fixture_bytes(name), max_bytes=LIMIT)
    expected = EXPECTED[name]
    error = envelope_error(parsed)
    if isinstance(expected, type):
        assert isinstance(error, expected)
        assert error.errors, "the envelope errors are kept"
        assert not error.retry_safe
        return
    assert error is None
    got = [(r.function, r.status, len(r.records), r.key) for r in parsed.results]
    assert got == expected
    for outcome in parsed.results:
        assert outcome.ok is (outcome.status == "success")
        if not outcome.ok:
            assert outcome.errors, "a failed or aborted result carries its errors"
            assert isinstance(read_failure(outcome), FunctionError)


def test_aborted_is_never_success():
    parsed = parse_response(
        fixture_bytes("intacct-sdk-php/resp_transaction_aborted_and_failure.xml"), max_bytes=LIMIT
    )
    aborted, failed = parsed.results
    assert not aborted.ok and aborted.status == "aborted"
    assert [e.errorno for e in failed.errors] == ["Get API Session Failed", "XL03000009"]


def test_readbyquery_rows_are_matched_case_insensitively_and_typed():
    parsed = parse_response(
        fixture_bytes("intacct-sdk-php/resp_readbyquery_page_with_resultid.xml"), max_bytes=LIMIT
    )
    (outcome,) = parsed.results
    assert (outcome.count, outcome.total_count, outcome.num_remaining) == (1, 2, 1)
    assert outcome.result_id == "myResultId"
    row = outcome.records[0]
    assert row.object_name == "class"
    assert row.int("RECORDNO") == 8
    assert row["DESCRIPTION"] is None
    assert row.datetime("WHENMODIFIED").isoformat() == "2017-07-24T15:19:46"


def test_query_shape_keeps_dotted_names_and_offset():
    parsed = parse_response(
        fixture_bytes("developer-intacct-docs/resp_query_vendor_offset_shape.xml"), max_bytes=LIMIT
    )
    (outcome,) = parsed.results
    assert outcome.result_id is None and outcome.offset == 0 and outcome.num_remaining == 0
    first = outcome.records[0]
    assert first["PAYTOCONTACT.CONTACTNAME"] == "Ackman, Alice"
    assert first.decimal("TOTALDUE") == Decimal("3797")


def test_support_id_is_decoded_and_markup_stripped():
    parsed = parse_response(
        fixture_bytes("developer-intacct-docs/resp_create_failure_showadditionalerrorinfo.xml"),
        max_bytes=LIMIT,
    )
    first = parsed.results[0].errors[0]
    assert first.support_id == "d3DJI~ZEckUDEkV9t5KUU5mpPrrQAAAAk"
    assert first.description2 == "The account number '5000.11' already exists"
    assert first.correction == "Enter unique account number"


def test_legacy_get_list_keeps_listtype_and_lowercase_fields():
    parsed = parse_response(
        fixture_bytes("craibuc-PsIntacct/resp_get_list_supdoc.xml"), max_bytes=LIMIT
    )
    (outcome,) = parsed.results
    assert outcome.list_type == "supdoc"
    second = outcome.records[1]
    assert second["supdocid"] == "ATT-00002"
    assert [a["attachmenttype"] for a in second.groups("attachments")] == ["xlsx", "pdf"]
