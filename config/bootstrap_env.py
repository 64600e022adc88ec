"""Write a local ``.env`` with fresh secrets on first run; never overwrite an existing one.

Usage: ``python -m config.bootstrap_env [--path PATH]``. Called by ``make demo`` and
``make test`` so a fresh clone works with no manual setup. The file is git-ignored.
"""

import argparse
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent


def render_env() -> str:
    """Return the contents of a new .env with freshly generated secrets."""
    return (
        "# Generated on first run by config/bootstrap_env.py. Local only: never commit.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"CREDENTIALS_ENCRYPTION_KEY={Fernet.generate_key().decode()}\n"
        "DEBUG=true\n"
        "# The local Intacct sandbox that `make demo` starts.\n"
        "INTACCT_ENDPOINT_ALLOWLIST=http://127.0.0.1:8765/\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default=str(BASE_DIR / ".env"))
    path = Path(parser.parse_args().path)
    if path.exists():
        print(f"{path.name} exists; keeping it.")
        return
    path.write_text(render_env(), encoding="utf-8")
    path.chmod(0o600)
    print(f"Wrote {path.name} with new SECRET_KEY and CREDENTIALS_ENCRYPTION_KEY.")


if __name__ == "__main__":
    main()
