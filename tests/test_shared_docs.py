"""Without the shared docs, tests that need them are skipped; under CI's flag that fails the run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ONE_TEST = "tests/intacct/test_fixture_responses.py::test_every_response_fixture_has_a_row"


def _pytest(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "REQUIRE_SHARED_DOCS"}
    environ.update(INTACCT_SHARED_DIR=str(tmp_path / "absent"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_missing_shared_docs_skip_with_a_reason(tmp_path):
    result = _pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "needs the shared Intacct docs" in result.stdout


@pytest.mark.slow
def test_missing_shared_docs_fail_the_run_under_ci_flag(tmp_path):
    result = _pytest(tmp_path, REQUIRE_SHARED_DOCS="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REQUIRE_SHARED_DOCS=1 but 1 test(s) were skipped" in result.stdout
