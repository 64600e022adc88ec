"""Keeping secrets out of logs and messages: passwords and session ids become ``***``."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from .secret import Secret

MASK = "***"
_SECRET_ELEMENTS = re.compile(r"<(password|sessionid)>[^<]*</\1>", re.IGNORECASE)


class Scrubber:
    """Replaces known secret values (raw and XML-escaped) with ``***``."""

    def __init__(self, secrets: Iterable[Secret | str] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: list[Secret] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: Secret | str) -> None:
        """Also hide ``secret`` from now on (e.g. a new session id)."""
        wrapped = secret if isinstance(secret, Secret) else Secret(secret)
        if wrapped:
            with self._lock:
                if wrapped not in self._secrets:
                    self._secrets.append(wrapped)
                    self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = list(self._secrets)
        for secret in secrets:
            text = secret.mask_in(text, MASK)
        return text

    def xml(self, body: bytes) -> str:
        """A body for DEBUG logs: secret elements emptied, known secrets masked anywhere."""
        text = body.decode("utf-8", errors="replace")
        text = _SECRET_ELEMENTS.sub(lambda m: f"<{m.group(1)}>{MASK}</{m.group(1)}>", text)
        return self(text)
