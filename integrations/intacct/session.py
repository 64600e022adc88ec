"""Sessions: getAPISession alone in its request, the returned endpoint checked against the
allow-list, the sliding ``sessiontimeout`` tracked and refreshed before it, and one re-login
(resending the same functions) when the gateway refuses the session.

The gateway's clock and ours may differ, so the deadline is computed from the window the
gateway states (``sessiontimeout - sessiontimestamp``) added to our own monotonic clock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from .checks import match_results, read_failure
from .config import ClientConfig, Credentials, SessionInfo
from .endpoints import check_endpoint
from .envelope import LoginAuth, SessionAuth
from .errors import (
    IntacctError,
    ProtocolError,
    UserCredentialsError,
)
from .functions import Function, GetAPISession
from .gateway import Gateway
from .parser import AuthInfo, envelope_error
from .results import (
    FunctionOutcome,
)
from .scrub import Scrubber
from .secret import Secret

log = logging.getLogger("integrations.intacct")


def _parse_iso(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def remaining_window(auth: AuthInfo, *, now: datetime | None = None) -> timedelta | None:
    """How long the session stays valid after this response, or None if not stated."""
    timeout = _parse_iso(auth.session_timeout)
    if timeout is None:
        return None
    stamp = _parse_iso(auth.session_timestamp) or now or datetime.now(UTC)
    return max(timeout - stamp, timedelta(0))


class SessionState:
    """The current session and its local deadline (monotonic seconds)."""

    def __init__(self, info: SessionInfo, deadline: float | None) -> None:
        self.info = info
        self.deadline = deadline

    @classmethod
    def start(cls, info: SessionInfo, auth: AuthInfo | None) -> SessionState:
        """A new session from the getAPISession response."""
        state = cls(info, None)
        if auth is not None:
            state.slide(auth)
        return state

    def slide(self, auth: AuthInfo) -> None:
        """Move the deadline with a successful response (the timeout is sliding)."""
        window = remaining_window(auth)
        if window is None:
            return
        self.deadline = time.monotonic() + window.total_seconds()
        self.info = replace(self.info, expires_at=datetime.now(UTC) + window)

    def needs_refresh(self, margin: float) -> bool:
        """True when the session expires within ``margin`` seconds."""
        return self.deadline is not None and time.monotonic() >= self.deadline - margin


class SessionManager:
    """Opens, slides, refreshes and replaces the API session; sends requests on it."""

    def __init__(
        self, credentials: Credentials, config: ClientConfig, gateway: Gateway, scrub: Scrubber
    ) -> None:
        self._creds = credentials
        self._config = config
        self._gateway = gateway
        self._scrub = scrub
        self._session: SessionState | None = None
        self._session_lock = threading.Lock()
        self.logins = 0  # sessions opened so far (a readMore across sessions may be refused)

    def open_session(self) -> SessionInfo:
        """Log in now (getAPISession alone in its request) and return the session."""
        with self._session_lock:
            return self._open().info

    def _open(self) -> SessionState:
        # Callers hold the session lock.
        try:
            state = self._session = self._login()
        except IntacctError as exc:
            exc.stage = "login"
            raise
        self.logins += 1
        return state

    def _login(self) -> SessionState:
        creds = self._creds
        endpoint = check_endpoint(creds.endpoint_url, self._config.allowed_endpoints)
        auth = LoginAuth(creds.user_id, creds.company_id, creds.user_password, creds.entity_id)
        function = GetAPISession(creds.entity_id)
        parsed = self._gateway.exchange(endpoint, [function], auth)
        error = envelope_error(parsed)
        if error is not None:
            raise error
        outcome = match_results([function], parsed.results)[0]
        if not outcome.ok:
            raise read_failure(outcome)
        api = outcome.records[0] if outcome.records else None
        sessionid = Secret(api.text("sessionid") or "") if api is not None else Secret()
        if api is None or not sessionid:
            raise ProtocolError("getAPISession answered without a session id.", retry_safe=True)
        self._scrub.add(sessionid)
        # The returned endpoint receives the session id and sender credentials: check it first.
        session_endpoint = check_endpoint(
            api.text("endpoint") or endpoint, self._config.allowed_endpoints
        )
        info = SessionInfo(
            sessionid=sessionid,
            endpoint=session_endpoint,
            entity_id=api.text("locationid") or "",
            user_id=parsed.auth.user_id if parsed.auth else "",
            company_id=parsed.auth.company_id if parsed.auth else "",
        )
        return SessionState.start(info, parsed.auth)

    def _current_session(self) -> SessionState:
        with self._session_lock:
            state = self._session
            if state is None or state.needs_refresh(self._config.session_refresh_margin):
                state = self._open()
            return state

    def _drop_session(self, state: SessionState) -> None:
        with self._session_lock:
            if self._session is state:
                self._session = None

    def call(
        self, functions: Sequence[Function], *, transaction: bool = False, uniqueid: bool = False
    ) -> list[FunctionOutcome]:
        """One request on the session (no retries); re-login once if the session was refused."""
        state = self._current_session()
        for attempt in (1, 2):
            try:
                parsed = self._gateway.exchange(
                    state.info.endpoint,
                    functions,
                    SessionAuth(state.info.sessionid),
                    transaction=transaction,
                    uniqueid=uniqueid,
                )
                error = envelope_error(parsed)
                if error is not None:
                    raise error
            except UserCredentialsError as exc:
                # Nothing ran: the session expired or was revoked. Log in once and resend the
                # very same functions (same controlids).
                if attempt == 2:
                    # The login itself worked, so this is no lockout risk: nothing ran and the
                    # caller's retry policy may try again.
                    raise UserCredentialsError(
                        f"The new session was refused as well: {exc.message}",
                        retry_safe=True,
                        errors=exc.errors,
                    ) from None
                log.info("intacct session refused; logging in again")
                self._drop_session(state)
                state = self._current_session()
                continue
            if parsed.auth is not None:
                state.slide(parsed.auth)
            return parsed.results
        raise AssertionError("unreachable")  # pragma: no cover
