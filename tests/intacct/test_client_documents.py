"""PDFs and lookups over a scripted transport."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest

from integrations.intacct import IntacctClient, ProtocolError

from .fakes import CREDS, FAST, FakeTransport, envelope, http, result, session_ok
from .shared import fixture_bytes


def pdf_answers(missing: set[int], bad: set[int] = frozenset()):
    def handle(root):
        parts = []
        for fn in root.iter("function"):
            recordno = int(fn.findtext("retrievepdf/ARINVOICE/RECORDNO"))
            cid = fn.get("controlid")
            if recordno in missing:
                errors = (
                    "<errormessage><error><errorno>BL01001973</errorno>"
                    f"<description2>Invoice {recordno} not found</description2></error>"
                    "</errormessage>"
                )
                parts.append(result("retrievepdf", cid, errors, "failure"))
                continue
            data = (
                "!!not base64!!"
                if recordno in bad
                else base64.b64encode(b"%PDF-" + str(recordno).encode()).decode()
            )
            parts.append(
                result(
                    "retrievepdf",
                    cid,
                    f"<data listtype='arinvoice' count='1'><arinvoice><recordno>{recordno}"
                    f"</recordno><pdfdata>{data}</pdfdata></arinvoice></data>",
                )
            )
        return http(envelope("".join(parts)))

    return handle


def test_pdfs_are_batched_decoded_and_missing_keys_left_out():
    config = replace(FAST, batch_size=50, pdf_batch_size=5)
    answer = pdf_answers(missing={4, 11})
    transport = FakeTransport([session_ok(), answer, answer, answer])
    client = IntacctClient(CREDS, config, transport=transport)
    pdfs = client.retrieve_pdfs(list(range(1, 13)))
    assert sorted(pdfs) == [n for n in range(1, 13) if n not in (4, 11)]
    assert pdfs[12] == b"%PDF-12"
    assert [len(list(r.iter("function"))) for _, r in transport.requests[1:]] == [5, 5, 2]


def test_corrupt_pdf_payload_is_a_protocol_error():
    transport = FakeTransport([session_ok(), pdf_answers(set(), bad={1})])
    client = IntacctClient(CREDS, FAST, transport=transport)
    with pytest.raises(ProtocolError, match="base64"):
        client.retrieve_pdfs([1])


def test_rate_limited_pdf_function_is_retried():
    def limited(root):
        fn = root.find(".//function")
        errors = (
            "<errormessage><error><errorno>GW-0010</errorno>"
            "<description2>API rate limit exceeded</description2></error></errormessage>"
        )
        return http(envelope(result("retrievepdf", fn.get("controlid"), errors, "failure")))

    transport = FakeTransport([session_ok(), limited, pdf_answers(set())])
    client = IntacctClient(CREDS, FAST, transport=transport)
    assert client.retrieve_pdfs([3]) == {3: b"%PDF-3"}
    assert len(transport.requests) == 3  # login, rate-limited attempt, retry


def test_lookup_definition_from_the_recorded_fixture():
    data = fixture_bytes("CPAanalytics-intacct_sdk/lookup_ARINVOICE.xml").decode()
    data = data.split("?>", 1)[1]

    def answer(root):
        fn = root.find(".//function")
        return http(envelope(result("lookup", fn.get("controlid"), data)))

    client = IntacctClient(CREDS, FAST, transport=FakeTransport([session_ok(), answer]))
    definition = client.lookup("ARINVOICE")
    assert definition.name == "ARINVOICE"
    state = definition.field("state")
    assert state.readonly and "Partially Paid" in state.valid_values
    assert definition.field("CUSTOMERID").required
    assert definition.field("WHENCREATED").datatype == "DATE"
    customer = next(r for r in definition.relationships if r.object_path == "CUSTOMER")
    assert (customer.relationship_type, customer.related_by) == ("MANY2ONE", "CUSTOMERID")
