"""Idempotency-Keys past their retention are purged, by a schedule and by hand."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from api.housekeeping import PURGE_SCHEDULE_NAME, idempotency_keys_purge
from api.models import IdempotencyKey
from api.tasks import purge_idempotency_keys
from tests.api.conftest import make_user


def key_aged(user, key: str, age: timedelta, *, completed: bool = True) -> IdempotencyKey:
    row = IdempotencyKey.objects.create(
        user=user, key=key, request_hash="0" * 64, method="POST", path="/api/v1/payments/"
    )
    moment = timezone.now() - age
    IdempotencyKey.objects.filter(pk=row.pk).update(
        created_at=moment, completed_at=moment if completed else None, status_code=201
    )
    return row


def test_old_keys_go_and_fresh_ones_stay(db, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    user = make_user("feed")
    key_aged(user, "old", timedelta(hours=25))
    key_aged(user, "abandoned", timedelta(days=3), completed=False)
    key_aged(user, "fresh", timedelta(hours=23))
    key_aged(user, "new", timedelta(0), completed=False)

    assert idempotency_keys_purge() == 2
    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh", "new"]


def test_the_retention_is_the_setting(db, settings):
    user = make_user("feed")
    key_aged(user, "two-hours", timedelta(hours=2))
    settings.API_IDEMPOTENCY_HOURS = 3
    assert idempotency_keys_purge() == 0
    settings.API_IDEMPOTENCY_HOURS = 1
    assert idempotency_keys_purge() == 1
    assert not IdempotencyKey.objects.exists()


def test_the_command_and_the_task_purge(db, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    user = make_user("feed")
    key_aged(user, "a", timedelta(hours=30))
    key_aged(user, "b", timedelta(hours=1))
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "1 idempotency key(s) older than 24 h deleted." in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["b"]

    key_aged(user, "c", timedelta(hours=48))
    assert purge_idempotency_keys() == "1 idempotency key(s) purged"
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["b"]


def test_migrate_registers_the_hourly_schedule(db):
    schedule = Schedule.objects.get(name=PURGE_SCHEDULE_NAME)
    assert schedule.func == "api.tasks.purge_idempotency_keys"
    assert schedule.schedule_type == Schedule.HOURLY
    assert schedule.repeats == -1
    # migrate again: still one schedule, its place in the cycle kept.
    next_run = schedule.next_run
    call_command("migrate", verbosity=0)
    assert Schedule.objects.filter(name=PURGE_SCHEDULE_NAME).get().next_run == next_run
