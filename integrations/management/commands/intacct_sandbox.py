"""``manage.py intacct_sandbox``: serve the Intacct gateway simulator (see integrations.sandbox)."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand

from integrations.sandbox.cli import add_arguments, serve


class Command(BaseCommand):
    help = "Run the Intacct XML gateway sandbox with a seeded demo company."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        serve(options, self.stdout)
