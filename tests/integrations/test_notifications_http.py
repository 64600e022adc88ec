"""The connection's e-mails, from runs against the sandbox over real HTTP."""

import pytest

from ar.models import Customer
from integrations.custom_fields import custom_fields_discover
from integrations.models import CustomField, SyncError
from integrations.services import manual_import_start, sync_run_execute, sync_start
from integrations.tasks import run_sync_task

pytestmark = pytest.mark.django_db

MASTER = ["subsidiaries", "payment_terms", "contacts", "customers"]


def run_sync(conn, objects=MASTER):
    run = sync_start(
        connection=conn, trigger="command", stage="historical", objects=objects, enqueue=False
    )
    return sync_run_execute(run=run, follow_up="none")


def gone_field(conn, object_name: str, field_id: str) -> None:
    """A chosen custom field Intacct no longer has: its step fails every run until unticked."""
    CustomField.objects.create(
        connection=conn,
        object_name=object_name,
        field_id=field_id,
        label=field_id.title(),
        datatype="TEXT",
        enabled=True,
    )


def test_the_open_errors_grew_mail_goes_once_per_growth(sandbox, connect, mailoutbox):
    conn = connect(sandbox, notification_emails="ar@example.com")
    custom_fields_discover(connection=conn)
    gone_field(conn, "CUSTOMER", "LOYALTY_LEVEL")

    first = run_sync(conn)
    assert first.status == "partially_failed", first.message
    assert SyncError.objects.filter(status="open").count() == 1
    assert [m.subject for m in mailoutbox] == [
        f"[Intacct Sync Hub] Historical import of {conn} has new errors"
    ]
    assert "Open sync errors: 1 (before this run: 0)" in mailoutbox[0].body

    # The same error again: nothing grew, nobody is told twice.
    again = run_sync(conn)
    assert again.status == "partially_failed"
    assert SyncError.objects.filter(status="open").count() == 1
    assert len(mailoutbox) == 1

    # A second problem is a new growth: one more mail.
    gone_field(conn, "ARINVOICE", "OLD_PROJECT")
    grown = run_sync(conn, [*MASTER, "invoices"])
    assert SyncError.objects.filter(status="open").count() == 2
    assert len(mailoutbox) == 2
    assert "Open sync errors: 2 (before this run: 1)" in mailoutbox[1].body
    assert grown.pk != again.pk


def test_the_manual_import_mail_carries_its_counts(sandbox, connect, mailoutbox):
    conn = connect(sandbox, notification_emails="ar@example.com")
    run = manual_import_start(connection=conn, what="customers")
    assert run_sync_task(run.pk).endswith("succeeded")
    run.refresh_from_db()
    [mail] = mailoutbox
    assert mail.subject == f"[Intacct Sync Hub] Manual import of {conn} finished"
    customers = Customer.objects.filter(connection=conn).count()
    assert customers and run.counts["customers"]["created"] == customers
    body = mail.body
    assert f"Records read: {run.records_read}, written: {run.records_written}, failed: 0" in body
    assert run.records_read >= customers
    assert f"Customers: {customers} read, {customers} created, 0 updated, 0 failed" in body
    contacts = run.counts["contacts"]
    assert f"Contacts: {contacts['read']} read, {contacts['created']} created" in body
