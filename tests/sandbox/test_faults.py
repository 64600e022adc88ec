"""Fault injection, latency, the concurrency limit and session expiry over real HTTP."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
import requests
from lxml import etree

from .helpers import call, envelope, errors, fn, ok, post, session_for


def create_vendor(name: str) -> str:
    return fn(f"<create><VENDOR><NAME>{name}</NAME></VENDOR></create>", f"v:{name}")


def vendors_named(handle, name: str) -> int:
    return len(handle.query_rows('SELECT 1 FROM vendor WHERE "NAME" = ?', (name,)))


def read_classes() -> str:
    return fn("<readByQuery><object>CLASS</object><query></query></readByQuery>")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_faults_do_not_execute(sandbox, status):
    sandbox.set_faults({f"http{status}": {"probability": 1, "count": 1}})
    reply = call(sandbox, create_vendor(f"Never {status}"))
    assert reply.status == status
    assert vendors_named(sandbox, f"Never {status}") == 0
    ok(call(sandbox, read_classes()))  # count exhausted: the next request is clean
    assert sandbox.status()["faults_injected"] == {f"http{status}": 1}


def test_524_after_commit_executes(sandbox):
    sandbox.set_faults(http524_after_commit={"probability": 1, "count": 1})
    reply = call(sandbox, create_vendor("Committed 524"))
    assert reply.status == 524 and "cf-error-details" in reply.text
    assert vendors_named(sandbox, "Committed 524") == 1


def test_lost_ack_commits_then_drops_the_connection(sandbox):
    sandbox.set_faults(lost_ack={"probability": 1, "count": 1, "writes_only": True})
    ok(call(sandbox, read_classes()))  # reads are not targeted
    with pytest.raises(requests.exceptions.ConnectionError):
        call(sandbox, create_vendor("Lost Ack"))
    assert vendors_named(sandbox, "Lost Ack") == 1


def test_targeted_fault_by_function_name(sandbox):
    sandbox.set_faults(http503={"probability": 1, "count": 1, "function": "create"})
    ok(call(sandbox, read_classes()))
    assert call(sandbox, create_vendor("Targeted")).status == 503
    ok(call(sandbox, create_vendor("Targeted")))
    assert vendors_named(sandbox, "Targeted") == 1


def test_malformed_body_is_truncated_xml(sandbox):
    sandbox.set_faults("malformed=1")
    reply = requests.post(sandbox.gateway_url, data=envelope(sandbox, read_classes()), timeout=30)
    assert reply.status_code == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(reply.content)
    sandbox.clear_faults()
    ok(call(sandbox, read_classes()))


def test_ratelimit_fault_is_429_gw_0010(sandbox):
    sandbox.set_faults(ratelimit={"probability": 1, "count": 1})
    reply = requests.post(sandbox.gateway_url, data=envelope(sandbox, read_classes()), timeout=30)
    assert reply.status_code == 429
    assert errors(etree.fromstring(reply.content)) == ["GW-0010"]
    assert reply.headers["Retry-After"] == "1"


def test_requests_per_second_limit_is_429_with_retry_after(sandbox):
    sandbox.configure(max_requests_per_second=1, retry_after_seconds=7)
    assert sandbox.status()["config"]["max_requests_per_second"] == 1
    body = envelope(sandbox, read_classes())
    replies = [requests.post(sandbox.gateway_url, data=body, timeout=30) for _ in range(5)]
    refused = [reply for reply in replies if reply.status_code == 429]
    assert replies[0].status_code == 200 and refused
    assert all(reply.headers["Retry-After"] == "7" for reply in refused)
    assert all(errors(etree.fromstring(reply.content)) == ["GW-0010"] for reply in refused)
    assert sandbox.status()["rejected_rate"] == len(refused)
    sandbox.configure(max_requests_per_second=0)
    ok(call(sandbox, read_classes()))


def test_timeout_holds_then_executes(sandbox):
    sandbox.configure(timeout_hold_seconds=1.5)
    sandbox.set_faults(timeout={"probability": 1, "count": 1})
    with pytest.raises(requests.exceptions.Timeout):
        post(sandbox, envelope(sandbox, create_vendor("Slow Commit")), timeout=0.3)
    deadline = time.monotonic() + 30
    while vendors_named(sandbox, "Slow Commit") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert vendors_named(sandbox, "Slow Commit") == 1


def test_session_expiry_fault_and_expire_endpoint(sandbox):
    session, _ = session_for(sandbox)
    ok(call(sandbox, read_classes(), session=session))
    sandbox.set_faults(session_expiry={"probability": 1, "count": 1})
    reply = call(sandbox, read_classes(), session=session)
    assert reply.root.findtext("operation/authentication/status") == "failure"
    assert errors(reply.root.find("operation")) == ["XL03000006"]
    fresh, _ = session_for(sandbox)
    ok(call(sandbox, read_classes(), session=fresh))
    assert sandbox.expire_sessions()["sessions"]["active"] == 0
    gone = call(sandbox, read_classes(), session=fresh)
    assert gone.root.findtext("operation/authentication/status") == "failure"


def test_session_timeout_slides(sandbox):
    sandbox.configure(session_timeout_minutes=5)
    session, _ = session_for(sandbox)
    first = call(sandbox, read_classes(), session=session).root
    time.sleep(1.1)
    second = call(sandbox, read_classes(), session=session).root
    stamp = second.findtext("operation/authentication/sessiontimestamp")
    timeout = second.findtext("operation/authentication/sessiontimeout")
    assert timeout > first.findtext("operation/authentication/sessiontimeout")
    assert timeout > stamp


def test_concurrency_limit_returns_429(sandbox):
    sandbox.configure(max_concurrency=1, latency_ms=1500)
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(call(sandbox, read_classes()).status))
    worker.start()
    deadline = time.monotonic() + 30
    while sandbox.status()["in_flight"] < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    rejected = call(sandbox, read_classes())
    worker.join()
    assert rejected.status == 429 and errors(rejected.root) == ["GW-0010"]
    assert results == [200]
    assert sandbox.status()["rejected_concurrency"] == 1


def test_fault_probability_zero_never_fires_and_bad_specs_are_rejected(sandbox):
    sandbox.set_faults("http500=0")
    for _ in range(5):
        ok(call(sandbox, read_classes()))
    for bad in ({"nope": 1}, {"http500": 2}, {"http500": {"count": 0}}, {"spec": "http500"}):
        response = requests.post(sandbox.base_url + "/_sandbox/faults", json=bad, timeout=30)
        assert response.status_code == 400 and "error" in response.json()
    response = requests.post(
        sandbox.base_url + "/_sandbox/config", json={"latency_ms": -1}, timeout=30
    )
    assert response.status_code == 400


def test_status_counts_functions_and_billable_pages(sandbox):
    sandbox.reset_counters()
    call(sandbox, read_classes(), create_vendor("Counted"))
    status = sandbox.status()
    assert status["requests"] == 1
    assert status["functions"] == {"readByQuery": 1, "create": 1}
    assert status["billable_transactions"] == 2


def test_company_batch_setting_via_config(sandbox):
    assert sandbox.status()["config"]["payment_batch_required_entities"] == ["CA"]
    status = sandbox.configure(payment_batch_required_entities=["US", "CA"])
    assert status["config"]["payment_batch_required_entities"] == ["US", "CA"]
    customer = sandbox.query_rows(
        'SELECT "CUSTOMERID" FROM customer WHERE "ENTITY"=\'US\' AND "STATUS"=\'active\' LIMIT 1'
    )[0]["CUSTOMERID"]
    body = fn(
        "<create_arpayment><customerid>" + customer + "</customerid><paymentamount>5"
        "</paymentamount><bankaccountid>BOA-OPS</bankaccountid><datereceived><year>2026</year>"
        "<month>11</month><day>3</day></datereceived><paymentmethod>Cash</paymentmethod>"
        "</create_arpayment>"
    )
    result = call(sandbox, body).result()
    assert (
        result.findtext("errormessage/error/description2") == "Please provide a payment batch key."
    )
    response = requests.post(
        sandbox.base_url + "/_sandbox/config",
        json={"payment_batch_required_entities": "US"},
        timeout=30,
    )
    assert response.status_code == 400


def test_sessions_survive_a_restart(tmp_path, sandbox_template):
    from integrations.sandbox.handle import SandboxHandle
    from integrations.sandbox.seed.context import PINNED_AS_OF
    from integrations.sandbox.server import SandboxServer
    from integrations.sandbox.sessions import SESSIONS_DB
    from integrations.sandbox.store import DB_NAME

    shutil.copyfile(sandbox_template, tmp_path / DB_NAME)
    first = SandboxHandle(SandboxServer(tmp_path, port=0, as_of=PINNED_AS_OF).start())
    session, _ = session_for(first, "US")
    ok(call(first, read_classes(), session=session))
    first.stop()
    assert session.encode() not in (tmp_path / SESSIONS_DB).read_bytes()
    second = SandboxHandle(SandboxServer(tmp_path, port=0, as_of=PINNED_AS_OF).start())
    try:
        reply = call(second, read_classes(), session=session)
        ok(reply)
        assert reply.root.findtext("operation/authentication/locationid") == "US"
        second.expire_sessions()
    finally:
        second.stop()
    third = SandboxHandle(SandboxServer(tmp_path, port=0, as_of=PINNED_AS_OF).start())
    try:
        gone = call(third, read_classes(), session=session)
        assert gone.root.findtext("operation/authentication/status") == "failure"
    finally:
        third.stop()
