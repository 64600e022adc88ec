"""Match Intacct errors to troubleshooting catalogue entries."""

from collections.abc import Iterable, Mapping
from typing import Any

from integrations.models import ErrorCatalogueEntry
from integrations.patterns import pattern_search


def _text(error: Mapping[str, Any]) -> str:
    parts = (error.get(k) or "" for k in ("description", "description2", "correction"))
    return " ".join(str(p) for p in parts)


def _score(entry: ErrorCatalogueEntry, error: Mapping[str, Any]) -> int:
    """0 = no match; higher = more specific (number and pattern beat either alone)."""
    errorno = str(error.get("errorno") or "")
    if entry.errorno and entry.errorno.lower() != errorno.lower():
        return 0
    if entry.message_pattern and not pattern_search(entry.message_pattern, _text(error)):
        return 0
    return (2 if entry.errorno else 0) + (3 if entry.message_pattern else 0)


def match(
    errors: Iterable[Mapping[str, Any]], entries: Iterable[ErrorCatalogueEntry] | None = None
) -> ErrorCatalogueEntry | None:
    """The most specific entry matching any of ``errors`` (earlier errors win ties).

    Intacct stacks a specific error over generic wrappers (BL01001973), so every error is tried.
    Patterns run on RE2 (linear time); callers match outside write transactions.
    """
    pool = list(entries) if entries is not None else list(ErrorCatalogueEntry.objects.all())
    best: tuple[int, int, ErrorCatalogueEntry] | None = None
    for position, error in enumerate(errors):
        for entry in pool:
            score = _score(entry, error)
            if score and (best is None or (score, -position) > (best[0], best[1])):
                best = (score, -position, entry)
    return best[2] if best else None
