"""A gateway that turns hostile after sign-in: a real HTTP proxy in front of the sandbox.

Sign-in (getAPISession) goes to the sandbox and its answer names this proxy as the session
endpoint (or, in ``endpoint`` mode, a host that is not allowed). Later requests are forwarded
too, unless the mode answers them with something hostile:

* ``dtd``: a document with a DTD and an entity;
* ``html``: an HTML page with status 200;
* ``oversize``: an answer that declares more bytes than the client accepts;
* ``aborted``: the sandbox's answer with every function (of ``objects``, if given) ``aborted``;
* ``lose``: write requests reach the sandbox (and commit) but, at ``lose_rate`` (seeded), the
  answer is replaced by a 524 timeout page: the acknowledgement is lost.
"""

from __future__ import annotations

import random
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

EVIL_ENDPOINT = "https://gateway.evil.example/ia/xml/xmlgw.phtml"
DTD = (
    b'<?xml version="1.0"?>\n<!DOCTYPE response [<!ENTITY x "x">]>\n'
    b"<response><control><status>&x;</status></control></response>"
)
HTML = b"<!DOCTYPE html><html><body><h1>Please sign in to the proxy</h1></body></html>"


class HostileGateway:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "pass"
        self.objects: set[str] = set()
        self.received: list[bytes] = []  # every request body, in order
        self.lose_rate = 0.0
        self.lost = 0  # answers lost in ``lose`` mode
        self._random = random.Random(7)
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                gateway.received.append(body)
                status, headers, answer = gateway.answer(body)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/"

    @property
    def gateway_url(self) -> str:
        return self.base_url + "ia/xml/xmlgw.phtml"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _forward(self, body: bytes) -> bytes:
        request = urllib.request.Request(  # noqa: S310 - the local sandbox
            self.upstream, data=body, headers={"Content-Type": "application/xml"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return bytes(response.read())

    def _lose(self, functions: list[etree._Element]) -> bool:
        reads = {"query", "readByQuery", "readMore", "read", "readByName", "inspect", "lookup"}
        if all(f.tag in reads for f in functions) or self._random.random() >= self.lose_rate:
            return False
        self.lost += 1
        return True

    def answer(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        request = etree.fromstring(body)
        functions = [f[0] for f in request.iter("function")]
        xml = {"Content-Type": "text/xml; charset=UTF-8"}
        if any(f.tag == "getAPISession" for f in functions):
            root = etree.fromstring(self._forward(body))
            for element in root.iter("endpoint"):
                element.text = EVIL_ENDPOINT if self.mode == "endpoint" else self.gateway_url
            return 200, xml, etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        if self.mode == "dtd":
            return 200, xml, DTD
        if self.mode == "html":
            return 200, {"Content-Type": "text/html"}, HTML
        if self.mode == "oversize":
            return 200, {**xml, "Content-Length": str(500 * 1024 * 1024)}, b""
        answer = self._forward(body)
        if self.mode == "lose" and self._lose(functions):
            return 524, {"Content-Type": "text/html"}, b"<html><h1>A timeout occurred</h1></html>"
        if self.mode != "aborted":
            return 200, xml, answer
        root = etree.fromstring(answer)
        for function, result in zip(functions, root.iter("result"), strict=True):
            if self.objects and function.findtext("object") not in self.objects:
                continue
            for child in list(result):
                if child.tag not in ("function", "controlid"):
                    result.remove(child)
            status = etree.SubElement(result, "status")
            status.text = "aborted"
            result.insert(0, status)
            errors = etree.SubElement(result, "errormessage")
            error = etree.SubElement(errors, "error")
            etree.SubElement(error, "errorno").text = "XL03000009"
            etree.SubElement(error, "description2").text = "The entire transaction was aborted."
        return 200, xml, etree.tostring(root, xml_declaration=True, encoding="UTF-8")
