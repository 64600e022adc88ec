"""Locating the shared Intacct docs (``shared/`` beside the repository root)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
INTACCT = SHARED / "intacct"
FIXTURES = INTACCT / "fixtures"
XSD = INTACCT / "schema" / "api.xsd"


def shared_path(path: Path) -> Path:
    """Return ``path`` or FAIL (never skip) with a clear message when shared/ is missing."""
    if not path.exists():
        pytest.fail(
            f"Shared Intacct docs not found at {path.resolve()}: clone the repository with the "
            "'shared' directory beside it (see README)."
        )
    return path


def fixture_bytes(relative: str) -> bytes:
    """The bytes of one fixture file, e.g. ``intacct-sdk-php/resp_read_customer.xml``."""
    return shared_path(FIXTURES / relative).read_bytes()
