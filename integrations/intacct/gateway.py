"""One HTTP exchange with the gateway: envelope -> throttle slot (local, then shared across
processes when configured) -> transport -> parser.

Counts every request that left, logs one INFO line per request (bodies only at DEBUG, with
passwords and session ids scrubbed) and maps HTTP statuses to the error tree.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext

from .config import ClientConfig, Credentials
from .envelope import LoginAuth, SessionAuth, build_request, serialize
from .errors import (
    ProtocolError,
    RateLimitError,
    RequestValueError,
    TransportError,
    UserCredentialsError,
)
from .functions import Function
from .inflight import SharedInFlight
from .parser import ParsedResponse, envelope_error, parse_response
from .results import StatsRecorder
from .scrub import Scrubber
from .throttle import CompanyThrottle
from .transport import HttpResult, Transport

log = logging.getLogger("integrations.intacct")


class Gateway:
    """Sends requests for one set of credentials; knows nothing about sessions or retries."""

    def __init__(
        self,
        credentials: Credentials,
        config: ClientConfig,
        transport: Transport,
        throttle: CompanyThrottle,
        scrub: Scrubber,
        stats: StatsRecorder,
        *,
        shared_in_flight: SharedInFlight | None = None,
    ) -> None:
        self._creds = credentials
        self._config = config
        self._transport = transport
        self._throttle = throttle
        self._scrub = scrub
        self._stats = stats
        self._shared = shared_in_flight

    def close(self) -> None:
        """Close HTTP connections."""
        self._transport.close()

    def exchange(
        self,
        url: str,
        functions: Sequence[Function],
        auth: LoginAuth | SessionAuth,
        *,
        transaction: bool = False,
        uniqueid: bool = False,
    ) -> ParsedResponse:
        """Send ``functions`` once and return the parsed envelope (envelope errors unchecked)."""
        controlid = f"req-{uuid.uuid4()}"
        try:
            request = build_request(
                sender_id=self._creds.sender_id,
                sender_password=self._creds.sender_password,
                controlid=controlid,
                auth=auth,
                functions=functions,
                transaction=transaction,
                uniqueid=uniqueid,
            )
        except RequestValueError:
            raise
        except ValueError as exc:
            # lxml refuses text XML cannot carry wherever a builder set it directly.
            raise RequestValueError(
                f"A value cannot be sent to Intacct ({exc}); correct it where it was entered."
            ) from None
        body = serialize(request)
        names = [f.function_name for f in functions]
        started = time.monotonic()
        http: HttpResult | None = None
        outcome = "ok"
        try:
            with self._throttle.slot(), self._shared_slot():
                try:
                    http = self._transport.post(url, body)
                except TransportError as exc:
                    if exc.sent:
                        self._stats.request(names)
                    raise
                except ProtocolError:
                    self._stats.request(names)  # sent; the answer was refused (too large)
                    raise
            self._stats.request(names)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("intacct request %s body: %s", controlid, self._scrub.xml(body))
                log.debug("intacct response %s body: %s", controlid, self._scrub.xml(http.body))
            return self.interpret(http)
        except Exception as exc:
            outcome = type(exc).__name__
            raise
        finally:
            log.info(
                "intacct request %s functions=%s count=%d transaction=%s http=%s bytes=%d "
                "duration_ms=%.0f outcome=%s",
                controlid,
                _summarize_names(names),
                len(names),
                transaction,
                http.status if http else "-",
                len(http.body) if http else 0,
                (time.monotonic() - started) * 1000,
                outcome,
            )

    def _shared_slot(self) -> AbstractContextManager[None]:
        """The company's slot shared across processes, taken after the local one."""
        return self._shared.slot() if self._shared is not None else nullcontext()

    def interpret(self, http: HttpResult) -> ParsedResponse:
        """Map an HTTP answer to a parsed envelope or the matching error."""
        limit = self._config.max_response_bytes
        status = http.status
        if status == 200:
            return parse_response(http.body, max_bytes=limit, scrub=self._scrub)
        if status == 429:
            raise RateLimitError(
                "Intacct API rate limit exceeded (HTTP 429).", retry_after=http.retry_after
            )
        if 300 <= status < 400:
            raise ProtocolError(f"Refused to follow an HTTP {status} redirect.", party="client")
        if status >= 500:
            detail = " (Cloudflare 524: the request may still complete)" if status == 524 else ""
            raise TransportError(f"HTTP {status} from the Intacct gateway{detail}.", status=status)
        parsed: ParsedResponse | None
        try:
            parsed = parse_response(http.body, max_bytes=limit, scrub=self._scrub)
        except ProtocolError:
            parsed = None
        if parsed is not None:
            error = envelope_error(parsed)
            if error is not None:
                raise error
        if status == 401:
            raise UserCredentialsError("Intacct refused the credentials (HTTP 401).")
        if status == 408:
            raise TransportError("HTTP 408 request timeout from the gateway.", status=status)
        raise ProtocolError(f"Unexpected HTTP {status} from the gateway.", party="client")


def _summarize_names(names: Sequence[str]) -> str:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return ",".join(f"{n}x{c}" if c > 1 else n for n, c in counts.items())
