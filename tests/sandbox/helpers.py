"""A tiny raw-XML client for sandbox tests (deliberately not the product's client)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import requests
from lxml import etree

from integrations.sandbox.handle import SandboxHandle
from tests.shared_docs import FIXTURES, require


def fixtures_dir() -> Path:
    """The shared fixtures; the test is skipped (and CI fails) when they are missing."""
    return require(FIXTURES)


def login_xml(handle: SandboxHandle, location: str | None = None, **override: str) -> str:
    """A <login> authentication block for the demo user."""
    creds = {**handle.credentials, **override}
    location_xml = f"<locationid>{escape(location)}</locationid>" if location is not None else ""
    return (
        f"<login><userid>{escape(creds['user_id'])}</userid>"
        f"<companyid>{escape(creds['company_id'])}</companyid>"
        f"<password>{escape(creds['user_password'])}</password>{location_xml}</login>"
    )


def envelope(
    handle: SandboxHandle,
    functions: str,
    *,
    session: str | None = None,
    auth: str | None = None,
    transaction: bool = False,
    uniqueid: bool = False,
    sender_password: str | None = None,
) -> bytes:
    """A full request document around ``functions`` (already-serialised function elements)."""
    creds = handle.credentials
    if auth is None:
        auth = f"<sessionid>{session}</sessionid>" if session else login_xml(handle)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><request><control>'
        f"<senderid>{creds['sender_id']}</senderid>"
        f"<password>{sender_password or creds['sender_password']}</password>"
        f"<controlid>req-1</controlid><uniqueid>{'true' if uniqueid else 'false'}</uniqueid>"
        "<dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control>"
        f'<operation transaction="{"true" if transaction else "false"}">'
        f"<authentication>{auth}</authentication><content>{functions}</content></operation>"
        "</request>"
    ).encode()


def fn(body: str, controlid: str = "f1") -> str:
    """Wrap a function body in <function controlid=...>."""
    return f'<function controlid="{escape(controlid)}">{body}</function>'


@dataclass
class Reply:
    """An HTTP reply with its parsed XML (when there is any)."""

    status: int
    root: Any
    text: str

    def results(self) -> list[Any]:
        """The <result> elements."""
        return list(self.root.iterfind("operation/result"))

    def result(self, index: int = 0) -> Any:
        """One result."""
        return self.results()[index]


def post(handle: SandboxHandle, body: bytes, timeout: float = 30) -> Reply:
    """POST a body to the gateway and parse the answer."""
    response = requests.post(
        handle.gateway_url,
        data=body,
        headers={"Content-Type": "application/xml"},
        timeout=timeout,
    )
    root = None
    if response.headers.get("Content-Type", "").startswith("text/xml"):
        root = etree.fromstring(response.content)
    return Reply(response.status_code, root, response.text)


def call(handle: SandboxHandle, *functions: str, **options: Any) -> Reply:
    """Send functions with login authentication (or ``session=``) and return the reply."""
    return post(handle, envelope(handle, "".join(functions), **options))


def session_for(handle: SandboxHandle, location: str | None = None) -> tuple[str, str]:
    """Open an API session; returns (sessionid, endpoint)."""
    body = (
        "<getAPISession/>"
        if location is None
        else (f"<getAPISession><locationid>{location}</locationid></getAPISession>")
    )
    reply = call(handle, fn(body))
    api = reply.result().find("data/api")
    return api.findtext("sessionid"), api.findtext("endpoint")


def ok(reply: Reply, index: int = 0) -> Any:
    """Assert a result succeeded and return it."""
    result = reply.result(index)
    assert result.findtext("status") == "success", etree.tostring(result).decode()
    return result


def errors(result: Any) -> list[str]:
    """The errorno values of a result (or of any element holding an errormessage)."""
    return [error.findtext("errorno") for error in result.iterfind("errormessage/error")]


def rows(result: Any) -> list[dict[str, str]]:
    """Data rows of a result as dicts of direct child text."""
    data = result.find("data")
    return [{child.tag: child.text or "" for child in row} for row in data]
