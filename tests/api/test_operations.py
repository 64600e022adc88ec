"""Operations: Sync Now, a manual import, retry / skip / resolve an error — by role."""

import pytest

from integrations.models import SyncError, SyncRun
from tests.api.data import make_book


@pytest.fixture
def book(db):
    book = make_book()
    # Sync Now waits for a passed connection test, as in the admin.
    book.connection.credentials_status = "ok"
    book.connection.save()
    SyncRun.objects.filter(pk=book.run.pk).update(status=SyncRun.Status.SUCCEEDED)
    return book


def test_consultant_presses_sync_now(consultant_api, book):
    response = consultant_api.post(
        "/api/v1/operations/sync-now/", {"connection": book.connection.pk}, format="json"
    )
    assert response.status_code == 202, response.content
    run = SyncRun.objects.get(pk=response.json()["id"])
    assert run.trigger == SyncRun.Trigger.SYNC_NOW
    assert run.status == SyncRun.Status.QUEUED
    assert run.requested_by.startswith("consultant")


def test_staff_need_the_sync_now_permission(api_for, book):
    refused = api_for("staff").post(
        "/api/v1/operations/sync-now/", {"connection": book.connection.pk}, format="json"
    )
    assert refused.status_code == 403
    granted = api_for("staff", perms=("integrations.request_sync",)).post(
        "/api/v1/operations/sync-now/", {"connection": book.connection.pk}, format="json"
    )
    assert granted.status_code == 202
    assert SyncRun.objects.filter(trigger=SyncRun.Trigger.SYNC_NOW).count() == 1


def test_sync_now_while_a_run_is_active_is_a_conflict(consultant_api, book):
    SyncRun.objects.create(
        connection=book.connection, trigger="command", stage="incremental", status="running"
    )
    response = consultant_api.post(
        "/api/v1/operations/sync-now/", {"connection": book.connection.pk}, format="json"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "running" in response.json()["detail"] or "active" in response.json()["detail"]


def test_sync_now_of_an_unknown_connection_is_a_field_error(consultant_api, book):
    response = consultant_api.post(
        "/api/v1/operations/sync-now/", {"connection": 999_999}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"connection": ["No connection has this ID."]}


def test_consultant_starts_a_manual_import(consultant_api, staff_api, book):
    body = {"connection": book.connection.pk, "what": "customers"}
    assert (
        staff_api.post("/api/v1/operations/manual-imports/", body, format="json").status_code == 403
    )
    response = consultant_api.post("/api/v1/operations/manual-imports/", body, format="json")
    assert response.status_code == 202, response.content
    run = SyncRun.objects.get(pk=response.json()["id"])
    assert run.stage == SyncRun.Stage.MANUAL_IMPORT
    assert run.parameters == {"what": "customers"}


def test_an_unknown_manual_import_is_refused_with_the_services_message(consultant_api, book):
    response = consultant_api.post(
        "/api/v1/operations/manual-imports/",
        {"connection": book.connection.pk, "what": "everything"},
        format="json",
    )
    assert response.status_code == 422
    assert "Unknown manual import 'everything'" in response.json()["detail"]
    assert not SyncRun.objects.filter(stage=SyncRun.Stage.MANUAL_IMPORT).exists()


def test_staff_retry_their_records_error(staff_api, book):
    response = staff_api.post(f"/api/v1/sync-errors/{book.record_error.pk}/retry/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["error"]["status"] == "retrying"
    assert body["run"]["trigger"] == "retry"
    book.record_error.refresh_from_db()
    assert book.record_error.status == SyncError.Status.RETRYING
    assert book.record_error.history[-1]["action"] == "Retry"


def test_staff_skip_their_records_error_but_not_a_whole_steps(staff_api, book):
    response = staff_api.post(f"/api/v1/sync-errors/{book.record_error.pk}/skip/")
    assert response.status_code == 200
    assert response.json()["error"]["status"] == "skipped"
    refused = staff_api.post(f"/api/v1/sync-errors/{book.step_error.pk}/skip/")
    assert refused.status_code == 403
    book.step_error.refresh_from_db()
    assert book.step_error.status == SyncError.Status.OPEN


def test_only_consultants_resolve(staff_api, consultant_api, book):
    assert staff_api.post(f"/api/v1/sync-errors/{book.record_error.pk}/resolve/").status_code == 403
    response = consultant_api.post(f"/api/v1/sync-errors/{book.step_error.pk}/resolve/")
    assert response.status_code == 200
    book.step_error.refresh_from_db()
    assert book.step_error.status == SyncError.Status.RESOLVED
    assert book.step_error.resolved_at is not None
    again = consultant_api.post(f"/api/v1/sync-errors/{book.step_error.pk}/retry/")
    assert again.status_code == 409


def test_a_user_without_a_role_operates_nothing(api_for, book):
    client = api_for(None)
    assert client.post(f"/api/v1/sync-errors/{book.record_error.pk}/retry/").status_code == 403
    assert (
        client.post(
            "/api/v1/operations/sync-now/", {"connection": book.connection.pk}, format="json"
        ).status_code
        == 403
    )
    book.record_error.refresh_from_db()
    assert book.record_error.status == SyncError.Status.OPEN
