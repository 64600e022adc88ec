"""Test connection, intacct_connect and intacct_sync against the sandbox over HTTP."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integrations.models import IntacctConnection, SyncRun
from integrations.services import connection_test, sync_now
from integrations.sync.lifecycle import ConnectionUnavailable

pytestmark = pytest.mark.django_db


def connect_args(sandbox, **override):
    creds = {**sandbox.credentials, **override}
    return [
        "--name",
        "Cmd",
        "--endpoint",
        sandbox.gateway_url,
        "--sender-id",
        creds["sender_id"],
        "--sender-password",
        creds["sender_password"],
        "--company-id",
        creds["company_id"],
        "--user-id",
        creds["user_id"],
        "--user-password",
        creds["user_password"],
    ]


def test_connection_test_lists_entities_and_checks_objects(sandbox, connect):
    conn = connect(sandbox)
    result = connection_test(connection=conn)
    assert result.ok, result.message
    assert len(result.entities) == 3 and result.missing_permissions == []
    from integrations.sync.registry import registry

    objects = {s.object_name for s in registry.plan()}
    assert f"read access to all {len(objects)} objects" in result.message
    conn.refresh_from_db()
    assert conn.credentials_status == "ok"


def test_rejected_password_marks_the_connection_and_blocks_sync_now(sandbox, connect):
    conn = connect(sandbox)
    conn.user_password = "wrong-password"
    conn.save()
    result = connection_test(connection=conn)
    assert not result.ok and result.message.startswith("Sign-in failed")
    assert "wrong-password" not in result.message
    conn.refresh_from_db()
    assert conn.credentials_status == "bad"
    with pytest.raises(ConnectionUnavailable, match="rejected"):
        sync_now(connection=conn)
    assert not SyncRun.objects.exists()


def test_intacct_connect_creates_tests_and_updates(sandbox, settings, capsys):
    settings.INTACCT_ENDPOINT_ALLOWLIST = [sandbox.base_url.rstrip("/") + "/"]
    call_command("intacct_connect", *connect_args(sandbox))
    out = capsys.readouterr().out
    assert "Created connection 'Cmd'" in out and "Signed in to DEMO-CO" in out
    call_command("intacct_connect", *connect_args(sandbox), "--entity-id", "UK")
    assert IntacctConnection.objects.get(name="Cmd").entity_id == "UK"
    with pytest.raises(CommandError, match="test failed"):
        call_command("intacct_connect", *connect_args(sandbox, user_password="nope"))


def test_intacct_connect_refuses_an_endpoint_off_the_allowlist(sandbox, settings):
    settings.INTACCT_ENDPOINT_ALLOWLIST = []
    with pytest.raises(CommandError, match="endpoint_url"):
        call_command("intacct_connect", *connect_args(sandbox))
    assert not IntacctConnection.objects.exists()


def test_intacct_sync_prints_a_summary_and_fails_loudly(sandbox, connect, capsys):
    conn = connect(sandbox)
    call_command("intacct_sync", "--connection", conn.name, "--objects", "contacts")
    out = capsys.readouterr().out
    assert "succeeded" in out and "contacts" in out and "API requests" in out
    with pytest.raises(CommandError, match="No connection named 'Nope'"):
        call_command("intacct_sync", "--connection", "Nope")
    with pytest.raises(CommandError, match="Unknown step 'invoicez'"):
        call_command("intacct_sync", "--connection", conn.name, "--objects", "invoicez")
    conn.sender_password = "bad-sender-pw-7Q"
    conn.save()
    with pytest.raises(CommandError, match="failed"):
        call_command("intacct_sync", "--connection", conn.name)
    assert "bad-sender-pw-7Q" not in SyncRun.objects.latest("pk").message
