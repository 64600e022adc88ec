"""Consultant and staff flows in a real headless Chromium against the live admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.models import ObjectFilter, SyncError, SyncRun
from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS
from tests.sync.workers import start, stop, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def member(role: str, username: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_consultant_tests_syncs_and_reads_the_fix(page, login, live_server, sandbox, connect):
    conn = connect(sandbox, name="Sandbox company")
    # A filter on a field Intacct does not have: the customers step will fail with the
    # catalogue's "Unknown field in query" (the case of a custom field removed in Intacct).
    ObjectFilter.objects.create(
        connection=conn, step="customers", field="REMOVEDFIELD", operator="equal", value="x"
    )
    member(IMPLEMENTATION_CONSULTANTS, "consultant")
    cluster = start("qcluster", Q_POLL_SECONDS="0.2")
    try:
        login(page, "consultant", PASSWORD)
        page.goto(f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/")
        page.click("#test-connection")
        page.wait_for_selector(".messagelist")
        assert "Signed in to DEMO-CO" in page.inner_text(".messagelist")

        page.click("#sync-now")
        page.wait_for_url(re.compile(r"/admin/integrations/syncrun/\d+/change/"))
        run = SyncRun.objects.get(connection=conn)
        wait_for(
            lambda: SyncRun.objects.get(pk=run.pk).status not in SyncRun.ACTIVE,
            timeout=180,
            what="the Sync Now run to finish in the cluster",
        )
        page.goto(f"{live_server.url}/admin/integrations/syncrun/")
        row = page.locator("#result_list tbody tr").first
        assert "Partially failed" in row.inner_text()

        error = SyncError.objects.get(connection=conn, object_name="CUSTOMER")
        page.goto(f"{live_server.url}/admin/integrations/syncerror/")
        page.click(f"#result_list a[href$='/{error.pk}/change/']")
        fix = page.inner_text(".catalogue-fix")
        assert "Unknown field in query" in fix
        assert "REMOVEDFIELD" in page.content()  # Intacct's correction names the field
        # The connection page's password inputs stay empty.
        page.goto(f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/")
        assert page.input_value("#id_user_password") == ""
        assert conn.user_password.reveal() not in page.content()
    finally:
        stop(cluster)


def test_staff_cannot_see_connection_settings(page, login, live_server, sandbox, connect):
    conn = connect(sandbox)
    member(ACCOUNTING_STAFF, "staff")
    login(page, "staff", PASSWORD)
    assert "Intacct connections" not in page.inner_text("#content-main")
    response = page.goto(
        f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/"
    )
    assert response.status == 403
    assert conn.company_id not in page.content()
    page.goto(f"{live_server.url}/admin/integrations/syncrun/")
    assert page.locator("#changelist").count() == 1  # staff can read the run log
