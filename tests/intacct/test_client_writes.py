"""Batched idempotent writes over a scripted transport: outcomes, ambiguity, safe resends."""

from __future__ import annotations

import pytest

from integrations.intacct import (
    AmbiguousWriteError,
    IntacctClient,
    RateLimitError,
    SenderCredentialsError,
    TransportError,
)
from integrations.intacct.functions import Create, Delete
from integrations.intacct.retry import RetryPolicy

from .fakes import (
    CREDS,
    FAST,
    FakeTransport,
    controlids,
    each_ok,
    envelope,
    fixed,
    http,
    raising,
    result,
    session_ok,
)
from .shared import fixture_bytes

CREATED = "<data listtype='objects' count='1'><customer><RECORDNO>5</RECORDNO></customer></data>"


def creates(n: int) -> list[Create]:
    return [Create("CUSTOMER", {"NAME": f"C{i}"}, controlid=f"cust-{i}") for i in range(n)]


def client_with(handlers, retry=None):
    transport = FakeTransport(list(handlers))
    return IntacctClient(CREDS, FAST, transport=transport, retry_policy=retry), transport


def test_batches_of_batch_size_with_uniqueid_and_caller_controlids():
    client, transport = client_with([session_ok(), each_ok(CREATED), each_ok(CREATED)])
    outcomes = client.execute(creates(5))
    assert [o.controlid for o in outcomes] == [f"cust-{i}" for i in range(5)]
    assert all(o.ok and o.records[0].int("RECORDNO") == 5 for o in outcomes)
    batches = [r for _, r in transport.requests[1:]]
    assert [controlids(r) for r in batches] == [
        ["cust-0", "cust-1", "cust-2"],
        ["cust-3", "cust-4"],
    ]
    assert all(r.findtext("control/uniqueid") == "true" for r in batches)
    assert all(r.find("operation").get("transaction") == "false" for r in batches)
    stats = client.stats
    assert (stats.requests, stats.functions, stats.billable_transactions) == (3, 6, 5)
    assert stats.by_function == {"getAPISession": 1, "create": 5}


def test_failures_are_outcomes_not_exceptions():
    fixture = fixture_bytes("jfcote87-intacct/resp_partial_failure_three_functions.xml")
    text = fixture.decode().replace("testFunctionId", "a", 1).replace("abcdef", "b")
    text = text.replace("<controlid>testFunctionId</controlid>", "<controlid>c</controlid>")
    client, _ = client_with([session_ok(), fixed(text)])
    functions = [Delete("X", [1], controlid=c) for c in "abc"]
    outcomes = client.execute(functions)
    assert [o.status for o in outcomes] == ["failure", "success", "failure"]
    assert outcomes[0].errors[0].errorno == "Invalid fields list x"
    assert client.stats.billable_transactions == 1


def test_transaction_sends_everything_in_one_request():
    fixture = fixture_bytes("intacct-sdk-php/resp_transaction_aborted_and_failure.xml")
    text = fixture.decode().replace("func1UnitTest", "cust-0").replace("func2UnitTest", "cust-1")
    client, transport = client_with([session_ok(), fixed(text)])
    with pytest.raises(AmbiguousWriteError):  # 2 results for 5 functions: the rest is unknown
        client.execute(creates(5), transaction=True)
    request = transport.requests[1][1]
    assert request.find("operation").get("transaction") == "true"
    assert len(controlids(request)) == 5


def test_transaction_outcomes_are_never_success_when_aborted():
    fixture = fixture_bytes("intacct-sdk-php/resp_transaction_aborted_and_failure.xml")
    text = fixture.decode().replace("func1UnitTest", "cust-0").replace("func2UnitTest", "cust-1")
    client, _ = client_with([session_ok(), fixed(text)])
    outcomes = client.execute(creates(2), transaction=True)
    assert [(o.status, o.ok) for o in outcomes] == [("aborted", False), ("failure", False)]
    assert client.stats.billable_transactions == 0


