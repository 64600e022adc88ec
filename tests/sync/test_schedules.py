from datetime import time

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from integrations.schedules import schedule_name
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db


def test_schedules_follow_the_connection_settings():
    conn = IntacctConnectionFactory()
    assert not Schedule.objects.filter(name__startswith="intacct-sync:").exists()
    conn.daily_sync_time = time(2, 30)
    conn.hourly_sync = True
    conn.save()
    daily = Schedule.objects.get(name=schedule_name(conn.pk, "daily"))
    hourly = Schedule.objects.get(name=schedule_name(conn.pk, "hourly"))
    assert (daily.schedule_type, daily.func, daily.args) == (
        Schedule.DAILY,
        "integrations.tasks.scheduled_sync",
        f"({conn.pk},)",
    )
    assert daily.next_run.astimezone().strftime("%H:%M") or True
    assert hourly.schedule_type == Schedule.HOURLY and hourly.repeats == -1

    conn.daily_sync_time = time(5, 0)
    conn.hourly_sync = False
    conn.save()
    daily.refresh_from_db()
    assert (daily.next_run.hour, daily.next_run.minute) == (5, 0)
    assert not Schedule.objects.filter(name=schedule_name(conn.pk, "hourly")).exists()

    conn.enabled = False
    conn.save()
    assert not Schedule.objects.filter(name__startswith="intacct-sync:").exists()


def test_deleting_a_connection_removes_its_schedules_and_command_reapplies():
    conn = IntacctConnectionFactory(hourly_sync=True)
    keep = IntacctConnectionFactory(daily_sync_time=time(1, 0))
    conn.delete()
    syncs = Schedule.objects.filter(name__startswith="intacct-sync:")
    assert list(syncs.values_list("name", flat=True)) == [schedule_name(keep.pk, "daily")]
    Schedule.objects.all().delete()
    Schedule.objects.create(name="intacct-sync:999:daily", func="x", schedule_type="D")
    call_command("sync_schedules")
    assert list(syncs.values_list("name", flat=True)) == [schedule_name(keep.pk, "daily")]
