"""One type for every secret value: Intacct passwords and session ids.

A :class:`Secret` never shows its value in ``str``, ``repr``, f-strings, logs, templates or the
local variables of an error report. The plain text is taken out with :meth:`Secret.reveal` only
where the request envelope is written (and where the app encrypts it at rest). Every live
secret is known to :func:`live_secrets`, so error reporters can mask any text that happens to
contain one (a request body in a crashed frame, for example).
"""

from __future__ import annotations

import threading
import weakref
from xml.sax.saxutils import escape

MASK = "********"

_live: weakref.WeakSet[Secret] = weakref.WeakSet()
_live_lock = threading.Lock()


class Secret:
    """A secret string that never shows itself; compare and hash like the value."""

    __slots__ = ("__weakref__", "_value")
    MASK = MASK
    _value: str

    def __init__(self, value: str | Secret = "") -> None:
        plain = value.reveal() if isinstance(value, Secret) else value
        if not isinstance(plain, str):
            raise TypeError("A Secret wraps a str.")
        self._value = plain
        if plain:
            with _live_lock:
                _live.add(self)

    def reveal(self) -> str:
        """The plain text. Only the request envelope writer and encryption at rest call it."""
        return self._value

    def forms(self) -> tuple[str, ...]:
        """The ways the value can appear in text: as is and XML/HTML-escaped."""
        if not self._value:
            return ()
        forms = [self._value]
        for quote in ("", "&quot;"):
            for apostrophe in ("", "&apos;", "&#x27;", "&#39;"):
                extra = {k: v for k, v in (('"', quote), ("'", apostrophe)) if v}
                forms.append(escape(self._value, extra))
        return tuple(dict.fromkeys(forms))

    def mask_in(self, text: str, mask: str = MASK) -> str:
        """``text`` with every form of this secret replaced by ``mask``."""
        for form in sorted(self.forms(), key=len, reverse=True):
            if form in text:
                text = text.replace(form, mask)
        return text

    def __bool__(self) -> bool:
        return bool(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __str__(self) -> str:
        return MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self._value else "Secret('')"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        # Never pickled with its value (django-q task arguments, caches).
        raise TypeError("Secrets are not picklable.")


def live_secrets() -> list[Secret]:
    """Every non-empty secret alive in this process (for error reporters and scrubbers)."""
    with _live_lock:
        return list(_live)


def mask_all(text: str, mask: str = MASK) -> str:
    """``text`` with every live secret masked."""
    for secret in sorted(live_secrets(), key=len, reverse=True):
        text = secret.mask_in(text, mask)
    return text
