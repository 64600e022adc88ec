"""Locating the shared Intacct docs for client tests (see ``tests/shared_docs.py``)."""

from __future__ import annotations

from pathlib import Path

from tests.shared_docs import FIXTURES, INTACCT, SHARED, XSD, require

__all__ = ["FIXTURES", "INTACCT", "SHARED", "XSD", "fixture_bytes", "shared_path"]


def shared_path(path: Path) -> Path:
    """Return ``path``; skip the test (failed under CI) when the shared docs are missing."""
    return require(path)


def fixture_bytes(relative: str) -> bytes:
    """The bytes of one fixture file, e.g. ``intacct-sdk-php/resp_read_customer.xml``."""
    return shared_path(FIXTURES / relative).read_bytes()
