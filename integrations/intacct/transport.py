"""HTTP transport: one ``requests.Session``, connect/read timeouts, gzip, a streamed size limit.

The transport never retries and never follows redirects (a redirect could carry credentials to
another host). It tells whether a failed request certainly never left this machine, which is
the only case where a write may be sent again without reconciliation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from .config import ClientConfig
from .errors import TransportError, UnsafeResponseError

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class HttpResult:
    """A complete HTTP answer (body already size-checked)."""

    status: int
    content_type: str
    retry_after: float | None
    body: bytes
    elapsed: float


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None when absent or invalid."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _never_sent(exc: BaseException) -> bool:
    """True when the connection could not even be opened (DNS, refused, connect timeout)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError | ConnectTimeoutError | NameResolutionError):
            return True
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        args = getattr(current, "args", ())
        nxt = args[0] if args and isinstance(args[0], BaseException) else None
        current = nxt or current.__cause__ or current.__context__
    return False


class Transport:
    """Posts XML bodies and returns :class:`HttpResult`; raises TransportError/ProtocolError."""

    def __init__(self, config: ClientConfig) -> None:
        self._config = config
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Content-Type": "application/xml; charset=UTF-8",
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": config.user_agent,
            }
        )
        self._session.trust_env = False  # no proxy or netrc credentials from the environment

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def post(self, url: str, body: bytes) -> HttpResult:
        """POST ``body`` to ``url`` and read the whole answer within the size limit."""
        started = time.monotonic()
        try:
            response = self._session.post(
                url,
                data=body,
                timeout=(self._config.connect_timeout, self._config.read_timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            sent = not _never_sent(exc)
            kind = "timed out" if isinstance(exc, requests.Timeout) else "failed"
            raise TransportError(
                f"Request to the Intacct gateway {kind} ({type(exc).__name__}).", sent=sent
            ) from None
        with response:
            limit = self._config.max_response_bytes
            declared = response.headers.get("Content-Length", "")
            if (
                declared.isdigit()
                and int(declared) > limit
                and "gzip" not in (response.headers.get("Content-Encoding", ""))
            ):
                raise UnsafeResponseError(
                    f"Response declares {declared} bytes, over the {limit}-byte limit; refused."
                )
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in response.iter_content(chunk_size=_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise UnsafeResponseError(
                            f"Response is over the {limit}-byte limit; stopped reading."
                        )
                    chunks.append(chunk)
            except requests.RequestException as exc:
                raise TransportError(
                    f"Connection lost while reading the response ({type(exc).__name__}).",
                    status=response.status_code,
                ) from None
            return HttpResult(
                status=response.status_code,
                content_type=response.headers.get("Content-Type", ""),
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                body=b"".join(chunks),
                elapsed=time.monotonic() - started,
            )
