"""Accounting staff retry and skip their records' errors; resolving and whole-step errors stay
with consultants. The README says the same."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from integrations.models import SyncError, SyncRun
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def error(conn, key: str) -> SyncError:
    return SyncError.objects.create(
        connection=conn,
        object_name="CUSTOMER",
        direction="pull",
        record_key=key,
        record_label=f"record {key}" if key else "whole step: Customers",
        errors=[{"errorno": "BL1", "description": "d"}],
    )


def act(client, action: str, errors: list[SyncError]):
    return client.post(
        reverse("admin:integrations_syncerror_changelist"),
        {"action": action, "_selected_action": [e.pk for e in errors]},
        follow=True,
    )


def test_staff_retry_and_skip_their_records(staff_client):
    conn = IntacctConnectionFactory()
    record, other, step = error(conn, "101"), error(conn, "102"), error(conn, "")
    page = act(staff_client, "retry", [record, step])
    assert page.status_code == 200
    record.refresh_from_db()
    step.refresh_from_db()
    assert record.status == SyncError.Status.RETRYING
    assert step.status == SyncError.Status.OPEN  # whole-step errors are the consultants'
    assert SyncRun.objects.filter(trigger="retry").exists()
    act(staff_client, "skip_in_future", [other])
    other.refresh_from_db()
    assert other.status == SyncError.Status.SKIPPED and other.history[-1]["user"] == "staff"


def test_staff_cannot_mark_errors_resolved_and_consultants_can(staff_user, consultant_user):
    staff_client, consultant_client = Client(), Client()
    staff_client.force_login(staff_user)
    consultant_client.force_login(consultant_user)
    conn = IntacctConnectionFactory()
    e = error(conn, "101")
    changelist = staff_client.get(reverse("admin:integrations_syncerror_changelist"))
    assert b'value="mark_resolved"' not in changelist.content
    assert b'value="retry"' in changelist.content
    act(staff_client, "mark_resolved", [e])
    e.refresh_from_db()
    assert e.status == SyncError.Status.OPEN
    act(consultant_client, "mark_resolved", [e])
    e.refresh_from_db()
    assert e.status == SyncError.Status.RESOLVED


def test_the_readme_says_what_staff_can_do():
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "Accounting staff can retry a record, skip it in future syncs, or export errors" in text
    assert "consultants can also mark errors resolved" in text
