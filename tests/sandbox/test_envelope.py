"""Envelope, authentication and session behaviour over real HTTP."""

from __future__ import annotations

from .helpers import call, envelope, errors, fn, login_xml, ok, post, session_for


def test_login_and_session_round_trip(sandbox_server):
    session, endpoint = session_for(sandbox_server)
    assert endpoint == sandbox_server.gateway_url
    reply = call(
        sandbox_server,
        fn("<readByQuery><object>CLASS</object><query></query></readByQuery>"),
        session=session,
    )
    auth = reply.root.find("operation/authentication")
    assert auth.findtext("status") == "success"
    assert auth.findtext("userid") == "ws_user"
    assert auth.findtext("sessiontimeout") > auth.findtext("sessiontimestamp")
    ok(reply)


def test_bad_sender_is_control_failure(sandbox_server):
    reply = post(
        sandbox_server, envelope(sandbox_server, fn("<getAPISession/>"), sender_password="wrong")
    )
    assert reply.status == 200
    assert reply.root.findtext("control/status") == "failure"
    assert errors(reply.root) == ["XL03000006"]
    assert reply.root.find("operation") is None


def test_bad_user_password_is_authentication_failure(sandbox_server):
    auth = login_xml(sandbox_server, user_password="nope")
    reply = call(sandbox_server, fn("<getAPISession/>"), auth=auth)
    assert reply.root.findtext("operation/authentication/status") == "failure"
    assert errors(reply.root.find("operation")) == ["XL03000006"]
    assert reply.root.find("operation/result") is None


def test_unknown_company_is_http_401(sandbox_server):
    auth = login_xml(sandbox_server, company_id="OTHER-CO")
    reply = call(sandbox_server, fn("<getAPISession/>"), auth=auth)
    assert reply.status == 401
    assert errors(reply.root) == ["XMLGW_JPP0002"]


def test_malformed_xml_lists_parser_errors(sandbox_server):
    reply = post(sandbox_server, b"<request><control><senderid>x</control></request>")
    assert reply.root.findtext("control/status") == "failure"
    assert set(errors(reply.root)) == {"XL03000003"}


def test_entities_are_refused(sandbox_server):
    body = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]>'
        b"<request><control><senderid>&x;</senderid></control></request>"
    )
    reply = post(sandbox_server, body)
    assert errors(reply.root) == ["XL03000003"]


def test_empty_body_is_gw_0011(sandbox_server):
    reply = post(sandbox_server, b"")
    assert reply.status == 400
    assert errors(reply.root) == ["GW-0011"]


def test_invalid_session_fails_authentication(sandbox_server):
    reply = call(sandbox_server, fn("<getAPISession/>"), session="not-a-session")
    auth = reply.root.find("operation/authentication")
    assert auth.findtext("status") == "failure"
    assert auth.findtext("userid") == ""
    assert errors(reply.root.find("operation")) == ["XL03000006"]


def test_stop_leaves_no_threads_or_open_port(make_sandbox):
    import socket
    import threading

    import requests

    # Threads of other tests may end meanwhile: only threads this server started count.
    before = set(threading.enumerate())
    handle = make_sandbox(scale=10, seed=1)
    session = requests.Session()  # keep-alive connection left open on purpose
    assert session.get(handle.base_url + "/_sandbox/status", timeout=30).status_code == 200
    assert set(threading.enumerate()) - before  # it did start serving threads
    handle.stop()
    left = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    assert left == []
    with socket.socket() as probe:
        assert probe.connect_ex((handle.server.host, handle.server.port)) != 0
    session.close()


def test_showadditionalerrorinfo_adds_details(sandbox_server):
    body = envelope(
        sandbox_server, fn("<delete><object>CUSTOMER</object><keys>987654</keys></delete>")
    ).replace(
        b"<includewhitespace>",
        b"<showadditionalerrorinfo>true</showadditionalerrorinfo><includewhitespace>",
    )
    # The XSD has no showadditionalerrorinfo in control; the gateway accepts it (newer element).
    reply = post(sandbox_server, body)
    error = reply.root.find("operation/result/errormessage/error")
    info = error.find("additionalinfo")
    assert info is not None and info.findtext("errorid") == "SBX-BL01001973"
    assert [child.tag for child in info] == [
        "errorid",
        "category",
        "target",
        "description",
        "cdescription",
        "correction",
    ]


def test_deeply_nested_xml_is_a_parse_error(sandbox_server):
    body = b"<request>" + b"<a>" * 300 + b"x" + b"</a>" * 300 + b"</request>"
    reply = post(sandbox_server, body)
    assert reply.status in (200, 400)
    assert reply.root.findtext("control/status") == "failure"


def test_stop_without_start_returns(tmp_path):
    from integrations.sandbox.seed.context import PINNED_AS_OF
    from integrations.sandbox.server import SandboxServer

    server = SandboxServer(tmp_path, port=0, scale=5, seed=1, as_of=PINNED_AS_OF)
    server.stop()
    assert server.stopping.is_set()


def test_unimplemented_and_unknown_functions(sandbox_server):
    reply = call(
        sandbox_server,
        fn("<create_class><classid>X</classid><name>X</name></create_class>", "a"),
        fn("<no_such_function/>", "b"),
    )
    assert errors(reply.result(0)) == ["SBX-0003"]
    assert errors(reply.result(1)) == ["XL03000003"]


def test_a_sandbox_can_be_another_company(make_sandbox):
    """Several companies for one hub: each sandbox signs in only its own company."""
    acme = make_sandbox(scale=20, company_id="ACME-CO")
    assert acme.credentials["company_id"] == "ACME-CO"
    session, _ = session_for(acme)
    assert session
    reply = call(acme, fn("<getAPISession/>"), auth=login_xml(acme, company_id="DEMO-CO"))
    assert reply.status == 401
    assert errors(reply.root) == ["XMLGW_JPP0002"]
