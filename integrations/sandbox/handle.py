"""A convenient handle on a running sandbox for tests, benchmarks and scripts."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

from .config import COMPANY_ID, SENDER_ID, SENDER_PASSWORD, USER_ID, USER_PASSWORD
from .server import CONTROL_PREFIX, SandboxServer
from .store import DB_NAME

CREDENTIALS = {
    "sender_id": SENDER_ID,
    "sender_password": SENDER_PASSWORD,
    "company_id": COMPANY_ID,
    "user_id": USER_ID,
    "user_password": USER_PASSWORD,
}


class SandboxHandle:
    """Wraps a started :class:`SandboxServer`; control calls go over real HTTP."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.gateway_url = server.gateway_url
        self.base_url = server.base_url
        self.credentials = {**CREDENTIALS, "company_id": server.config.company_id}
        self.data_dir = server.store.data_dir
        self.db_path = self.data_dir / DB_NAME

    def __repr__(self) -> str:
        return f"SandboxHandle({self.base_url})"

    def _call(self, method: str, action: str, payload: Any = None) -> dict[str, Any]:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - our own local http URL
            self.base_url + CONTROL_PREFIX + action,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            result: dict[str, Any] = json.loads(response.read())
        return result

    def set_faults(
        self, faults: dict[str, Any] | str | None = None, **named: Any
    ) -> dict[str, Any]:
        """Replace the fault plan: a dict, a ``name=p,...`` spec string, or keyword arguments.

        Example: ``set_faults(lost_ack={"probability": 1, "count": 1, "writes_only": True})``.
        """
        if isinstance(faults, str):
            payload: dict[str, Any] = {"spec": faults}
        else:
            payload = {**(faults or {}), **named}
        return self._call("POST", "faults", payload)

    def clear_faults(self) -> dict[str, Any]:
        """Remove every fault."""
        return self._call("POST", "faults", {})

    def configure(self, **config: Any) -> dict[str, Any]:
        """Change latency_ms, max_concurrency, session_timeout_minutes, uniqueid_mode, ..."""
        return self._call("POST", "config", config)

    def status(self) -> dict[str, Any]:
        """Counters, sessions and configuration."""
        return self._call("GET", "status")

    def reset_counters(self) -> dict[str, Any]:
        """Zero the counters."""
        return self._call("POST", "reset", {})

    def expire_sessions(self) -> dict[str, Any]:
        """Invalidate every session."""
        return self._call("POST", "expire-sessions", {})

    def query_rows(
        self, sql: str, params: tuple[Any, ...] | list[Any] = ()
    ) -> list[dict[str, Any]]:
        """Run a read-only SQL query against the sandbox database (for comparisons in tests)."""
        conn = sqlite3.connect(f"file:{Path(self.db_path)}?mode=ro", uri=True, timeout=30)
        try:
            cursor = conn.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop the server."""
        self.server.stop()
