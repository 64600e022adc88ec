"""Session bookkeeping: the sliding ``sessiontimeout`` turned into a local deadline.

The gateway's clock and ours may differ, so the deadline is computed from the window the
gateway states (``sessiontimeout - sessiontimestamp``) added to our own monotonic clock.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from .config import SessionInfo
from .parser import AuthInfo


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
