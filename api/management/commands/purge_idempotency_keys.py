from typing import Any

from django.core.management.base import BaseCommand

from api.housekeeping import idempotency_keys_purge, idempotency_retention


class Command(BaseCommand):
    help = (
        "Delete the API's Idempotency-Keys older than API_IDEMPOTENCY_HOURS "
        "(a django-q2 schedule does this hourly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_keys_purge()
        hours = idempotency_retention().total_seconds() / 3600
        self.stdout.write(f"{deleted} idempotency key(s) older than {hours:g} h deleted.")
