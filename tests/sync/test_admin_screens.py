"""The operations console renders, counts queries sensibly, and its actions are recorded."""

import csv
import io

import pytest
from django.urls import reverse

from integrations.models import ErrorCatalogueEntry, IntacctConnection, SyncError, SyncRun
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db


def make_runs(conn, n):
    for i in range(n):
        SyncRun.objects.create(
            connection=conn,
            trigger="schedule",
            stage="incremental",
            status="succeeded",
            records_read=10 * i,
            counts={"customers": {"read": 10 * i, "created": i}},
        )


def make_errors(conn, n):
    for i in range(n):
        SyncError.objects.create(
            connection=conn,
            step="customers",
            object_name="CUSTOMER",
            direction="pull",
            record_key=str(i),
            record_label=f"=CUST{i}",
            errorno="BL03000018",
            summary="Illegal format",
            errors=[{"errorno": "BL03000018", "description": "x"}],
            catalogue_entry=ErrorCatalogueEntry.objects.get(title="Invalid field format"),
        )


def test_recent_syncs_list_has_chart_and_constant_queries(
    admin_client, django_assert_max_num_queries
):
    conn = IntacctConnectionFactory()
    make_runs(conn, 3)
    url = reverse("admin:integrations_syncrun_changelist")
    with django_assert_max_num_queries(12) as small:
        body = admin_client.get(url).content.decode()
    assert "<svg" in body and "runs-chart" in body
    make_runs(conn, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client.get(url)


def test_run_detail_shows_per_object_counts(admin_client):
    conn = IntacctConnectionFactory()
    make_runs(conn, 2)
    run = SyncRun.objects.first()
    body = admin_client.get(reverse("admin:integrations_syncrun_change", args=[run.pk])).content
    assert b"run-counts" in body and b"customers" in body


def test_error_actions_are_recorded_and_csv_is_safe(admin_client):
    conn = IntacctConnectionFactory()
    make_errors(conn, 3)
    ids = list(SyncError.objects.values_list("pk", flat=True))
    url = reverse("admin:integrations_syncerror_changelist")
    admin_client.post(url, {"action": "skip_in_future", "_selected_action": ids[:1]})
    admin_client.post(url, {"action": "mark_resolved", "_selected_action": ids[1:2]})
    statuses = dict(SyncError.objects.values_list("pk", "status"))
    assert statuses[ids[0]] == "skipped" and statuses[ids[1]] == "resolved"
    first = SyncError.objects.get(pk=ids[0])
    assert first.history[0]["action"] == "Skip in future syncs"
    assert first.history[0]["user"] == "admin"

    resp = admin_client.post(url, {"action": "export_csv", "_selected_action": ids})
    rows = list(csv.reader(io.StringIO(resp.content.decode())))
    assert rows[0][0] == "id" and len(rows) == 4
    assert all(r[4].startswith("'=") for r in rows[1:])  # no spreadsheet formulas


def test_error_detail_shows_the_catalogue_fix(admin_client):
    conn = IntacctConnectionFactory()
    from integrations.sync.errors import record_failure

    error = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="7",
        errors=[{"errorno": "BL03000018", "description": "Illegal format"}],
        raw_response=f"<password>{conn.user_password.reveal()}</password>",
    )
    body = admin_client.get(
        reverse("admin:integrations_syncerror_change", args=[error.pk])
    ).content.decode()
    assert "Invalid field format" in body and "catalogue-fix" in body
    assert conn.user_password.reveal() not in body
    again = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="7",
        errors=[{"errorno": "BL03000018", "description": "Illegal format"}],
    )
    assert again.pk == error.pk and again.repeat_count == 2


def test_connection_page_shows_status_and_sync_now(admin_client):
    conn = IntacctConnectionFactory()
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    body = admin_client.get(url).content.decode()
    # Never tested: Sync Now waits for a passing Test connection.
    assert 'id="sync-now"' not in body and "Use Test connection first" in body
    IntacctConnection.objects.filter(pk=conn.pk).update(credentials_status="ok")
    body = admin_client.get(url).content.decode()
    assert "Test connection" in body and 'id="sync-now"' in body and "Never synced" in body
    SyncRun.objects.create(connection=conn, trigger="sync_now", stage="initial", status="running")
    body = admin_client.get(url).content.decode()
    assert 'id="sync-now"' not in body and "Sync Now unavailable" in body
    SyncRun.objects.update(status="failed")
    conn.credentials_status = "bad"
    conn.save()
    body = admin_client.get(url).content.decode()
    assert 'id="sync-now"' not in body and "rejected the credentials" in body


def test_second_sync_now_says_a_run_is_active(admin_client):
    conn = IntacctConnectionFactory(credentials_status="ok")
    url = reverse("admin:integrations_intacctconnection_sync_now", args=[conn.pk])
    first = admin_client.post(url)
    assert first.status_code == 302 and SyncRun.objects.count() == 1
    second = admin_client.post(url, follow=True)
    assert "already queued" in second.content.decode()
    assert SyncRun.objects.count() == 1


def test_staff_cannot_press_sync_now_or_see_connections(staff_client):
    conn = IntacctConnectionFactory(credentials_status="ok")
    url = reverse("admin:integrations_intacctconnection_sync_now", args=[conn.pk])
    assert staff_client.post(url).status_code == 403
    assert SyncRun.objects.count() == 0


def test_manual_import_of_all_customers_is_queued_with_its_steps(admin_client, mailoutbox):
    conn = IntacctConnectionFactory()
    resp = admin_client.post(
        reverse("admin:integrations_intacctconnection_import", args=[conn.pk, "customers"])
    )
    assert resp.status_code == 302
    run = SyncRun.objects.get()
    assert (run.stage, run.status) == ("manual_import", "queued")
    assert run.objects_requested == ["subsidiaries", "payment_terms", "contacts", "customers"]
    bad = admin_client.post(
        reverse("admin:integrations_intacctconnection_import", args=[conn.pk, "vendors"]),
        follow=True,
    )
    assert "Unknown manual import" in bad.content.decode()


def test_running_run_shows_progress_with_time_left(admin_client):
    conn = IntacctConnectionFactory()
    run = SyncRun.objects.create(
        connection=conn,
        trigger="command",
        stage="historical",
        status="running",
        progress={
            "step": "invoices",
            "object": "ARINVOICE",
            "page": 3,
            "records": 6000,
            "total": 20000,
            "eta_seconds": 125,
        },
    )
    body = admin_client.get(reverse("admin:integrations_syncrun_change", args=[run.pk])).content
    assert b"page 3, 6,000 records of 20,000, about 2 min 05 s left" in body
    assert b'http-equiv="refresh"' in body


@pytest.mark.parametrize(
    "url_name",
    ["admin:integrations_syncerror_changelist", "admin:integrations_intacctconnection_changelist"],
)
def test_console_lists_do_not_query_per_row(admin_client, django_assert_max_num_queries, url_name):
    def grow(n):
        for _ in range(n):
            conn = IntacctConnectionFactory()
            make_errors(conn, 2)
            make_runs(conn, 1)

    grow(1)
    url = reverse(url_name)
    with django_assert_max_num_queries(20) as small:
        assert admin_client.get(url).status_code == 200
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client.get(url).status_code == 200
