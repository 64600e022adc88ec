"""AP onboarding benchmark: the AP onboarding against its floor, per company size in bills.

The same measurement and figures as ``bench/ar_import_bench.py`` (wall time, floor, their
ratio, records/s, API requests per 1,000 records, peak RSS of each process), for the AP pull
only: the onboarding runs ``intacct_sync --stage initial --objects <AP steps>`` (the
historical import follows in the same process), and the floor reads the same query pages of
the same steps. The AP steps are every registered pull step of the ``ap`` app plus the steps
they depend on (entities, contacts, ...).

A seeded company of scale N holds about 0.9 N bills, so ``--bills 100000`` seeds scale 111,112.

    python bench/ap_import_bench.py [--bills 100000] [--rates 1000] [--cache DIR]
"""

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The shared measurement, beside this file.
import ar_import_bench as measure

BILLS_PER_SCALE = 0.9


def ap_steps() -> list[str]:
    """Names of the AP pull steps and of every step they depend on (run in a subprocess)."""
    sys.path.insert(0, str(measure.ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from integrations.sync.registry import registry
    from integrations.sync.steps import PullStep

    wanted = [
        s.name
        for s in registry.plan()
        if isinstance(s, PullStep) and s.model._meta.app_label == "ap"
    ]
    closure: list[str] = []

    def add(name: str) -> None:
        if name in closure:
            return
        for dep in registry.get(name).depends_on:
            add(dep)
        closure.append(name)

    for name in wanted:
        add(name)
    return closure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bills", default="100000", help="comma-separated company sizes")
    parser.add_argument("--rates", default="1000")
    parser.add_argument("--cache", default=str(measure.ROOT / "var" / "bench"))
    parser.add_argument("--list-steps", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list_steps:
        print(json.dumps(ap_steps()))
        return
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DOTENV_DISABLED": "1",
        "SECRET_KEY": "bench-" + "x" * 40,
        "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    listed = subprocess.run(
        [sys.executable, __file__, "--list-steps"],
        env=env,
        cwd=measure.ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    objects = json.loads(listed.stdout.strip().splitlines()[-1])
    print(f"AP steps: {', '.join(objects)}", flush=True)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    rates = [r.strip() for r in args.rates.split(",") if r.strip()]
    for bills in [int(b) for b in args.bills.split(",") if b.strip()]:
        scale = math.ceil(bills / BILLS_PER_SCALE)
        print(f"{bills:,} bills: seeding scale {scale:,}", flush=True)
        measure.bench(scale, cache, rates, objects)


if __name__ == "__main__":
    main()
