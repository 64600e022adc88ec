"""The Accounting Sync page and the styled 403, per role, in a real Chromium at 1,400 px."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from integrations.models import SyncRun
from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS
from tests.browser.screens import WIDTH, horizontal_overflow, shoot
from tests.factories.connections import IntacctConnectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def member(role: str, username: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def history(conn) -> None:
    start = timezone.now() - timedelta(hours=13)
    for i in range(12):
        began = start + timedelta(hours=i)
        SyncRun.objects.create(
            started_at=began,
            finished_at=began + timedelta(seconds=20 + 7 * (i % 4)),
            connection=conn,
            trigger="schedule" if i % 3 else "sync_now",
            stage="incremental",
            status="failed" if i == 7 else "succeeded",
            records_read=250 * (i % 5 + 1),
            records_written=40 * i,
            api_requests=3 + i,
        )


def test_staff_follow_a_run_to_the_accounting_sync_page(page, login, live_server, tmp_path):
    conn = IntacctConnectionFactory(
        name="Acme Holdings (US production)", credentials_status="ok", hourly_sync=True
    )
    history(conn)
    member(ACCOUNTING_STAFF, "staff")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    IntacctConnectionFactory(name="Acme Holdings (UK)")  # two connections: a column for it
    login(page, "staff", PASSWORD)
    page.goto(f"{live_server.url}/admin/integrations/syncrun/")
    shoot(page, tmp_path, "recent-syncs-staff")
    assert horizontal_overflow(page) <= 0
    page.click("#result_list a.connection-sync-link >> nth=0")
    page.wait_for_url(re.compile(r"/intacctconnection/\d+/sync/$"))
    assert page.locator("h1").inner_text() == f"Accounting Sync: {conn.name}"
    assert page.locator("#recent-syncs tbody tr").count() == 12
    assert page.locator("#sync-now").count() == 0
    assert page.locator("#connection-settings").count() == 0
    assert page.locator("#runs-chart svg text.axis-title").count() == 3
    assert horizontal_overflow(page) <= 0
    shoot(page, tmp_path, "accounting-sync-staff")

    response = page.goto(
        f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/"
    )
    assert response.status == 403
    assert page.locator("#user-tools").count() == 1 and page.locator("#error-home").count() == 1
    shoot(page, tmp_path, "403-staff")
    page.click("#error-home")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_consultant_presses_sync_now_on_the_accounting_sync_page(
    page, login, live_server, tmp_path
):
    conn = IntacctConnectionFactory(name="Acme", credentials_status="ok")
    history(conn)
    member(IMPLEMENTATION_CONSULTANTS, "consultant")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "consultant", PASSWORD)
    page.goto(f"{live_server.url}/admin/integrations/syncrun/")
    assert horizontal_overflow(page) <= 0
    # One connection: no connection column.
    assert page.locator("#result_list th.column-connection_link").count() == 0
    shoot(page, tmp_path, "recent-syncs-consultant")
    page.goto(f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/")
    page.click("#accounting-sync-link")
    page.wait_for_url(re.compile(r"/sync/$"))
    shoot(page, tmp_path, "accounting-sync-consultant")
    page.click("#sync-now")
    page.wait_for_url(re.compile(r"/admin/integrations/syncrun/\d+/change/"))
    run = SyncRun.objects.filter(connection=conn, trigger="sync_now").latest("queued_at")
    assert run.requested_by == "consultant"
