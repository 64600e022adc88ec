"""Hostile answers over real local HTTP are refused cleanly (ProtocolError/TransportError)."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from integrations.intacct import IntacctClient, ProtocolError, TransportError
from integrations.intacct.config import ClientConfig
from integrations.intacct.transport import Transport

from .fakes import CREDS

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<response><control><status>&xxe;</status></control></response>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<response><control><status>&lol3;</status></control></response>"""

TRUNCATED = b'<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</sta'
HTML = b"<!doctype html><html><head><title>Error</title></head><body>Oops</body></html>"
HTML_NO_DOCTYPE = b"<html><head><title>Error</title></head><body>Oops</body></html>"
HUGE = 200 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}
    sent: dict[str, int] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/huge":
            self._stream_huge()
            return
        status, body, headers = self.routes[self.path]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_huge(self) -> None:
        # 200 MB of an endless <data> element, chunked, counting what actually left.
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<x>" + b"A" * (1024 * 1024 - 7) + b"</x>"
        sent = 0
        try:
            self._chunk(b"<response><operation><result><data>")
            while sent < HUGE:
                self._chunk(chunk)
                sent += len(chunk)
                _Handler.sent["huge"] = sent
            self._chunk(b"</data></result></operation></response>")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")


@contextmanager
def serve(routes: dict[str, tuple[int, bytes, dict[str, str]]]) -> Iterator[str]:
    _Handler.routes = routes
    _Handler.sent = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


ROUTES = {
    "/xxe": (200, XXE, {"Content-Type": "text/xml"}),
    "/laughs": (200, LAUGHS, {"Content-Type": "text/xml"}),
    "/truncated": (200, TRUNCATED, {"Content-Type": "text/xml"}),
    "/html200": (200, HTML, {"Content-Type": "text/html"}),
    "/html200b": (200, HTML_NO_DOCTYPE, {"Content-Type": "text/html"}),
    "/html200upper": (200, HTML.replace(b"doctype", b"DOCTYPE"), {"Content-Type": "text/html"}),
    "/html502": (502, HTML, {"Content-Type": "text/html"}),
    "/html524": (524, HTML, {"Content-Type": "text/html"}),
    "/gzipbomb": (
        200,
        gzip.compress(b"<response>" + b" " * (8 * 1024 * 1024) + b"</response>"),
        {"Content-Type": "text/xml", "Content-Encoding": "gzip"},
    ),
}


@pytest.fixture(scope="module")
def base_url():
    with serve(ROUTES) as url:
        yield url


def config_for(url: str, **changes) -> ClientConfig:
    return replace(
        ClientConfig(allowed_endpoints=(url + "/",), retry_attempts=2, retry_base_delay=0.0),
        max_response_bytes=1024 * 1024,
        **changes,
    )


@pytest.mark.parametrize(
    ("path", "error", "retry_safe"),
    [
        ("/xxe", ProtocolError, False),
        ("/laughs", ProtocolError, False),
        ("/truncated", ProtocolError, True),
        ("/html200", ProtocolError, True),
        ("/html200upper", ProtocolError, True),
        ("/html200b", ProtocolError, True),
        ("/html502", TransportError, True),
        ("/html524", TransportError, True),
        ("/gzipbomb", ProtocolError, False),
    ],
)
def test_hostile_answer_to_login_is_refused(base_url, path, error, retry_safe):
    url = base_url + path
    client = IntacctClient(replace(CREDS, endpoint_url=url), config_for(base_url))
    with pytest.raises(error) as caught:
        client.open_session()
    assert caught.value.retry_safe is retry_safe
    assert CREDS.user_password.reveal() not in str(caught.value)
    client.close()


def test_200_mb_body_is_cut_at_the_limit_without_holding_it(base_url):
    transport = Transport(config_for(base_url))
    with pytest.raises(ProtocolError, match="limit"):
        transport.post(base_url + "/huge", b"<request/>")
    transport.close()
    # The server could push at most the limit plus socket buffers before the client hung up.
    assert _Handler.sent.get("huge", 0) < 64 * 1024 * 1024


def test_a_str_body_is_refused():
    from integrations.intacct.parser import parse_xml

    with pytest.raises(TypeError, match="bytes"):
        parse_xml("<response/>", max_bytes=1000)  # type: ignore[arg-type]


def test_connection_refused_is_known_not_sent():
    transport = Transport(ClientConfig(connect_timeout=2.0))
    with serve({}) as url:
        pass  # the port is closed again once the server stopped
    with pytest.raises(TransportError) as caught:
        transport.post(url + "/", b"<request/>")
    assert caught.value.sent is False
