"""Runs say honestly how they ended, against a gateway that turns hostile after sign-in (real
HTTP: a proxy in front of the sandbox) and a connection whose endpoint is not allowed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integrations.models import IntacctConnection, SyncRun
from integrations.services import sync_now, sync_start
from integrations.tasks import run_sync_task

from .hostile_gateway import HostileGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(sandbox_server):
    gateway = HostileGateway(sandbox_server.gateway_url)
    yield gateway
    gateway.stop()


@pytest.fixture
def conn(hostile, sandbox_server, settings, connect):
    connect  # noqa: B018 - fast client retries for the run
    settings.INTACCT_ENDPOINT_ALLOWLIST = [hostile.base_url]
    creds = sandbox_server.credentials
    return IntacctConnection.objects.create(
        name="Behind a proxy",
        endpoint_url=hostile.gateway_url,
        sender_id=creds["sender_id"],
        sender_password=creds["sender_password"],
        company_id=creds["company_id"],
        user_id=creds["user_id"],
        user_password=creds["user_password"],
    )


def sync_command(conn) -> tuple[int, str]:
    """Run ``intacct_sync --stage initial``; return its exit status and message."""
    try:
        call_command("intacct_sync", "--connection", conn.name, "--stage", "initial")
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


def only_run() -> SyncRun:
    (run,) = SyncRun.objects.all()
    return run


def test_a_session_endpoint_off_the_allow_list_fails_the_run_with_a_clear_message(conn, hostile):
    hostile.mode = "endpoint"
    code, message = sync_command(conn)
    run = only_run()
    assert code == 1 and run.status == SyncRun.Status.FAILED
    assert "gateway.evil.example" in run.message and "not an intacct.com host" in run.message
    assert "Crashed" not in run.message and message.startswith(f"Run #{run.pk} failed")
    conn.refresh_from_db()
    assert conn.credentials_status == "bad"


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("dtd", "DTD or entity"),
        ("html", "HTML page"),
        ("oversize", "over the"),
    ],
)
def test_a_protocol_safety_refusal_stops_the_run_like_a_transport_failure(
    conn, hostile, mode, words
):
    hostile.mode = mode
    code, _ = sync_command(conn)
    run = only_run()
    assert code == 1 and run.status == SyncRun.Status.FAILED
    assert run.message.startswith("Stopped:") and words in run.message
    # Stopped at the first refusal: one step failed, no other step was tried.
    assert run.errors.count() == 1
    assert len(run.counts) <= 1


def test_a_run_in_which_nothing_succeeded_is_failed(conn, hostile):
    hostile.mode = "aborted"
    code, _ = sync_command(conn)
    run = only_run()
    assert code == 1 and run.status == SyncRun.Status.FAILED
    assert run.message.startswith("Nothing succeeded")
    assert run.errors.count() > 1  # every step was tried and failed


def test_a_partially_failed_run_exits_with_its_own_code(conn, hostile):
    hostile.mode = "aborted"
    hostile.objects = {"CONTACT"}
    code, message = sync_command(conn)
    run = only_run()
    assert run.status == SyncRun.Status.PARTIALLY_FAILED, run.message
    assert code == 3 and "partially failed" in message


def test_a_successful_run_exits_zero(conn):
    code, _ = sync_command(conn)
    assert code == 0
    assert SyncRun.objects.filter(status=SyncRun.Status.SUCCEEDED).count() == 2  # + historical


def test_an_endpoint_refused_before_the_run_starts_closes_it_and_the_next_sync_starts(
    conn, hostile, settings
):
    settings.INTACCT_ENDPOINT_ALLOWLIST = []  # the operator took the URL off the allow-list
    code, _ = sync_command(conn)
    run = only_run()
    assert code == 1 and run.status == SyncRun.Status.FAILED and run.finished_at
    assert run.message.startswith("Could not start:") and "allow" in run.message.lower()
    # From a worker too: the queued run is closed at once, not left for the stale timeout.
    queued = sync_now(connection=conn)
    assert run_sync_task(queued.pk) == f"run {queued.pk}: failed"
    queued.refresh_from_db()
    assert queued.status == SyncRun.Status.FAILED
    # Fixed: the next Sync Now is not refused as "already queued".
    settings.INTACCT_ENDPOINT_ALLOWLIST = [hostile.base_url]
    again = sync_start(connection=conn, trigger="sync_now", stage="initial", enqueue=False)
    assert again.status == SyncRun.Status.QUEUED


def test_a_password_the_keys_cannot_decrypt_fails_the_queued_run_at_once(conn):
    from cryptography.fernet import Fernet
    from django.db import connection as db

    # Encrypted under a key this installation does not have (e.g. a restore with the wrong key).
    foreign = Fernet(Fernet.generate_key()).encrypt(b"pw").decode()
    with db.cursor() as cursor:
        table = IntacctConnection._meta.db_table
        cursor.execute(f"UPDATE {table} SET user_password = %s WHERE id = %s", [foreign, conn.pk])
    run = sync_start(connection=conn, trigger="sync_now", stage="initial", enqueue=False)
    assert run_sync_task(run.pk) == f"run {run.pk}: failed"
    run.refresh_from_db()
    assert run.message.startswith("Could not start:")
    assert "CREDENTIALS_ENCRYPTION_KEY" in run.message
