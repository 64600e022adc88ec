"""Housekeeping of the API's own rows: Idempotency-Keys past their retention are deleted by a
django-q2 schedule (``manage.py purge_idempotency_keys`` runs the same purge by hand)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django_q.models import Schedule

from api.models import IdempotencyKey

PURGE_SCHEDULE_NAME = "api:idempotency-key-purge"
PURGE_TASK = "api.tasks.purge_idempotency_keys"


def idempotency_retention() -> timedelta:
    """How long a key is remembered (``API_IDEMPOTENCY_HOURS``): a retry within it is answered
    with the first response; after it the key may be used afresh."""
    return timedelta(hours=settings.API_IDEMPOTENCY_HOURS)


def idempotency_keys_purge(*, now: datetime | None = None) -> int:
    """Delete the keys claimed before the retention window (answered or abandoned alike);
    returns how many went."""
    cutoff = (now or timezone.now()) - idempotency_retention()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def purge_schedule_ensure(*, using: str = DEFAULT_DB_ALIAS) -> Schedule:
    """The hourly schedule of the purge (created once; its place in the cycle kept)."""
    schedule, _ = Schedule.objects.using(using).get_or_create(
        name=PURGE_SCHEDULE_NAME,
        defaults={
            "func": PURGE_TASK,
            "schedule_type": Schedule.HOURLY,
            "repeats": -1,
            "next_run": timezone.now() + timedelta(hours=1),
        },
    )
    return schedule
