"""The connection page's "Next scheduled run", for a daily pull, an hourly one, and both."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db


def shown(client, conn) -> str:
    page = client.get(reverse("admin:integrations_intacctconnection_change", args=[conn.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index("<th>Next scheduled run</th><td>") + len("<th>Next scheduled run</th><td>")
    return html[start : html.index("</td>", start)]


def next_daily(at: time, now: datetime) -> datetime:
    local = timezone.localtime(now)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


def next_hour(now: datetime) -> datetime:
    """Hourly runs fall on the full hour of the server clock (UTC), shown in local time."""
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def fmt(moment: datetime, kind: str) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M} ({kind})"


@pytest.fixture(autouse=True)
def _away_from_utc(settings):
    # A zone with a half-hour offset catches any UTC/local mix-up in the page's arithmetic.
    settings.TIME_ZONE = "Asia/Kolkata"


def expected(make) -> set[str]:
    """What the page may say if the clock crosses a minute while the test runs."""
    return {make(timezone.now()), make(timezone.now() + timedelta(seconds=5))}


def test_daily_only(consultant_client):
    at = time(5, 45)
    conn = IntacctConnectionFactory(daily_sync_time=at, hourly_sync=False)
    before = {fmt(next_daily(at, timezone.now()), "daily batch pull")}
    assert shown(consultant_client, conn) in before | expected(
        lambda now: fmt(next_daily(at, now), "daily batch pull")
    )


def test_hourly_only(consultant_client):
    conn = IntacctConnectionFactory(daily_sync_time=None, hourly_sync=True)
    before = fmt(next_hour(timezone.now()), "hourly auto-sync")
    assert shown(consultant_client, conn) in {before} | expected(
        lambda now: fmt(next_hour(now), "hourly auto-sync")
    )


@pytest.mark.parametrize("hours_ahead", [3, 0])
def test_both_shows_the_earlier_one(consultant_client, hours_ahead):
    """Both schedules: the page names whichever comes first (hourly unless the daily pull is
    due within the hour)."""
    now = timezone.localtime()
    # Three and a half hours ahead, or the next minute (before the next hour unless the
    # clock is in its last minute, when the two coincide and the daily pull is named).
    soon = now + timedelta(hours=hours_ahead, minutes=30) if hours_ahead else now
    soon = soon.replace(second=0, microsecond=0) + timedelta(minutes=0 if hours_ahead else 1)
    at = time(soon.hour, soon.minute)
    conn = IntacctConnectionFactory(daily_sync_time=at, hourly_sync=True)

    def earlier(now: datetime) -> str:
        daily, hourly = next_daily(at, now), next_hour(now)
        if daily <= hourly:
            return fmt(daily, "daily batch pull")
        return fmt(hourly, "hourly auto-sync")

    assert shown(consultant_client, conn) in {earlier(timezone.now())} | expected(earlier)


def test_disabled_or_unscheduled_says_so(consultant_client):
    off = IntacctConnectionFactory(daily_sync_time=time(6, 0), hourly_sync=True, enabled=False)
    none = IntacctConnectionFactory(daily_sync_time=None, hourly_sync=False)
    assert shown(consultant_client, off) == "No schedule set."
    assert shown(consultant_client, none) == "No schedule set."
