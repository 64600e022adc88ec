"""Client facade over a scripted transport: sessions, endpoints, credentials, logging."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from integrations.intacct import (
    ClientConfig,
    EndpointNotAllowed,
    IntacctClient,
    SenderCredentialsError,
    UserCredentialsError,
)
from integrations.intacct.functions import Read

from .fakes import (
    CREDS,
    ENDPOINT,
    FAST,
    POD,
    FakeTransport,
    controlids,
    each_ok,
    fixed,
    names,
    session_ok,
)
from .shared import fixture_bytes

READ_ROW = "<data listtype='CUSTOMER' count='1'><CUSTOMER><RECORDNO>1</RECORDNO></CUSTOMER></data>"


def make(*handlers, config=FAST, creds=CREDS):
    transport = FakeTransport(list(handlers))
    return IntacctClient(creds, config, transport=transport), transport


def test_lazy_login_then_session_on_the_returned_endpoint():
    client, transport = make(session_ok(endpoint=POD), each_ok(READ_ROW))
    assert transport.requests == []
    records = client.read("CUSTOMER", [1])
    assert [r.int("RECORDNO") for r in records] == [1]
    (login_url, login), (read_url, read) = transport.requests
    assert login_url == ENDPOINT and names(login) == "getAPISession"
    password = login.find("operation/authentication/login/password").text
    assert password == CREDS.user_password.reveal()
    assert read_url == POD
    assert read.findtext("operation/authentication/sessionid") == "SESS-1.."
    assert read.find(".//login") is None


def test_entity_session_asks_for_the_entity():
    client, transport = make(session_ok())
    client = IntacctClient(replace(CREDS, entity_id="E100"), FAST, transport=transport)
    info = client.open_session()
    (_, login) = transport.requests[0]
    assert login.findtext(".//getAPISession/locationid") == "E100"
    assert login.findtext(".//login/locationid") == "E100"
    assert info.endpoint == ENDPOINT
    assert "SESS" not in repr(info)
    assert info.expires_at is not None


def test_returned_endpoint_off_the_allow_list_is_refused_before_use():
    client, transport = make(session_ok(endpoint="https://evil.example.com/xmlgw"))
    with pytest.raises(EndpointNotAllowed):
        client.read("CUSTOMER", [1])
    assert len(transport.requests) == 1  # nothing was sent to the returned endpoint


def test_configured_endpoint_is_checked_at_construction():
    with pytest.raises(EndpointNotAllowed):
        IntacctClient(replace(CREDS, endpoint_url="http://127.0.0.1:9/x"), FAST)
    allowed = replace(FAST, allowed_endpoints=("http://127.0.0.1:9/",))
    IntacctClient(replace(CREDS, endpoint_url="http://127.0.0.1:9/x"), allowed).close()


def test_invalid_session_logs_in_once_and_resends_the_same_controlids():
    invalid = fixture_bytes("jfcote87-intacct/resp_auth_failure_invalid_session.xml")
    client, transport = make(
        session_ok(), fixed(invalid), session_ok(sessionid="SESS-2.."), each_ok(READ_ROW)
    )
    client.read("CUSTOMER", [1])
    calls = [names(r) for _, r in transport.requests]
    assert calls == ["getAPISession", "read", "getAPISession", "read"]
    first, second = transport.requests[1][1], transport.requests[3][1]
    assert controlids(first) == controlids(second)
    assert second.findtext(".//sessionid") == "SESS-2.."


def test_session_refused_twice_is_a_credentials_error():
    invalid = fixture_bytes("jfcote87-intacct/resp_auth_failure_invalid_session.xml")
    client, transport = make(session_ok(), fixed(invalid), session_ok(), fixed(invalid))
    config = replace(FAST, retry_attempts=1)
    client = IntacctClient(CREDS, config, transport=transport)
    with pytest.raises(UserCredentialsError) as caught:
        client.read("CUSTOMER", [1])
    assert len(transport.requests) == 4
    assert caught.value.retry_safe  # the login worked; only the session was refused


@pytest.mark.parametrize(
    ("fixture", "status", "error"),
    [
        ("jfcote87-intacct/resp_auth_failure_login_invalid.xml", 200, UserCredentialsError),
        ("intacct-sdk-php/resp_http401_XMLGW_JPP0002.xml", 401, UserCredentialsError),
        ("intacct-sdk-php/resp_control_failure_XL03000006.xml", 200, SenderCredentialsError),
    ],
)
def test_login_failures_are_never_retried(fixture, status, error):
    client, transport = make(fixed(fixture_bytes(fixture), status))
    with pytest.raises(error) as caught:
        client.read("CUSTOMER", [1])
    assert len(transport.requests) == 1
    assert caught.value.retry_safe is False and caught.value.party == "configuration"


def test_session_is_refreshed_before_its_sliding_timeout():
    # The gateway states a 4-minute window; the refresh margin is 5 minutes.
    client, transport = make(
        session_ok(timeout="10:04:00"), each_ok(READ_ROW, timeout="10:04:00"),
        session_ok(sessionid="S2"), each_ok(READ_ROW),
    )  # fmt: skip
    client.read("CUSTOMER", [1])
    client.read("CUSTOMER", [1])
    assert [names(r) for _, r in transport.requests] == [
        "getAPISession", "read", "getAPISession", "read",
    ]  # fmt: skip


def test_long_session_is_reused():
    config = replace(FAST, session_refresh_margin=60.0)
    client, transport = make(session_ok(), each_ok(READ_ROW), each_ok(READ_ROW), config=config)
    client.read("CUSTOMER", [1])
    client.read("CUSTOMER", [2])
    assert [names(r) for _, r in transport.requests] == ["getAPISession", "read", "read"]


def test_secrets_never_reach_logs_or_reprs(caplog):
    caplog.set_level(logging.DEBUG, logger="integrations.intacct")
    client, _transport = make(session_ok(sessionid="TOP-SECRET-SESSION"), each_ok(READ_ROW))
    client.read("CUSTOMER", [1])
    text = caplog.text + repr(client) + repr(CREDS)
    secrets = (CREDS.sender_password.reveal(), CREDS.user_password.reveal(), "TOP-SECRET-SESSION")
    for secret in secrets:
        assert secret not in text
    assert "***" in caplog.text
    info_lines = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(info_lines) == 2
    assert "functions=read" in info_lines[1].getMessage()


def test_config_rejects_nonsense():
    with pytest.raises(ValueError, match="batch_size"):
        ClientConfig(batch_size=0)
    with pytest.raises(ValueError, match="sender_password"):
        replace(CREDS, sender_password="")


def test_read_chunks_keys_by_100_and_batches_chunks_per_request():
    config = replace(FAST, session_refresh_margin=0.0)
    client, transport = make(session_ok(), each_ok(""), config=config)
    client.read("CUSTOMER", list(range(1, 251)))
    (_, request) = transport.requests[1]
    keys = [fn.findtext("read/keys") for fn in request.iter("function")]
    assert [len(k.split(",")) for k in keys] == [100, 100, 50]
    assert Read.function_name == "read"


def test_secrets_echoed_by_the_gateway_are_scrubbed_from_errors():
    echo = (
        '<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</status>'
        "</control><operation><authentication><status>failure</status></authentication>"
        "<errormessage><error><errorno>XL03000006</errorno><description>Bad password "
        "Us3r&lt;Secret for sender S3nder&amp;Secret</description></error></errormessage>"
        "</operation></response>"
    )
    client, _ = make(fixed(echo))
    with pytest.raises(UserCredentialsError) as caught:
        client.open_session()
    text = str(caught.value) + repr(caught.value.errors)
    assert CREDS.user_password.reveal() not in text and CREDS.sender_password.reveal() not in text
    assert "***" in text
