"""Idempotency-Key on POST: the first response again for the same key and body, 409 for a
different body, and a concurrent duplicate never runs twice."""

import pytest

from api.models import IdempotencyKey
from integrations.models import SyncError, SyncRun
from tests.api.data import make_book


@pytest.fixture
def book(db):
    book = make_book()
    book.connection.credentials_status = "ok"
    book.connection.save()
    SyncRun.objects.filter(pk=book.run.pk).update(status=SyncRun.Status.SUCCEEDED)
    return book


def sync_now(client, connection_id, key):
    return client.post(
        "/api/v1/operations/sync-now/",
        {"connection": connection_id},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_same_key_same_body_returns_the_first_response(consultant_api, book):
    first = sync_now(consultant_api, book.connection.pk, "feed-42")
    again = sync_now(consultant_api, book.connection.pk, "feed-42")
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    # Without the key the second press meets the first run (one run per connection).
    assert SyncRun.objects.filter(trigger=SyncRun.Trigger.SYNC_NOW).count() == 1


def test_same_key_different_body_is_a_conflict(consultant_api, book):
    assert sync_now(consultant_api, book.connection.pk, "k-1").status_code == 202
    reused = sync_now(consultant_api, 999_999, "k-1")
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"
    other_path = consultant_api.post(
        f"/api/v1/sync-errors/{book.record_error.pk}/skip/", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other_path.status_code == 409
    book.record_error.refresh_from_db()
    assert book.record_error.status == SyncError.Status.OPEN


def test_a_refusal_is_replayed_too_and_keys_are_per_user(api_for, book):
    staff = api_for("staff", perms=("integrations.request_sync",))
    consultant = api_for("consultant")
    SyncRun.objects.create(
        connection=book.connection, trigger="command", stage="incremental", status="running"
    )
    first = sync_now(consultant, book.connection.pk, "shared-key")
    assert first.status_code == 409
    SyncRun.objects.filter(status="running").update(status="succeeded")
    # The same request again gets the stored answer, not a new run.
    again = sync_now(consultant, book.connection.pk, "shared-key")
    assert again.status_code == 409 and again.json() == first.json()
    assert again["Content-Type"] == "application/problem+json"
    # Another user's identical key is their own.
    assert sync_now(staff, book.connection.pk, "shared-key").status_code == 202


def test_a_blank_or_oversized_key_is_a_field_error(consultant_api, book):
    for key in (" ", "x" * 256):
        response = sync_now(consultant_api, book.connection.pk, key)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert not SyncRun.objects.filter(trigger=SyncRun.Trigger.SYNC_NOW).exists()


def test_a_duplicate_arriving_while_the_first_runs_never_runs_twice(book, api_for):
    """The first request's claim is committed before it runs; a duplicate that arrives
    meanwhile finds the unique row and is told to retry (409), running nothing."""
    client = api_for("staff")
    path = f"/api/v1/sync-errors/{book.record_error.pk}/skip/"
    first = client.post(path, HTTP_IDEMPOTENCY_KEY="same-skip")
    assert first.status_code == 200
    claim = IdempotencyKey.objects.get(key="same-skip")
    # As seen by a duplicate while the first is still running: claimed, not completed.
    IdempotencyKey.objects.filter(pk=claim.pk).update(completed_at=None, status_code=None)
    during = client.post(path, HTTP_IDEMPOTENCY_KEY="same-skip")
    assert during.status_code == 409
    assert during.json()["code"] == "idempotency_in_progress"
    book.record_error.refresh_from_db()
    skips = [h for h in book.record_error.history if h["action"] == "Skip in future syncs"]
    assert len(skips) == 1
