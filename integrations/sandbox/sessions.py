"""API sessions with sliding expiry."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass
class Session:
    """One API session: who, which entity (None = top level) and when it expires."""

    session_id: str
    user_id: str
    company_id: str
    entity_id: str | None
    expires_at: datetime

    def __repr__(self) -> str:
        # The session id is a credential: never show it in logs or reprs.
        return f"Session(user={self.user_id!r}, entity={self.entity_id!r})"


class SessionStore:
    """Thread-safe in-memory sessions (a restart logs everybody out, like a new pod would)."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self.created = 0

    def create(self, user_id: str, company_id: str, entity_id: str | None, minutes: int) -> Session:
        """Open a session valid for ``minutes`` from now."""
        session = Session(
            session_id=secrets.token_urlsafe(24) + "..",
            user_id=user_id,
            company_id=company_id,
            entity_id=entity_id,
            expires_at=datetime.now(UTC) + timedelta(minutes=minutes),
        )
        with self._lock:
            self._sessions[session.session_id] = session
            self.created += 1
        return session

    def touch(self, session_id: str, minutes: int) -> Session | None:
        """Return the live session and slide its expiry forward, or ``None`` if invalid."""
        now = datetime.now(UTC)
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if session.expires_at <= now:
                del self._sessions[session_id]
                return None
            session.expires_at = now + timedelta(minutes=minutes)
            return session

    def expire(self, session_id: str) -> None:
        """Invalidate one session."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def expire_all(self) -> int:
        """Invalidate every session; returns how many there were."""
        with self._lock:
            count = len(self._sessions)
            self._sessions.clear()
        return count

    def active(self) -> int:
        """How many sessions have not expired."""
        now = datetime.now(UTC)
        with self._lock:
            return sum(1 for s in self._sessions.values() if s.expires_at > now)
