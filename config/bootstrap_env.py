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
        "# Debug pages show code and variables: turn DEBUG on by hand, on your machine only.\n"
        "DEBUG=false\n"
        "# The local Intacct sandbox that `make demo` starts.\n"
        "INTACCT_ENDPOINT_ALLOWLIST=http://127.0.0.1:8765/\n"
    )


GENERATED_HEADER = "# Generated on first run by config/bootstrap_env.py."
# Earlier versions wrote DEBUG=true into the generated file; debug pages must not be the default.
_OLD_DEFAULT_DEBUG = "DEBUG=true"


def turn_off_generated_debug(path: Path) -> bool:
    """Switch ``DEBUG=true`` off in a file this script generated; True if it changed."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith(GENERATED_HEADER) or _OLD_DEFAULT_DEBUG not in lines:
        return False
    fixed = ["DEBUG=false" if line == _OLD_DEFAULT_DEBUG else line for line in lines]
    path.write_text("\n".join(fixed) + "\n", encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default=str(BASE_DIR / ".env"))
    path = Path(parser.parse_args().path)
    if path.exists():
        if turn_off_generated_debug(path):
            print(f"{path.name}: DEBUG=true (an old generated default) turned off.")
        print(f"{path.name} exists; keeping it.")
        return
    path.write_text(render_env(), encoding="utf-8")
    path.chmod(0o600)
    print(f"Wrote {path.name} with new SECRET_KEY and CREDENTIALS_ENCRYPTION_KEY.")


if __name__ == "__main__":
    main()
