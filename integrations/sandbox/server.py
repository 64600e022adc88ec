"""The HTTP server: the XML gateway plus a small JSON control endpoint.

Routes (all on the same host and port):

* ``POST /ia/xml/xmlgw.phtml`` — the Intacct XML gateway.
* ``GET /_sandbox/status`` — JSON counters (requests, functions by name, billable
  transactions, sessions, faults injected, requests in flight now and at most) and the
  current configuration and faults.
* ``POST /_sandbox/faults`` — replace the fault plan: ``{"http503": 0.5}``,
  ``{"http503": {"probability": 1, "count": 2, "function": "create", "writes_only": true}}``
  or ``{"spec": "http500=0.5,ratelimit=0.1"}``; ``{}`` clears every fault.
* ``POST /_sandbox/config`` — change ``latency_ms``, ``max_concurrency``,
  ``session_timeout_minutes``, ``uniqueid_mode`` (``replay``/``refuse``), ``timeout_hold_seconds``,
  and the company setting ``payment_batch_required_entities`` (list of entity IDs whose AR
  payments need a batch key; seeded as ``["CA"]``).
* ``POST /_sandbox/reset`` — zero the counters (and the high-water mark ``peak_in_flight``
  of requests served at once).
* ``POST /_sandbox/expire-sessions`` — invalidate every session now.

Bad control input gets HTTP 400 with ``{"error": "..."}``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .config import FAULT_NAMES, ConfigError, SandboxConfig, parse_fault_json
from .counters import Counters
from .gateway import Gateway
from .limits import RequestLimits
from .responses import CONTENT_TYPE, Prepared, Reply, gateway_error
from .sessions import SessionStore
from .store import Store
from .xmlutil import MAX_BODY_BYTES

log = logging.getLogger(__name__)

GATEWAY_PATH = "/ia/xml/xmlgw.phtml"
CONTROL_PREFIX = "/_sandbox/"

_HTML_ERRORS = {
    500: b"<html><body><h1>500 Internal Server Error</h1></body></html>",
    502: b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    503: b"<html><body><h1>503 Service Unavailable</h1></body></html>",
    524: (
        b'<html><body><div class="cf-error-details"><h1>Error 524</h1>'
        b"<p>A timeout occurred</p></div></body></html>"
    ),
}


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - %s", self.address_string(), format % args)

    # -- plumbing ----------------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, sort_keys=True).encode(), "application/json")

    def _body(self) -> bytes | None:
        length_header = self.headers.get("Content-Length")
        try:
            length = int(length_header or "0")
        except ValueError:
            return None
        if length < 0 or length > MAX_BODY_BYTES:
            return None
        return self.rfile.read(length) if length else b""

    # -- routes ------------------------------------------------------------------------
    def do_GET(self) -> None:
        sandbox = self.server.sandbox
        if self.path == CONTROL_PREFIX + "status":
            self._json(200, sandbox.status())
        elif self.path == GATEWAY_PATH:
            self._send(400, gateway_error("GW-0011", "Invalid Request"), CONTENT_TYPE)
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path == GATEWAY_PATH:
            self._gateway()
        elif self.path.startswith(CONTROL_PREFIX):
            self._control(self.path[len(CONTROL_PREFIX) :])
        else:
            self._json(404, {"error": "not found"})

    def _control(self, action: str) -> None:
        sandbox = self.server.sandbox
        body = self._body()
        if body is None:
            self._json(400, {"error": "bad or too large body"})
            return
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            self._json(400, {"error": "body is not JSON"})
            return
        try:
            if action == "faults":
                sandbox.config.set_faults(parse_fault_json(payload))
            elif action == "config":
                if not isinstance(payload, dict):
                    raise ConfigError("config must be a JSON object")
                company = payload.pop("payment_batch_required_entities", None)
                sandbox.config.update(payload)
                if company is not None:
                    sandbox.set_batch_entities(company)
            elif action == "reset":
                sandbox.counters.reset()
                sandbox.limits.reset_peak()
            elif action == "expire-sessions":
                sandbox.sessions.expire_all()
            else:
                self._json(404, {"error": f"unknown control action '{action}'"})
                return
        except ConfigError as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(200, sandbox.status())

    def _gateway(self) -> None:
        sandbox = self.server.sandbox
        sandbox.counters.add(requests=1)
        body = self._body()
        if body is None:
            self.close_connection = True
            self._reply(Reply(400, gateway_error("GW-0011", "Invalid Request")))
            return
        refused = sandbox.limits.enter()
        if refused is not None:
            sandbox.counters.add(**{f"rejected_{refused}": 1})
            self._reply(self._rate_limited())
            return
        try:
            self._gateway_inner(body)
        finally:
            sandbox.limits.leave()

    def _rate_limited(self) -> Reply:
        retry_after = str(self.server.sandbox.config.retry_after_seconds)
        body = gateway_error("GW-0010", "Rate limit exceeded")
        return Reply(429, body, headers=(("Retry-After", retry_after),))

    def _reply(self, reply: Reply) -> None:
        self.server.sandbox.counters.bump("http_status", str(reply.status))
        self._send(reply.status, reply.body, reply.content_type, reply.headers)

    def _gateway_inner(self, body: bytes) -> None:
        sandbox = self.server.sandbox
        latency = sandbox.config.latency_ms
        if latency:
            sandbox.stopping.wait(latency / 1000)
        prepared = sandbox.gateway.prepare(body)
        fired = sandbox.config.draw_faults(prepared.functions, prepared.has_write)
        for name in fired:
            sandbox.counters.bump("faults", name)
        for status, name in ((500, "http500"), (502, "http502"), (503, "http503")):
            if name in fired:
                self._reply(Reply(status, _HTML_ERRORS[status], "text/html"))
                return
        if "ratelimit" in fired:
            self._reply(self._rate_limited())
            return
        # "timeout": hold past the client's timeout, then run anyway (ambiguous outcome).
        if "timeout" in fired and sandbox.stopping.wait(sandbox.config.timeout_hold_seconds):
            self.close_connection = True
            return
        if "session_expiry" in fired and prepared.session_id:
            sandbox.sessions.expire(prepared.session_id)
        reply = self._execute(prepared)
        if "lost_ack" in fired:
            # Committed, but the answer never arrives: drop the connection.
            self.close_connection = True
            self.server.sandbox.counters.bump("http_status", "dropped")
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if "http524_after_commit" in fired:
            self._reply(Reply(524, _HTML_ERRORS[524], "text/html"))
            return
        if "malformed" in fired:
            reply = Reply(
                reply.status, reply.body[: max(len(reply.body) // 2, 1)], reply.content_type
            )
        self._reply(reply)

    def _execute(self, prepared: Prepared) -> Reply:
        if prepared.reply is not None:
            return prepared.reply
        return self.server.sandbox.gateway.execute(prepared)


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined on close (after their connections are shut down).
    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # Remember live connections so stop() can close idle keep-alive ones too.
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open client connection (their handler threads then finish)."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class SandboxServer:
    """A sandbox company served over HTTP; start it in a thread or run it in the foreground.

    ``port=0`` picks a free port. The database lives in ``data_dir`` and is seeded on first
    use (``scale`` invoices, ``seed`` for determinism, ``empty`` for setup data only, history
    ending on ``as_of``, default today).
    """

    def __init__(
        self,
        data_dir: Path | str,
        host: str = "127.0.0.1",
        port: int = 8765,
        scale: int = 1000,
        seed: int = 1,
        empty: bool = False,
        config: SandboxConfig | None = None,
        as_of: date | None = None,
    ) -> None:
        from .seed import seed_company

        self.config = config or SandboxConfig()
        self.store = Store(Path(data_dir))
        if not self.store.exists():
            seed_company(self.store, scale=scale, seed=seed, empty=empty, as_of=as_of)
        else:
            # A reused data dir keeps its data; bring its schema and indexes up to date.
            with self.store.connection() as conn:
                self.store.create_schema(conn)
                self.store.create_indexes(conn)
        self.sessions = SessionStore(self.store.data_dir)
        self.counters = Counters()
        self.stopping = threading.Event()
        self.limits = RequestLimits(self.config)
        self._http = _HTTPServer((host, port), self)
        address = self._http.server_address
        self.host, self.port = str(address[0]), int(address[1])
        self.gateway = Gateway(
            self.store, self.config, self.sessions, self.counters, self.gateway_url
        )
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    @property
    def gateway_url(self) -> str:
        """The gateway endpoint URL (also returned by getAPISession)."""
        return self.base_url + GATEWAY_PATH

    def set_batch_entities(self, entities: Any) -> None:
        """Company setting: entities whose AR payments need a batch key (list of IDs)."""
        if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
            raise ConfigError("payment_batch_required_entities must be a list of entity IDs")
        with self.store.write_lock, self.store.connection() as conn:
            self.store.set_meta(conn, "payment_batch_required_entities", ",".join(entities))

    def batch_entities(self) -> list[str]:
        """Entities whose AR payments need a batch key."""
        with self.store.connection() as conn:
            value = self.store.get_meta(conn, "payment_batch_required_entities")
        return [entity for entity in value.split(",") if entity]

    def status(self) -> dict[str, Any]:
        """Counters, sessions and configuration as JSON-ready data."""
        data = self.counters.snapshot()
        data["sessions"] = {"created": self.sessions.created, "active": self.sessions.active()}
        data["in_flight"] = self.limits.in_flight
        data["peak_in_flight"] = self.limits.peak_in_flight
        data["config"] = self.config.snapshot()
        data["config"]["payment_batch_required_entities"] = self.batch_entities()
        data["fault_names"] = list(FAULT_NAMES)
        data["gateway_url"] = self.gateway_url
        return data

    def start(self) -> SandboxServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"intacct-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` or KeyboardInterrupt."""
        try:
            self._http.serve_forever(poll_interval=0.2)
        finally:
            self._close()

    def stop(self) -> None:
        """Stop serving, release held requests, close the socket and the database."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        if self._thread is not None:
            # shutdown() waits for serve_forever(), so only call it when serving.
            self._http.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._close()

    def _close(self) -> None:
        self.stopping.set()
        if self._closed:
            return
        self._closed = True
        self._http.close_connections()
        self._http.server_close()
        deadline = time.monotonic() + 5
        while self.limits.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)
        self.store.close()
        self.sessions.close()


def run(
    data_dir: Path | str,
    host: str = "127.0.0.1",
    port: int = 8765,
    scale: int = 1000,
    seed: int = 1,
    empty: bool = False,
    config: SandboxConfig | None = None,
    out: Any = None,
    as_of: date | None = None,
) -> None:
    """Seed if needed, print the URL and demo credentials, and serve until interrupted."""
    from .config import COMPANY_ID, SENDER_ID, SENDER_PASSWORD, USER_ID, USER_PASSWORD

    started = time.monotonic()
    server = SandboxServer(data_dir, host, port, scale, seed, empty, config, as_of)
    write = out.write if out is not None else print
    write(f"Intacct sandbox ready in {time.monotonic() - started:.1f}s\n")
    write(f"  gateway:  {server.gateway_url}\n")
    write(f"  control:  {server.base_url}{CONTROL_PREFIX}status\n")
    write(f"  sender:   {SENDER_ID} / {SENDER_PASSWORD}\n")
    write(f"  company:  {COMPANY_ID}   user: {USER_ID} / {USER_PASSWORD}\n")
    write("  entities: US (USD), UK (GBP), CA (CAD); empty locationid = top level\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        write("Intacct sandbox stopped\n")
