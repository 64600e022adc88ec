"""Names of stored documents: what people see, and a safe name for the storage."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

MAX_NAME = 200
PDF = "pdf"


def printable(text: str) -> str:
    """Without control characters: the name ends up in a Content-Disposition header."""
    return "".join(ch for ch in text if ch.isprintable()).strip()


def pdf_name(title: str, recordno: int | None) -> str:
    """The PDF of a record, named by its number (its RECORDNO when it has none)."""
    return f"{printable(title) or recordno}.pdf"[:MAX_NAME]


def attachment_name(name: str, kind: str) -> str:
    """Intacct keeps the extension apart (``attachmenttype``); put it back for people."""
    name = (printable(name or "") or "attachment")[:MAX_NAME]
    kind = printable(kind or "").lstrip(".")[:20]
    if kind and not name.lower().endswith(f".{kind.lower()}"):
        return f"{name}.{kind}"
    return name


def unique(name: str, taken: list[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
    return candidate


def storage_name(kind: str, name: str) -> str:
    """A safe file name for storage; the display name (Intacct's, any characters) stays apart."""
    try:
        safe = get_valid_filename(name)
    except SuspiciousFileOperation:
        safe = ""
    return f"{kind}-{safe or 'document'}"[:120]


def content_type(kind: str, name: str) -> str:
    if kind == PDF:
        return "application/pdf"
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"
