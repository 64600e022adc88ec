"""Keeping secrets out of logs and messages: passwords and session ids become ``***``."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from xml.sax.saxutils import escape

MASK = "***"
_SECRET_ELEMENTS = re.compile(r"<(password|sessionid)>[^<]*</\1>", re.IGNORECASE)


class Scrubber:
    """Replaces known secret values (raw and XML-escaped) with ``***``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Also hide ``secret`` from now on (e.g. a new session id)."""
        if secret:
            with self._lock:
                self._secrets.add(secret)
                self._secrets.add(escape(secret, {'"': "&quot;", "'": "&apos;"}))

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def xml(self, body: bytes) -> str:
        """A body for DEBUG logs: secret elements emptied, known secrets masked anywhere."""
        text = body.decode("utf-8", errors="replace")
        text = _SECRET_ELEMENTS.sub(lambda m: f"<{m.group(1)}>{MASK}</{m.group(1)}>", text)
        return self(text)
