"""Paging over a scripted transport: exact ends, no extra calls, keyset filters, lost pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from lxml import etree

from integrations.intacct import F, FunctionError, IntacctClient, ProtocolError, TransportError

from .fakes import CREDS, FAST, FakeTransport, envelope, http, names, raising, result, session_ok


def rows(tag: str, numbers: range) -> str:
    return "".join(
        f"<{tag}><RECORDNO>{n}</RECORDNO><WHENMODIFIED>01/0{1 + n % 3}/2026 10:00:00"
        f"</WHENMODIFIED><NAME>n{n}</NAME></{tag}>"
        for n in numbers
    )


def query_pages(total: int):
    """Serve query requests from `total` rows by offset/pagesize, forever."""

    def handle(root: etree._Element):
        fn = root.find(".//function")
        query = fn.find("query")
        offset = int(query.findtext("offset"))
        size = int(query.findtext("pagesize"))
        end = min(total, offset + size)
        data = (
            f"<data listtype='CUSTOMER' totalcount='{total}' offset='{offset}' "
            f"count='{end - offset}' numremaining='{total - end}'>"
            + rows("CUSTOMER", range(offset + 1, end + 1))
            + "</data>"
        )
        return http(envelope(result("query", fn.get("controlid"), data)))

    return handle


def client_with(handlers, config=FAST):
    transport = FakeTransport(list(handlers))
    return IntacctClient(CREDS, config, transport=transport), transport


@pytest.mark.parametrize(
    ("total", "size", "calls"),
    [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2), (95, 10, 10)],
)
def test_query_offset_paging_ends_exactly(total, size, calls):
    handler = query_pages(total)
    client, transport = client_with([session_ok()] + [handler] * calls)
    pages = list(client.query("CUSTOMER", ["RECORDNO", "NAME"], page_size=size))
    numbers = [r.int("RECORDNO") for p in pages for r in p.records]
    assert numbers == list(range(1, total + 1))
    assert transport.handlers == []  # exactly `calls` requests, none after numremaining=0
    offsets = [int(r.findtext(".//query/offset")) for _, r in transport.requests[1:]]
    assert offsets == list(range(0, max(total, 1), size))[:calls]
    assert client.stats.requests == calls + 1
    assert client.stats.billable_transactions == calls


def test_query_pages_stream_lazily():
    client, transport = client_with([session_ok(), query_pages(30), query_pages(30)])
    pages = client.query("CUSTOMER", ["RECORDNO"], page_size=10)
    first = next(pages)
    assert first.count == 10 and first.total_count == 30 and first.num_remaining == 20
    assert len(transport.requests) == 2  # one page fetched, not the whole result


def test_stalled_page_is_a_protocol_error_not_a_loop():
    def stalled(root):
        fn = root.find(".//function")
        data = "<data listtype='X' totalcount='5' offset='0' count='0' numremaining='5'/>"
        return http(envelope(result("query", fn.get("controlid"), data)))

    client, _ = client_with([session_ok(), stalled])
    with pytest.raises(ProtocolError):
        list(client.query("X", ["RECORDNO"]))


def test_keyset_paging_filters_after_the_last_record():
    captured = []

    def handle(root):
        fn = root.find(".//function")
        captured.append(fn.find("query"))
        page = len(captured)
        data = (
            f"<data listtype='ARINVOICE' totalcount='3' offset='0' count='2' "
            f"numremaining='{1 if page == 1 else 0}'>"
            "<ARINVOICE><RECORDNO>7</RECORDNO><WHENMODIFIED>02/01/2026 09:00:00</WHENMODIFIED>"
            "</ARINVOICE><ARINVOICE><RECORDNO>9</RECORDNO>"
            "<WHENMODIFIED>02/01/2026 09:30:00</WHENMODIFIED></ARINVOICE></data>"
        )
        return http(envelope(result("query", fn.get("controlid"), data)))

    client, transport = client_with([session_ok(), handle, handle])
    pages = list(
        client.query_modified_since(
            "ARINVOICE",
            ["RECORDNO", "TOTALDUE"],
            since=datetime(2026, 1, 31, 8, 0, 0),
            until=datetime(2026, 2, 2),
            filter=F.equal("STATE", "Posted"),
            page_size=2,
        )
    )
    assert len(pages) == 2 and transport.handlers == []
    first, second = captured
    assert [f.text for f in first.find("select")] == ["RECORDNO", "TOTALDUE", "WHENMODIFIED"]
    assert [(o.findtext("field"), o[1].tag) for o in first.find("orderby")] == [
        ("WHENMODIFIED", "ascending"),
        ("RECORDNO", "ascending"),
    ]
    (top,) = first.find("filter")
    assert [c.tag for c in top] == ["equalto", "greaterthanorequalto", "lessthanorequalto"]
    assert top[1].findtext("value") == "01/31/2026 08:00:00"
    assert top[2].findtext("value") == "02/02/2026 00:00:00"
    (top,) = second.find("filter")
    cursor = top[1]
    assert cursor.tag == "or"
    assert cursor[0].tag == "greaterthan" and cursor[0].findtext("value") == "02/01/2026 09:30:00"
    assert cursor[1].tag == "and"
    assert [c.findtext("value") for c in cursor[1]] == ["02/01/2026 09:30:00", "9"]
    assert second.findtext("offset") == "0"


def test_keyset_paging_refuses_aware_datetimes():
    client, _ = client_with([])
    from datetime import UTC

    with pytest.raises(ValueError, match="naive"):
        client.query_modified_since("X", ["A"], since=datetime(2026, 1, 1, tzinfo=UTC))


class ResultSets:
    """A readByQuery/readMore server whose readMore advances a cursor (like the real one)."""

    def __init__(self, total: int, size: int) -> None:
        self.total, self.size, self.delivered = total, size, 0
        self.fail_after_advance = 0  # lose the next N readMore answers after advancing
        self.queries = 0

    def __call__(self, root):
        fn = root.find(".//function")
        name = fn[0].tag
        if name == "readByQuery":
            self.queries += 1
            self.delivered = 0
        start = self.delivered
        end = min(self.total, start + self.size)
        self.delivered = end
        if name == "readMore" and self.fail_after_advance:
            self.fail_after_advance -= 1
            raise TransportError("connection reset after the gateway answered")
        remaining = self.total - end
        data = (
            f"<data listtype='customer' count='{end - start}' totalcount='{self.total}' "
            f"numremaining='{remaining}' resultId='{'rid' if remaining else ''}'>"
            + rows("customer", range(start + 1, end + 1))
            + "</data>"
        )
        return http(envelope(result(name, fn.get("controlid"), data)))


@pytest.mark.parametrize(("total", "calls"), [(0, 1), (1, 1), (5, 1), (6, 2), (23, 5)])
def test_read_by_query_follows_result_id_to_the_end(total, calls):
    server = ResultSets(total, 5)
    client, transport = client_with([session_ok()] + [server] * calls)
    pages = list(client.read_by_query("CUSTOMER", ["RECORDNO"], page_size=5))
    assert [r.int("RECORDNO") for p in pages for r in p.records] == list(range(1, total + 1))
    assert transport.handlers == []
    assert [names(r) for _, r in transport.requests[2:]] == ["readMore"] * (calls - 1)
    for _, request in transport.requests[2:]:
        assert request.findtext(".//readMore/resultId") == "rid"


def test_lost_readmore_page_is_recovered_without_gaps_or_duplicates():
    server = ResultSets(23, 5)
    server.fail_after_advance = 1
    client, _transport = client_with([session_ok()] + [server] * 12)
    pages = list(client.read_by_query("CUSTOMER", ["RECORDNO"], page_size=5))
    assert [r.int("RECORDNO") for p in pages for r in p.records] == list(range(1, 24))
    assert server.queries == 2  # the query was run again and the delivered rows skipped


def test_readmore_failure_without_retry_is_raised():
    server = ResultSets(23, 5)

    def expired(root):
        fn = root.find(".//function")
        errors = (
            "<errormessage><error><errorno>DL02000001</errorno><description></description>"
            "<description2>Result set expired</description2><correction></correction>"
            "</error></errormessage>"
        )
        return http(envelope(result("readMore", fn.get("controlid"), errors, "failure")))

    client, _ = client_with([session_ok(), server, expired])
    pages = client.read_by_query("CUSTOMER", ["RECORDNO"], page_size=5)
    next(pages)
    with pytest.raises(FunctionError) as caught:
        next(pages)
    assert caught.value.errors[0].errorno == "DL02000001"


def test_reads_retry_transport_errors_then_succeed():
    client, transport = client_with(
        [
            session_ok(),
            raising(TransportError("reset")),
            lambda root: http("<html><body>502 Bad Gateway</body></html>", 502),
            lambda root: http("<html>oops</html>", 200),
            query_pages(3),
        ]
    )
    pages = list(client.query("CUSTOMER", ["RECORDNO"]))
    assert sum(p.count for p in pages) == 3
    assert transport.handlers == []


def test_read_retries_are_bounded():
    config = replace(FAST, retry_attempts=3)
    client, transport = client_with(
        [session_ok()] + [lambda root: http("", 503)] * 3, config=config
    )
    with pytest.raises(TransportError) as caught:
        list(client.query("CUSTOMER", ["RECORDNO"]))
    assert caught.value.status == 503
    assert transport.handlers == []


def test_readmore_refused_on_a_new_session_resumes_the_read():
    from .fakes import fixed
    from .shared import fixture_bytes

    server = ResultSets(12, 5)
    invalid = fixture_bytes("jfcote87-intacct/resp_auth_failure_invalid_session.xml")

    def gone(root):
        fn = root.find(".//function")
        errors = (
            "<errormessage><error><errorno>DL02000001</errorno>"
            "<description2>Result set 'rid' is not valid</description2></error></errormessage>"
        )
        return http(envelope(result("readMore", fn.get("controlid"), errors, "failure")))

    client, transport = client_with(
        [session_ok(), server, fixed(invalid), session_ok(sessionid="S2"), gone] + [server] * 3
    )
    pages = list(client.read_by_query("CUSTOMER", ["RECORDNO"], page_size=5))
    assert [r.int("RECORDNO") for p in pages for r in p.records] == list(range(1, 13))
    assert transport.handlers == []
    assert server.queries == 2


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.query("X", "RECORDNO"),
        lambda c: c.query("X", ["RECORDNO"], page_size=0),
        lambda c: c.query_modified_since("X", ["A"], since=None, page_size=5000),
        lambda c: c.query_modified_since("X", ["*"], since=None),
        lambda c: c.read_by_query("X", page_size=1001),
        lambda c: c.read("X", "123"),
        lambda c: c.execute(["not a function"]),
    ],
)
def test_bad_arguments_fail_at_the_call_before_any_request(call):
    client, transport = client_with([])
    with pytest.raises((ValueError, TypeError)):
        call(client)
    assert transport.requests == []
