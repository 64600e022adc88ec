"""The Accounting Sync page: status, Sync Now by permission, this connection's runs, a chart."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.services import sync_now
from integrations.sync.lifecycle import ConnectionUnavailable
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db


def runs(conn, n, **extra):
    for i in range(n):
        SyncRun.objects.create(
            connection=conn,
            trigger="schedule",
            stage="incremental",
            status="succeeded",
            records_read=1000 * (i + 1),
            **extra,
        )


def page(client, conn) -> str:
    response = client.get(reverse("admin:integrations_intacctconnection_sync", args=[conn.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_open_it_with_status_runs_and_chart(staff_client):
    conn = IntacctConnectionFactory(name="Acme US", credentials_status="ok", hourly_sync=True)
    other = IntacctConnectionFactory(name="Other co")
    runs(conn, 2)
    runs(other, 1)
    SyncError.objects.create(
        connection=conn,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="1",
        record_label="C1",
        errorno="X",
        summary="x",
        errors=[],
    )
    body = page(staff_client, conn)
    assert "Accounting Sync: Acme US" in body
    assert "Working" in body and "No schedule set" not in body  # hourly: a next run time
    assert f"connection__id__exact={conn.pk}&amp;status__in=open,retrying" in body
    assert 'id="open-errors">1<' in body
    own = SyncRun.objects.filter(connection=conn).values_list("pk", flat=True)
    for pk in own:
        assert f"/admin/integrations/syncrun/{pk}/change/" in body
    theirs = SyncRun.objects.get(connection=other).pk
    assert f"/admin/integrations/syncrun/{theirs}/change/" not in body
    assert "2,000" in body  # counts with separators
    # The chart's axes are labelled.
    for label in (">Records<", ">Duration (s)<", ">Run (oldest to newest)<"):
        assert label in body
    # Staff may not press Sync Now, nor see the settings page.
    assert 'id="sync-now"' not in body and "request sync" in body
    assert 'id="connection-settings"' not in body


def test_sync_now_is_a_permission_staff_can_be_given(staff_client, staff_user):
    conn = IntacctConnectionFactory(credentials_status="ok")
    url = reverse("admin:integrations_intacctconnection_sync_now", args=[conn.pk])
    assert staff_client.post(url).status_code == 403
    staff_user.user_permissions.add(Permission.objects.get(codename="request_sync"))
    assert 'id="sync-now"' in page(staff_client, conn)
    response = staff_client.post(url)
    run = SyncRun.objects.get(connection=conn)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/syncrun/{run.pk}/change/"
    )
    assert run.trigger == "sync_now" and run.requested_by == "staff"


def test_consultants_have_sync_now(consultant_client):
    conn = IntacctConnectionFactory(credentials_status="ok")
    body = page(consultant_client, conn)
    assert 'id="sync-now"' in body and 'id="connection-settings"' in body


def test_query_count_does_not_grow_with_runs(staff_client, django_assert_max_num_queries):
    conn = IntacctConnectionFactory(credentials_status="ok")
    runs(conn, 1)
    with django_assert_max_num_queries(30) as small:
        page(staff_client, conn)
    runs(conn, 60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page(staff_client, conn)


def test_run_and_error_pages_link_the_connection_to_a_page_staff_may_open(staff_client):
    conn = IntacctConnectionFactory()
    runs(conn, 1)
    lists = [
        reverse("admin:integrations_syncrun_changelist"),
        reverse("admin:integrations_syncerror_changelist"),
    ]
    for url in lists:  # one connection: no connection column
        assert "column-connection" not in staff_client.get(url).content.decode()
    IntacctConnectionFactory()
    run = SyncRun.objects.get()
    sync_url = reverse("admin:integrations_intacctconnection_sync", args=[conn.pk])
    settings_url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    for url in (
        reverse("admin:integrations_syncrun_change", args=[run.pk]),
        reverse("admin:integrations_syncrun_changelist"),
    ):
        body = staff_client.get(url).content.decode()
        assert sync_url in body and settings_url not in body


def test_a_credential_change_needs_a_new_test_before_sync_now(admin_client):
    conn = IntacctConnectionFactory(credentials_status="ok", name="Acme")
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    form = {
        "name": "Acme",
        "company_id": conn.company_id,
        "entity_id": "",
        "endpoint_url": conn.endpoint_url,
        "initial-endpoint_url": conn.endpoint_url,  # the form's hidden initial (callable default)
        "user_id": "another_user",
        "user_password": "",
        "sender_id": conn.sender_id,
        "sender_password": "",
        "enabled": "on",
        "daily_sync_time": "",
        "notification_emails": "",
        "object_filters-TOTAL_FORMS": "0",
        "object_filters-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    conn.refresh_from_db()
    assert conn.credentials_status == "unknown"
    with pytest.raises(ConnectionUnavailable, match="Test connection first"):
        sync_now(connection=conn)
    # Settings that are not credentials keep a passing test.
    IntacctConnection.objects.filter(pk=conn.pk).update(credentials_status="ok")
    form["user_id"] = "another_user"
    form["notification_emails"] = "ops@example.com"
    assert admin_client.post(url, form).status_code == 302
    conn.refresh_from_db()
    assert conn.credentials_status == "ok"


def test_403_and_404_are_admin_pages_with_a_way_back(staff_client):
    conn = IntacctConnectionFactory()
    denied = staff_client.get(
        reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    )
    assert denied.status_code == 403
    body = denied.content.decode()
    assert "You may not open this page" in body and 'id="user-tools"' in body
    assert 'id="error-home"' in body and conn.company_id not in body
    missing = staff_client.get("/no-such-page/")
    assert missing.status_code == 404
    assert (
        "Page not found" in missing.content.decode()
        and 'id="error-home"' in missing.content.decode()
    )


def test_recent_syncs_lead_to_each_accounting_sync_page(staff_client):
    conn = IntacctConnectionFactory(name="Only company")
    body = staff_client.get(reverse("admin:integrations_syncrun_changelist")).content.decode()
    sync_url = reverse("admin:integrations_intacctconnection_sync", args=[conn.pk])
    assert 'id="sync-pages"' in body and sync_url in body
