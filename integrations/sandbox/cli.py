"""Command-line options shared by ``manage.py intacct_sandbox`` and ``python -m``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .config import UNIQUEID_MODES, ConfigError, SandboxConfig, parse_fault_spec

DEFAULT_DATA_DIR = Path("var") / "intacct-sandbox"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the sandbox options on ``parser``."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR),
        help="database directory; an existing one is reused as is",
    )
    parser.add_argument("--scale", type=int, default=1000, help="about this many AR invoices")
    parser.add_argument("--seed", type=int, default=1, help="random seed (deterministic data)")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the seeded history ends (default: today); pin it for repeatable data",
    )
    parser.add_argument(
        "--empty", action="store_true", help="seed only the company, entities and setup lists"
    )
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--faults", default="", help="e.g. http503=0.1,lost_ack=0.02")
    parser.add_argument(
        "--max-concurrency",
        type=int,
        default=0,
        help="requests beyond N in flight get 429 GW-0010 (0 = unlimited)",
    )
    parser.add_argument(
        "--max-requests-per-second",
        type=float,
        default=0,
        help="requests beyond N within a second get 429 GW-0010 (0 = unlimited)",
    )
    parser.add_argument(
        "--retry-after-seconds",
        type=int,
        default=1,
        help="the Retry-After header of every 429 GW-0010",
    )
    parser.add_argument("--session-timeout-minutes", type=int, default=480)
    parser.add_argument(
        "--uniqueid-mode",
        choices=UNIQUEID_MODES,
        default="replay",
        help="replay the first result of a repeated function controlid, or "
        "refuse it with errorno SBX-0001",
    )


def serve(options: dict[str, Any], out: TextIO) -> None:
    """Build the configuration from parsed options and run the server."""
    from .server import run

    try:
        config = SandboxConfig(
            latency_ms=options["latency_ms"],
            max_concurrency=options["max_concurrency"],
            max_requests_per_second=options.get("max_requests_per_second", 0),
            retry_after_seconds=options.get("retry_after_seconds", 1),
            session_timeout_minutes=options["session_timeout_minutes"],
            uniqueid_mode=options["uniqueid_mode"],
            faults=parse_fault_spec(options["faults"] or ""),
        )
    except ConfigError as exc:
        raise SystemExit(f"intacct_sandbox: {exc}") from exc
    if options["scale"] < 0:
        raise SystemExit("intacct_sandbox: --scale must be >= 0")
    run(
        Path(options["data_dir"]),
        host=options["host"],
        port=options["port"],
        scale=options["scale"],
        seed=options["seed"],
        empty=options["empty"],
        config=config,
        out=out,
        as_of=options.get("as_of"),
    )
