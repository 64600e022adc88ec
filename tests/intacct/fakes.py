"""A scripted stand-in for the transport layer, for unit tests of the client facade only.

Integration tests use the real transport against the sandbox; these fakes let unit tests
decide each HTTP answer and inspect each request the client built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from integrations.intacct.config import ClientConfig, Credentials
from integrations.intacct.transport import HttpResult

ENDPOINT = "https://api.intacct.com/ia/xml/xmlgw.phtml"
POD = "https://na99.intacct.com/ia/xml/xmlgw.phtml"
CREDS = Credentials(
    sender_id="sender",
    sender_password="S3nder&Secret",
    company_id="ACME",
    user_id="ws",
    user_password="Us3r<Secret",
)
FAST = ClientConfig(
    retry_base_delay=0.0, retry_max_delay=0.0, max_requests_per_second=1000.0, batch_size=3
)

Handler = Callable[[etree._Element], HttpResult]


def http(body: bytes | str, status: int = 200, retry_after: float | None = None) -> HttpResult:
    """An HTTP answer."""
    data = body.encode() if isinstance(body, str) else body
    return HttpResult(status, "text/xml", retry_after, data, 0.001)


@dataclass
class FakeTransport:
    """Answers each POST with the next handler's result; records URLs and request trees."""

    handlers: list[Handler] = field(default_factory=list)
    requests: list[tuple[str, etree._Element]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)

    def post(self, url: str, body: bytes) -> HttpResult:
        root = etree.fromstring(body)
        self.requests.append((url, root))
        self.raw.append(body)
        if not self.handlers:
            raise AssertionError("unexpected extra request: " + names(root))
        return self.handlers.pop(0)(root)

    def close(self) -> None:
        pass


def names(root: etree._Element) -> str:
    """Function names of a request tree, comma-joined."""
    return ",".join(fn[0].tag for fn in root.iter("function"))


def controlids(root: etree._Element) -> list[str]:
    """Function controlids of a request tree."""
    return [fn.get("controlid", "") for fn in root.iter("function")]


AUTH_OK = (
    "<authentication><status>success</status><userid>ws</userid><companyid>ACME</companyid>"
    "<locationid></locationid><sessiontimestamp>2026-01-01T10:00:00+00:00</sessiontimestamp>"
    "<sessiontimeout>2026-01-01T{end}+00:00</sessiontimeout></authentication>"
)


def envelope(results: str, *, timeout: str = "18:00:00") -> str:
    """A successful control+authentication envelope around ``results``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</status>'
        "<senderid>sender</senderid><controlid>x</controlid><uniqueid>false</uniqueid>"
        "<dtdversion>3.0</dtdversion></control><operation>"
        + AUTH_OK.format(end=timeout)
        + results
        + "</operation></response>"
    )


def result(function: str, controlid: str, inner: str = "", status: str = "success") -> str:
    """One ``<result>``."""
    return (
        f"<result><status>{status}</status><function>{function}</function>"
        f"<controlid>{controlid}</controlid>{inner}</result>"
    )


def session_ok(
    endpoint: str = ENDPOINT, sessionid: str = "SESS-1..", timeout: str = "18:00:00"
) -> Handler:
    """Answer a getAPISession request."""

    def handle(root: etree._Element) -> HttpResult:
        assert names(root) == "getAPISession"
        (cid,) = controlids(root)
        api = (
            f"<data><api><sessionid>{sessionid}</sessionid><endpoint>{endpoint}</endpoint>"
            "<locationid></locationid></api></data>"
        )
        return http(envelope(result("getAPISession", cid, api), timeout=timeout))

    return handle


def each_ok(
    inner: Callable[[etree._Element], str] | str = "", timeout: str = "18:00:00"
) -> Handler:
    """Answer every function with success (``inner`` may depend on the function element)."""

    def handle(root: etree._Element) -> HttpResult:
        parts = []
        for fn in root.iter("function"):
            body = inner(fn) if callable(inner) else inner
            parts.append(result(fn[0].tag, fn.get("controlid", ""), body))
        return http(envelope("".join(parts), timeout=timeout))

    return handle


def fixed(body: bytes | str, status: int = 200, retry_after: float | None = None) -> Handler:
    """Always the same answer."""
    return lambda root: http(body, status, retry_after)


def raising(error: Exception) -> Handler:
    """Raise ``error`` from the transport."""

    def handle(root: etree._Element) -> HttpResult:
        raise error

    return handle
