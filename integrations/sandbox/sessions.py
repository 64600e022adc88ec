"""API sessions with sliding expiry, persisted beside the company database.

Sessions survive a sandbox restart, as real sessions survive a gateway node change: each one
is kept in ``sessions.sqlite3`` in the data directory (a file of its own, so session writes
never wait for a company write transaction). Only a SHA-256 digest of the session id is
stored, never the id itself. The stored expiry is refreshed at most once a minute, so after a
restart a session may expire up to a minute early.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SESSIONS_DB = "sessions.sqlite3"
_PERSIST_EVERY = timedelta(minutes=1)


@dataclass
class Session:
    """One API session: who, which entity (None = top level) and when it expires."""

    session_id: str
    user_id: str
    company_id: str
    entity_id: str | None
    expires_at: datetime
    persisted_until: datetime | None = None

    def __repr__(self) -> str:
        # The session id is a credential: never show it in logs or reprs.
        return f"Session(user={self.user_id!r}, entity={self.entity_id!r})"


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    """Thread-safe sessions keyed by the digest of their id; persisted when given a directory."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self.created = 0
        self._db: sqlite3.Connection | None = None
        if data_dir is not None:
            self._db = sqlite3.connect(
                Path(data_dir) / SESSIONS_DB, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS session (digest TEXT PRIMARY KEY, user_id TEXT, "
                "company_id TEXT, entity_id TEXT, expires_at TEXT)"
            )
            self._load()

    def _load(self) -> None:
        assert self._db is not None
        now = datetime.now(UTC)
        self._db.execute("DELETE FROM session WHERE expires_at <= ?", (now.isoformat(),))
        for digest, user, company, entity, expires in self._db.execute(
            "SELECT digest, user_id, company_id, entity_id, expires_at FROM session"
        ):
            when = datetime.fromisoformat(expires)
            # The id itself is not stored: touch() fills it in from the request.
            self._sessions[digest] = Session("", user, company, entity, when, when)

    def _save(self, digest: str, session: Session) -> None:
        if self._db is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO session VALUES (?, ?, ?, ?, ?)",
                (
                    digest,
                    session.user_id,
                    session.company_id,
                    session.entity_id,
                    session.expires_at.isoformat(),
                ),
            )
            session.persisted_until = session.expires_at

    def _forget(self, digest: str | None) -> None:
        if self._db is not None:
            if digest is None:
                self._db.execute("DELETE FROM session")
            else:
                self._db.execute("DELETE FROM session WHERE digest = ?", (digest,))

    def create(self, user_id: str, company_id: str, entity_id: str | None, minutes: int) -> Session:
        """Open a session valid for ``minutes`` from now."""
        session = Session(
            session_id=secrets.token_urlsafe(24) + "..",
            user_id=user_id,
            company_id=company_id,
            entity_id=entity_id,
            expires_at=datetime.now(UTC) + timedelta(minutes=minutes),
        )
        digest = _digest(session.session_id)
        with self._lock:
            self._sessions[digest] = session
            self.created += 1
            self._save(digest, session)
        return session

    def touch(self, session_id: str, minutes: int) -> Session | None:
        """Return the live session and slide its expiry forward, or ``None`` if invalid."""
        now = datetime.now(UTC)
        digest = _digest(session_id)
        with self._lock:
            session = self._sessions.get(digest)
            if session is None:
                return None
            if session.expires_at <= now:
                del self._sessions[digest]
                self._forget(digest)
                return None
            session.session_id = session_id
            session.expires_at = now + timedelta(minutes=minutes)
            stored = session.persisted_until
            if stored is None or session.expires_at - stored >= _PERSIST_EVERY:
                self._save(digest, session)
            return session

    def expire(self, session_id: str) -> None:
        """Invalidate one session."""
        digest = _digest(session_id)
        with self._lock:
            self._sessions.pop(digest, None)
            self._forget(digest)

    def expire_all(self) -> int:
        """Invalidate every session; returns how many there were."""
        with self._lock:
            count = len(self._sessions)
            self._sessions.clear()
            self._forget(None)
        return count

    def active(self) -> int:
        """How many sessions have not expired."""
        now = datetime.now(UTC)
        with self._lock:
            return sum(1 for s in self._sessions.values() if s.expires_at > now)

    def close(self) -> None:
        """Close the persistence file."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