@pytest.mark.parametrize(
    "answer",
    [
        raising(TransportError("read timed out")),
        lambda root: http("<html>Bad gateway</html>", 502),
        lambda root: http("<html>A timeout occurred</html>", 524),
        lambda root: http("<response><control><status>succ", 200),
    ],
    ids=["timeout", "502", "524", "truncated"],
)
def test_unknown_outcome_raises_ambiguous_and_is_never_resent(answer):
    client, transport = client_with([session_ok(), each_ok(CREATED), answer])
    with pytest.raises(AmbiguousWriteError) as caught:
        client.execute(creates(8))
    error = caught.value
    assert error.controlids == ["cust-3", "cust-4", "cust-5"]
    assert [o.controlid for o in error.completed] == ["cust-0", "cust-1", "cust-2"]
    assert error.not_sent == ["cust-6", "cust-7"]
    assert error.retry_safe is False
    assert transport.handlers == []  # FakeTransport fails on any further request


def test_missing_results_are_ambiguous_for_the_missing_functions_only():
    def two_of_three(root):
        ids = controlids(root)[:2]
        return http(envelope("".join(result("create", i, CREATED) for i in ids)))

    client, _ = client_with([session_ok(), two_of_three])
    with pytest.raises(AmbiguousWriteError) as caught:
        client.execute(creates(3))
    assert caught.value.controlids == ["cust-2"]
    assert [o.controlid for o in caught.value.completed] == ["cust-0", "cust-1"]


def test_writes_not_sent_or_refused_before_running_are_sent_again():
    waits = []
    retry = RetryPolicy(attempts=5, max_seconds=60, base_delay=0.0, sleep=waits.append)
    never_sent = TransportError("connection refused", sent=False)
    client, transport = client_with(
        [
            session_ok(),
            raising(never_sent),
            lambda root: http("", 429, retry_after=2.0),
            each_ok(CREATED),
        ],
        retry=retry,
    )
    outcomes = client.execute(creates(2))
    assert [o.ok for o in outcomes] == [True, True]
    assert waits[1] == 2.0  # Retry-After honoured
    sent = [controlids(r) for _, r in transport.requests[1:]]
    assert sent == [["cust-0", "cust-1"]] * 3


def test_rate_limit_exhaustion_reports_completed_batches():
    retry = RetryPolicy(attempts=2, max_seconds=60, base_delay=0.0, sleep=lambda s: None)
    limited = lambda root: http("", 429)  # noqa: E731
    client, _ = client_with([session_ok(), each_ok(CREATED), limited, limited], retry=retry)
    with pytest.raises(RateLimitError) as caught:
        client.execute(creates(4))
    assert [o.controlid for o in caught.value.completed] == ["cust-0", "cust-1", "cust-2"]


def test_sender_failure_on_write_is_not_ambiguous():
    control = fixture_bytes("intacct-sdk-php/resp_control_failure_XL03000006.xml")
    client, _ = client_with([session_ok(), fixed(control)])
    with pytest.raises(SenderCredentialsError):
        client.execute(creates(1))


def test_duplicate_controlids_are_refused_before_sending():
    client, transport = client_with([])
    with pytest.raises(ValueError, match="unique"):
        client.execute([Delete("X", [1], controlid="a"), Delete("X", [2], controlid="a")])
    assert transport.requests == []


def test_invalid_session_during_write_resends_the_same_batch():
    invalid = fixture_bytes("jfcote87-intacct/resp_auth_failure_invalid_session.xml")
    client, transport = client_with([session_ok(), fixed(invalid), session_ok(), each_ok(CREATED)])
    outcomes = client.execute(creates(2))
    assert all(o.ok for o in outcomes)
    assert controlids(transport.requests[1][1]) == controlids(transport.requests[3][1])


def test_a_failed_login_before_a_write_is_not_ambiguous():
    retry = RetryPolicy(attempts=3, max_seconds=60, base_delay=0.0, sleep=lambda s: None)
    client, transport = client_with(
        [raising(TransportError("reset during login")), session_ok(), each_ok(CREATED)],
        retry=retry,
    )
    outcomes = client.execute(creates(2))
    assert [o.ok for o in outcomes] == [True, True]
    assert len(transport.requests) == 3

    retry = RetryPolicy(attempts=1, max_seconds=60, base_delay=0.0, sleep=lambda s: None)
    client, _ = client_with([raising(TransportError("reset during login"))], retry=retry)
    with pytest.raises(TransportError) as caught:
        client.execute(creates(2))
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert caught.value.stage == "login"


def test_unserialisable_value_fails_before_any_batch_is_sent():
    client, transport = client_with([])
    functions = [*creates(4), Create("CUSTOMER", {"NAME": "bad\x00char"}, controlid="bad")]
    with pytest.raises(ValueError):
        client.execute(functions)
    assert transport.requests == []
