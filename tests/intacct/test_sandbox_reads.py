"""Integration: the real client over real HTTP against the sandbox (reads, sessions, faults)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from integrations.intacct import (
    Credentials,
    F,
    FunctionError,
    IntacctClient,
    SenderCredentialsError,
    UserCredentialsError,
)
from integrations.intacct.transport import Transport

from .sandbox_client import BASE, OPEN_CLIENTS, client_for

FIELDS = ["RECORDNO", "RECORDID", "CUSTOMERID", "TOTALDUE", "WHENMODIFIED"]
# readByQuery at the top level sees only records of no entity, and every seeded invoice
# belongs to an entity: the readByQuery tests read from the US entity.
US = {"entity_id": "US"}


@pytest.fixture(scope="module")
def all_invoices(sandbox_server):
    client = client_for(sandbox_server)
    pages = list(client.query("ARINVOICE", FIELDS, order_by=[("RECORDNO", "asc")]))
    rows = [r for p in pages for r in p.records]
    assert len(rows) == pages[0].total_count > 100
    return rows


@pytest.fixture(scope="module")
def us_invoices(sandbox_server):
    client = client_for(sandbox_server, credentials=US)
    pages = list(client.query("ARINVOICE", FIELDS, order_by=[("RECORDNO", "asc")]))
    rows = [r for p in pages for r in p.records]
    assert len(rows) == pages[0].total_count > 100
    return rows


def _numbers(pages):
    return [r.int("RECORDNO") for p in pages for r in p.records]


@pytest.mark.parametrize("size", [0, 1, 10, 11, 95])
def test_query_paging_sizes(sandbox_server, all_invoices, size):
    client = client_for(sandbox_server)
    keys = [r.int("RECORDNO") for r in all_invoices]
    bound = keys[size - 1] if size else keys[0] - 1
    client.open_session()
    before = client.stats
    pages = list(
        client.query(
            "ARINVOICE",
            FIELDS,
            filter=F.less_than_or_equal("RECORDNO", bound),
            order_by=[("RECORDNO", "ascending")],
            page_size=10,
        )
    )
    assert _numbers(pages) == keys[:size]
    expected_calls = max(1, -(-size // 10))
    assert client.stats.since(before).by_function == {"query": expected_calls}


@pytest.mark.parametrize("size", [0, 1, 10, 11, 95])
def test_read_by_query_paging_sizes(sandbox_server, us_invoices, size):
    client = client_for(sandbox_server, credentials=US)
    keys = [r.int("RECORDNO") for r in us_invoices]
    bound = keys[size - 1] if size else keys[0] - 1
    client.open_session()
    before = client.stats
    pages = list(client.read_by_query("ARINVOICE", FIELDS, f"RECORDNO <= {bound}", page_size=10))
    assert sorted(_numbers(pages)) == keys[:size]
    calls = max(1, -(-size // 10))
    expected = {"readByQuery": 1, **({"readMore": calls - 1} if calls > 1 else {})}
    assert client.stats.since(before).by_function == expected


def test_many_pages_cover_everything_once(sandbox_server, us_invoices):
    client = client_for(sandbox_server, credentials=US)
    by_query = _numbers(
        client.query("ARINVOICE", ["RECORDNO"], order_by=[("RECORDNO", "asc")], page_size=7)
    )
    by_rbq = _numbers(client.read_by_query("ARINVOICE", ["RECORDNO"], page_size=7))
    expected = [r.int("RECORDNO") for r in us_invoices]
    assert by_query == expected
    assert sorted(by_rbq) == expected and len(set(by_rbq)) == len(by_rbq)


def test_keyset_paging_is_ordered_complete_and_resumable(sandbox_server, all_invoices):
    client = client_for(sandbox_server)
    pages = list(client.query_modified_since("ARINVOICE", ["RECORDNO"], since=None, page_size=17))
    rows = [r for p in pages for r in p.records]
    keys = [(r.datetime("WHENMODIFIED"), r.int("RECORDNO")) for r in rows]
    assert keys == sorted(keys)
    assert sorted(k for _, k in keys) == sorted(r.int("RECORDNO") for r in all_invoices)
    # Resume from the cursor of the 3rd page, as the sync engine would after a crash.
    cursor = pages[2].records[-1]
    resumed = client.query_modified_since(
        "ARINVOICE",
        ["RECORDNO"],
        since=cursor.datetime("WHENMODIFIED"),
        after_recordno=cursor.int("RECORDNO"),
        page_size=17,
    )
    assert [r.int("RECORDNO") for p in resumed for r in p.records] == [k for _, k in keys[51:]]
    # A window: since/until inclusive.
    low, high = keys[20][0], keys[60][0]
    window = client.query_modified_since("ARINVOICE", ["RECORDNO"], since=low, until=high)
    got = [r.int("RECORDNO") for p in window for r in p.records]
    assert got == [k for m, k in keys if low <= m <= high]


def test_read_and_read_by_name_and_lookup(sandbox_server):
    client = client_for(sandbox_server)
    customers = [
        r
        # read/readByName see what readByQuery sees: at the top level, no entity's records.
        for p in client.query(
            "CUSTOMER",
            ["RECORDNO", "CUSTOMERID", "NAME"],
            order_by=[("RECORDNO", "asc")],
            show_private=False,
        )
        for r in p.records
    ]
    tricky = [c for c in customers if any(ch in (c["NAME"] or "") for ch in "&<'É")]
    assert tricky, "the seeded company has names with XML metacharacters and accents"
    by_no = client.read("CUSTOMER", [c.int("RECORDNO") for c in customers])
    assert {r["NAME"] for r in by_no} == {c["NAME"] for c in customers}
    by_name = client.read_by_name(
        "CUSTOMER", [c["CUSTOMERID"] for c in tricky], ["CUSTOMERID", "NAME"]
    )
    assert {(r["CUSTOMERID"], r["NAME"]) for r in by_name} == {
        (c["CUSTOMERID"], c["NAME"]) for c in tricky
    }
    assert client.read("CUSTOMER", [999_999_999]) == []
    definition = client.lookup("CUSTOMER")
    assert definition.name == "CUSTOMER"
    assert definition.field("CUSTOMERID") is not None
    assert definition.custom_fields


def test_filter_literal_with_metacharacters(sandbox_server):
    client = client_for(sandbox_server)
    names = [r["NAME"] for p in client.query("CUSTOMER", ["NAME"]) for r in p.records]
    tricky = next(n for n in names if "&" in n or "<" in n)
    found = [
        r["NAME"]
        for p in client.query("CUSTOMER", ["NAME"], filter=F.equal("NAME", tricky))
        for r in p.records
    ]
    assert found == [tricky]


def test_bad_user_password_is_a_credentials_error_without_retry(sandbox_server):
    creds = Credentials(
        **{**sandbox_server.credentials, "user_password": "wrong"},
        endpoint_url=sandbox_server.gateway_url,
    )
    client = IntacctClient(creds, replace(BASE, allowed_endpoints=(sandbox_server.base_url + "/",)))
    OPEN_CLIENTS.append(client)
    with pytest.raises(UserCredentialsError):
        client.open_session()
    assert client.stats.requests == 1


def test_bad_sender_is_a_sender_error(sandbox_server):
    creds = Credentials(
        **{**sandbox_server.credentials, "sender_password": "wrong"},
        endpoint_url=sandbox_server.gateway_url,
    )
    client = IntacctClient(creds, replace(BASE, allowed_endpoints=(sandbox_server.base_url + "/",)))
    OPEN_CLIENTS.append(client)
    with pytest.raises(SenderCredentialsError):
        client.open_session()


def test_unknown_object_is_a_function_error(sandbox_server):
    client = client_for(sandbox_server)
    with pytest.raises(FunctionError) as caught:
        list(client.query("NOSUCHOBJECT", ["RECORDNO"]))
    assert caught.value.errors and caught.value.outcome.status == "failure"


def test_expired_session_is_refreshed_transparently(sandbox):
    client = client_for(sandbox)
    first = client.open_session()
    sandbox.expire_sessions()
    assert list(client.query("CUSTOMER", ["RECORDNO"], page_size=5))
    assert sandbox.status()["sessions"]["created"] == 2
    assert first.sessionid != client.open_session().sessionid


def test_session_is_refreshed_before_the_sliding_timeout(sandbox):
    sandbox.configure(session_timeout_minutes=1)
    relaxed = client_for(sandbox, session_refresh_margin=30.0)
    for _ in range(3):
        relaxed.read("CUSTOMER", [1])
    assert sandbox.status()["sessions"]["created"] == 1
    eager = client_for(sandbox, session_refresh_margin=90.0)
    for _ in range(3):
        eager.read("CUSTOMER", [1])
    # A window shorter than the margin: every call starts with a fresh session, never a failure.
    assert sandbox.status()["sessions"]["created"] == 4
    assert "401" not in sandbox.status()["http_status"]


FAULTS = [
    "http500",
    "http502",
    "http503",
    "http524_after_commit",
    "lost_ack",
    "timeout",
    "malformed",
    "ratelimit",
    "session_expiry",
]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("function", ["query", "readMore"])
def test_reads_recover_from_every_fault(sandbox, fault, function):
    # Only the timeout fault needs a short read timeout (the gateway holds 3 s, then runs).
    client = client_for(sandbox, credentials=US, read_timeout=1.0 if fault == "timeout" else 30.0)
    sandbox.configure(timeout_hold_seconds=3.0)
    if function == "query":
        expected = _numbers(
            client.query("ARINVOICE", ["RECORDNO"], order_by=[("RECORDNO", "asc")], page_size=40)
        )
    else:
        expected = sorted(_numbers(client.read_by_query("ARINVOICE", ["RECORDNO"], page_size=40)))
    sandbox.set_faults({fault: {"probability": 1, "count": 2, "function": function}})
    if function == "query":
        got = _numbers(
            client.query("ARINVOICE", ["RECORDNO"], order_by=[("RECORDNO", "asc")], page_size=40)
        )
    else:
        got = sorted(_numbers(client.read_by_query("ARINVOICE", ["RECORDNO"], page_size=40)))
    assert got == expected
    assert sandbox.status()["faults_injected"] == {fault: 2}


class CountingTransport(Transport):
    """The real transport, also recording how many requests were in flight at once."""

    def __init__(self, config, lock, state):
        super().__init__(config)
        self.lock, self.state = lock, state

    def post(self, url, body):
        with self.lock:
            self.state["now"] += 1
            self.state["max"] = max(self.state["max"], self.state["now"])
        try:
            return super().post(url, body)
        finally:
            with self.lock:
                self.state["now"] -= 1


def test_client_side_in_flight_limit_is_shared_per_company(make_sandbox):
    handle = make_sandbox(scale=30, latency_ms=30)
    lock, state = threading.Lock(), {"now": 0, "max": 0}
    clients = []
    for _ in range(4):
        config = replace(
            BASE,
            allowed_endpoints=(handle.base_url + "/",),
            max_in_flight=2,
            max_requests_per_second=999.0,
        )
        creds = Credentials(**handle.credentials, endpoint_url=handle.gateway_url)
        clients.append(
            IntacctClient(creds, config, transport=CountingTransport(config, lock, state))
        )
    OPEN_CLIENTS.extend(clients)
    errors = []

    def work(client):
        try:
            for _ in range(3):
                client.read("CUSTOMER", [1])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert state["max"] == 2  # four clients of one company, never more than two requests at once


def test_gateway_rate_limits_are_retried(make_sandbox):
    handle = make_sandbox(scale=30, max_concurrency=1, latency_ms=50)
    clients = [
        client_for(
            handle, max_in_flight=4, retry_attempts=12, retry_base_delay=0.05, retry_max_delay=0.8
        )
        for _ in range(4)
    ]
    results = []

    def work(client):
        try:
            results.append(len(client.read("CUSTOMER", [1, 2, 3])))
        except Exception as exc:  # pragma: no cover - shown by the assertion
            results.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [3, 3, 3, 3]
    assert handle.status()["rejected_concurrency"] > 0


def test_entity_session_is_scoped_to_the_entity(sandbox_server):
    entity = client_for(sandbox_server, credentials={"entity_id": "US"})
    assert entity.open_session().entity_id == "US"
    top = client_for(sandbox_server)
    in_us = sum(p.count for p in entity.query("ARINVOICE", ["RECORDNO"]))
    everywhere = sum(p.count for p in top.query("ARINVOICE", ["RECORDNO"]))
    assert 0 < in_us < everywhere
