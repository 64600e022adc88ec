"""``manage.py intacct_sandbox`` and ``python -m integrations.sandbox`` start a real server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from integrations.sandbox.handle import CREDENTIALS

from .helpers import call, fn, ok

ROOT = Path(__file__).resolve().parents[2]


class _Address:
    def __init__(self, url: str, data_dir: Path) -> None:
        self.gateway_url = url
        self.base_url = url.split("/ia/")[0]
        self.credentials = dict(CREDENTIALS)
        self.data_dir = data_dir


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "manage.py", "intacct_sandbox"],
        [sys.executable, "-m", "integrations.sandbox"],
    ],
    ids=["manage.py", "python -m"],
)
def test_command_prints_url_and_credentials_and_serves(tmp_path, command):
    args = [
        *command,
        "--port",
        "0",
        "--data-dir",
        str(tmp_path / "data"),
        "--scale",
        "30",
        "--seed",
        "4",
        "--as-of",
        "2026-10-31",
        "--latency-ms",
        "5",
        "--faults",
        "http500=0",
        "--uniqueid-mode",
        "refuse",
    ]
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = []
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.strip().startswith("entities:"):
                break
        text = "".join(lines)
        assert "demo_sender / demo_sender_pw" in text and "ws_user / ws_user_pw" in text
        url = re.search(r"gateway:\s+(\S+)", text).group(1)  # type: ignore[union-attr]
        handle = _Address(url, tmp_path / "data")
        reply = call(handle, fn("<getAPISession/>"))  # type: ignore[arg-type]
        assert ok(reply).findtext("data/api/endpoint") == url
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert (tmp_path / "data" / "sandbox.sqlite3").exists()


def test_bad_fault_spec_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "integrations.sandbox",
            "--data-dir",
            str(tmp_path),
            "--faults",
            "explode=1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "unknown fault 'explode'" in result.stderr
