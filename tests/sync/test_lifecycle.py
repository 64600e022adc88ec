"""One active run per connection; dead workers' runs are closed; runner statuses."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.credentials import credentials_status_record
from integrations.intacct.errors import (
    PermissionDeniedError,
    TransportError,
    UserCredentialsError,
)
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync import lifecycle
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def conn():
    return IntacctConnectionFactory()


def test_second_run_is_refused_while_one_is_active(conn):
    first = sync_start(connection=conn, trigger="sync_now", stage="initial", enqueue=False)
    with pytest.raises(lifecycle.RunAlreadyActive, match=f"run #{first.pk}"):
        sync_start(connection=conn, trigger="sync_now", stage="initial", enqueue=False)
    assert SyncRun.objects.count() == 1
    other = IntacctConnectionFactory()
    sync_start(connection=other, trigger="sync_now", stage="initial", enqueue=False)
    assert SyncRun.objects.count() == 2


def test_run_of_a_dead_worker_is_closed_and_a_new_one_starts(conn):
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(proc.stdout)
    stuck = SyncRun.objects.create(
        connection=conn,
        trigger="command",
        stage="initial",
        status="running",
        worker=f"{lifecycle.this_worker().rsplit(':', 1)[0]}:{dead_pid}",
    )
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "stopped" in stuck.message
    assert run.status == "queued"


def test_runs_record_the_configured_machine_name(conn, settings):
    settings.SYNC_WORKER_HOST = "worker-7"
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    assert lifecycle.claim(run)
    assert run.worker.startswith("worker-7:") and run.worker.endswith(f":{os.getpid()}")


def test_another_machines_run_is_closed_only_once_its_heartbeat_is_stale(conn, settings):
    """Across machines no process id can be checked: the heartbeat is the lease."""
    settings.SYNC_WORKER_HOST = "machine-b"
    settings.SYNC_STALE_RUN_MINUTES = 0.5
    now = timezone.now()
    held = SyncRun.objects.create(
        connection=conn,
        trigger="command",
        stage="initial",
        status="running",
        worker="machine-a:1",
        started_at=now - timedelta(minutes=5),
        heartbeat_at=now - timedelta(seconds=20),
    )
    with pytest.raises(lifecycle.RunAlreadyActive):
        sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    SyncRun.objects.filter(pk=held.pk).update(heartbeat_at=now - timedelta(seconds=40))
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    held.refresh_from_db()
    assert held.status == "failed" and held.finished_at is not None
    assert "No progress for over 0.5 minutes" in held.message
    assert run.status == "queued"


def test_disabled_connection_cannot_sync(conn):
    conn.enabled = False
    conn.save()
    with pytest.raises(lifecycle.ConnectionUnavailable):
        sync_start(connection=conn, trigger="sync_now", stage="initial", enqueue=False)


def test_successful_run_records_counts_and_api_use(conn, settings):
    settings.SYNC_PAGE_SIZE = 1
    client = FakeClient(
        rows={
            "CONTACT": [
                row(1, "01/01/2025 09:00:00", CONTACTNAME="A"),
                row(2, "01/01/2025 09:00:00", CONTACTNAME="B"),
            ]
        }
    )
    run = sync_start(
        connection=conn, trigger="command", stage="initial", objects=["contacts"], enqueue=False
    )
    run = sync_run_execute(run=run, client=client)
    assert run.status == "succeeded", run.message
    assert run.counts["contacts"]["created"] == 2
    assert run.records_read == 2 and run.api_requests == 2
    assert run.finished_at and run.started_at
    assert run.window_end == "01/01/2025 09:00:00"


def test_bad_credentials_fail_the_run_and_mark_the_connection(conn):
    client = FakeClient(fail_with=UserCredentialsError("Sign-in information is incorrect"))
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    run = sync_run_execute(run=run, client=client)
    assert run.status == "failed"
    conn.refresh_from_db()
    assert conn.credentials_status == "bad"
    error = SyncError.objects.get()
    assert error.record_label.startswith("whole step")
    assert error.raw_response.startswith("UserCredentialsError (party:")
    assert len(client.queries) == 1  # stopped at the first step


def test_transport_failure_fails_the_run_and_a_later_success_resolves_step_error(conn):
    run = sync_start(
        connection=conn, trigger="command", stage="initial", objects=["contacts"], enqueue=False
    )
    run = sync_run_execute(run=run, client=FakeClient(fail_with=TransportError("timed out")))
    assert run.status == "failed"
    assert SyncError.objects.get().status == "open"
    run = sync_start(
        connection=conn, trigger="command", stage="initial", objects=["contacts"], enqueue=False
    )
    run = sync_run_execute(run=run, client=FakeClient())
    assert run.status == "succeeded"
    assert SyncError.objects.get().status == "resolved"
    assert IntacctConnection.objects.get().credentials_status == "ok"


def test_failed_run_emails_the_connection(conn, mailoutbox):
    conn.notification_emails = "ar@example.com, it@example.com"
    conn.save()
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    sync_run_execute(run=run, client=FakeClient(fail_with=TransportError("timed out")))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ar@example.com", "it@example.com"]
    assert "failed" in mailoutbox[0].subject
    assert conn.sender_password.reveal() not in mailoutbox[0].body


def test_each_step_outcome_is_recorded_and_a_failed_step_does_not_stop_the_others(conn):
    client = FakeClient(
        rows={"CONTACT": [row(1, "01/01/2025 09:00:00", CONTACTNAME="A")]},
        fail_objects={"ARTERM": PermissionDeniedError("You do not have permission for ARTERM")},
    )
    run = sync_start(
        connection=conn,
        trigger="command",
        stage="initial",
        objects=["subsidiaries", "payment_terms", "contacts"],
        enqueue=False,
    )
    run = sync_run_execute(run=run, client=client, follow_up="none")
    assert run.status == "partially_failed"
    assert run.progress["steps"] == {
        "subsidiaries": "succeeded",
        "payment_terms": "failed",
        "contacts": "succeeded",
    }
    assert run.message == "Failed steps: AR payment terms."
    assert run.counts["contacts"]["created"] == 1
    error = SyncError.objects.get()
    assert (error.step, error.record_label) == ("payment_terms", "whole step: AR payment terms")
    conn.refresh_from_db()
    assert conn.credentials_status == "unknown"  # not every step succeeded: not confirmed ok


def test_a_transport_failure_in_the_deletions_check_stops_the_run(conn):
    sync_run_execute(
        run=sync_start(
            connection=conn, trigger="command", stage="initial", objects=["contacts"], enqueue=False
        ),
        client=FakeClient(rows={"CONTACT": [row(1, "01/01/2025 09:00:00", CONTACTNAME="A")]}),
        follow_up="none",
    )
    client = FakeClient(
        rows={"CONTACT": [row(1, "01/01/2025 09:00:00", CONTACTNAME="A")]},
        fail_objects={"AUDITHISTORY": TransportError("connection reset")},
    )
    run = sync_start(
        connection=conn, trigger="command", stage="incremental", objects=["contacts"], enqueue=False
    )
    run = sync_run_execute(run=run, client=client)
    assert run.status == "failed"
    assert run.progress["steps"] == {"contacts": "succeeded", "deletions": "failed"}
    error = SyncError.objects.get(step="deletions")
    assert (error.object_name, error.record_label) == (
        "AUDITHISTORY",
        "deletions from the audit trail",
    )


def test_credentials_status_is_written_in_one_place(conn):
    credentials_status_record(connection=conn, ok=False, message="Sign-in refused")
    stored = IntacctConnection.objects.get()
    assert (stored.credentials_status, stored.credentials_message) == ("bad", "Sign-in refused")
    assert conn.credentials_status == "bad" and conn.credentials_checked_at is not None
    credentials_status_record(connection=conn, ok=None, message="x" * 2500)
    stored.refresh_from_db()
    assert stored.credentials_status == "bad" and len(stored.credentials_message) == 2000


def test_a_child_step_whose_parent_failed_ran_on_nothing_and_is_no_success(conn):
    client = FakeClient(
        rows={"ARINVOICEITEM": [row(7, "01/01/2025 09:00:00", RECORDKEY="1")]},
        fail_objects={
            "ARINVOICE": PermissionDeniedError("You do not have permission for ARINVOICE")
        },
    )
    run = sync_start(
        connection=conn,
        trigger="command",
        stage="initial",
        objects=["invoices", "invoice_lines"],
        enqueue=False,
    )
    run = sync_run_execute(run=run, client=client, follow_up="none")
    assert run.progress["steps"] == {"invoices": "failed", "invoice_lines": "no input"}
    assert run.status == "failed"
    assert run.message == "Nothing succeeded. Failed steps: Invoices."
    assert [obj for obj, _ in client.selects] == ["ARINVOICE"]  # no lines were asked for
