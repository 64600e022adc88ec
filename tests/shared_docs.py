"""Where the shared Intacct docs are, and what a test does when they are absent.

The fixture corpus and Intacct's request schema live in ``shared/`` beside the repository. A
user who clones only the repository has no ``shared/``: tests that need it are skipped with
``SKIP_REASON``. CI always has it and sets ``REQUIRE_SHARED_DOCS=1``, under which any such skip
fails the session (see ``tests/conftest.py``), so a missing corpus never passes silently there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get("INTACCT_SHARED_DIR") or Path(__file__).resolve().parents[1] / ".." / "shared"
)
INTACCT = SHARED / "intacct"
FIXTURES = INTACCT / "fixtures"
XSD = INTACCT / "schema" / "api.xsd"

SKIP_REASON = "needs the shared Intacct docs (shared/ beside the repository)"


def available() -> bool:
    return FIXTURES.is_dir() and XSD.is_file()


def require(path: Path) -> Path:
    """Return ``path``, or skip the calling test when the shared docs are not there."""
    if not path.exists():
        pytest.skip(f"{SKIP_REASON}: {path.resolve()} not found")
    return path
