"""The connection's sync schedules as django-q2 ``Schedule`` rows, kept in step with settings."""

from datetime import datetime, timedelta

from django.utils import timezone
from django_q.models import Schedule

from integrations.models import IntacctConnection

TASK = "integrations.tasks.scheduled_sync"


def schedule_name(connection_id: int, kind: str) -> str:
    return f"intacct-sync:{connection_id}:{kind}"


def _next_daily(at, now: datetime) -> datetime:
    local_now = timezone.localtime(now)
    candidate = local_now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate


def _next_hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def apply_connection_schedules(connection: IntacctConnection) -> dict[str, Schedule | None]:
    """Create, update or remove the daily and hourly schedules of ``connection``."""
    now = timezone.now()
    wanted: dict[str, dict | None] = {
        "daily": (
            {
                "schedule_type": Schedule.DAILY,
                "next_run": _next_daily(connection.daily_sync_time, now),
            }
            if connection.enabled and connection.daily_sync_time
            else None
        ),
        "hourly": (
            {"schedule_type": Schedule.HOURLY, "next_run": _next_hour(now)}
            if connection.enabled and connection.hourly_sync
            else None
        ),
    }
    result: dict[str, Schedule | None] = {}
    for kind, spec in wanted.items():
        name = schedule_name(connection.pk, kind)
        if spec is None:
            Schedule.objects.filter(name=name).delete()
            result[kind] = None
            continue
        existing = Schedule.objects.filter(name=name).first()
        if (
            existing is not None
            and existing.schedule_type == spec["schedule_type"]
            and (kind == "hourly" or _same_time(existing.next_run, spec["next_run"]))
        ):
            result[kind] = existing  # keep its place in the cycle
            continue
        schedule, _ = Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": TASK,
                "args": repr((connection.pk,)),
                "schedule_type": spec["schedule_type"],
                "repeats": -1,
                "next_run": spec["next_run"],
            },
        )
        result[kind] = schedule
    return result


def _same_time(a: datetime | None, b: datetime) -> bool:
    if a is None:
        return False
    a, b = timezone.localtime(a), timezone.localtime(b)
    return (a.hour, a.minute) == (b.hour, b.minute)


def remove_connection_schedules(connection_id: int) -> None:
    Schedule.objects.filter(name__startswith=f"intacct-sync:{connection_id}:").delete()


def apply_all() -> int:
    """Re-apply every connection's schedules and drop orphans; returns schedules kept."""
    kept = 0
    ids = set()
    for connection in IntacctConnection.objects.all():
        ids.add(connection.pk)
        kept += sum(1 for s in apply_connection_schedules(connection).values() if s)
    for schedule in Schedule.objects.filter(name__startswith="intacct-sync:"):
        parts = schedule.name.split(":")
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) not in ids:
            schedule.delete()
    return kept
