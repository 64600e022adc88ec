"""``python -m integrations.sandbox``: run the sandbox without Django."""

from __future__ import annotations

import argparse
import sys

from .cli import add_arguments, serve


def main() -> None:
    """Parse options and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m integrations.sandbox")
    add_arguments(parser)
    serve(vars(parser.parse_args()), sys.stdout)


if __name__ == "__main__":
    main()
