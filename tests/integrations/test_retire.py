"""Retiring a connection: confirmed, run as a task, reports what it removed, leaves others."""

import pytest
from django.urls import reverse
from django_q.models import OrmQ

from ar.models import Customer
from integrations.models import Contact, IntacctConnection, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.tasks import retire_connection_task

pytestmark = pytest.mark.django_db

MASTER = ["subsidiaries", "payment_terms", "contacts", "customers"]


def imported(conn):
    run = sync_start(
        connection=conn, trigger="command", stage="historical", objects=MASTER, enqueue=False
    )
    assert sync_run_execute(run=run).status == "succeeded"


def test_retire_is_confirmed_queued_and_reports_what_it_removed(
    sandbox, connect, admin_client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    conn = connect(sandbox, name="Old US", notification_emails="ops@example.com")
    keep = connect(sandbox, name="UK entity", entity_id="UK")
    imported(conn)
    imported(keep)
    customers = Customer.objects.filter(connection=conn).count()
    kept_customers = Customer.objects.filter(connection=keep).count()
    assert customers and kept_customers

    # The generic delete page leads to the Retire page instead of a permission error.
    delete = admin_client.get(
        reverse("admin:integrations_intacctconnection_delete", args=[conn.pk])
    )
    url = reverse("admin:integrations_intacctconnection_retire", args=[conn.pk])
    assert delete.status_code == 302 and delete["Location"] == url
    page = admin_client.get(url).content.decode()
    assert f"<li>{customers} customers</li>" in page

    wrong = admin_client.post(url, {"confirm_name": "Old"})
    assert "Type the connection" in wrong.content.decode()
    assert IntacctConnection.objects.get(pk=conn.pk).enabled

    admin_user.email = "admin@example.com"
    admin_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(url, {"confirm_name": "Old US"})
    assert done.status_code == 302
    assert IntacctConnection.objects.get(pk=conn.pk).enabled is False  # no sync starts now
    assert OrmQ.objects.count() == 1  # the task waits for a worker

    result = retire_connection_task(conn.pk, admin_user.get_username())  # what the worker runs
    assert not IntacctConnection.objects.filter(pk=conn.pk).exists()
    assert not Customer.objects.filter(connection_id=conn.pk).exists()
    assert not Contact.objects.filter(connection_id=conn.pk).exists()
    assert not SyncRun.objects.filter(connection_id=conn.pk).exists()
    assert Customer.objects.filter(connection=keep).count() == kept_customers
    assert f"{customers:,} customers" in result
    (mail,) = mailoutbox
    assert sorted(mail.to) == ["admin@example.com", "ops@example.com"]
    assert f"{customers:,} customers" in mail.body and "Old US" in mail.subject


def test_retire_waits_for_a_running_sync(admin_client):
    from tests.factories.connections import IntacctConnectionFactory

    conn = IntacctConnectionFactory(name="Busy")
    SyncRun.objects.create(
        connection=conn, trigger="schedule", stage="incremental", status="running"
    )
    url = reverse("admin:integrations_intacctconnection_retire", args=[conn.pk])
    response = admin_client.post(url, {"confirm_name": "Busy"})
    assert "Wait for it to finish" in response.content.decode()
    assert IntacctConnection.objects.get(pk=conn.pk).enabled


def test_staff_cannot_retire(staff_client):
    from tests.factories.connections import IntacctConnectionFactory

    conn = IntacctConnectionFactory(name="Busy")
    url = reverse("admin:integrations_intacctconnection_retire", args=[conn.pk])
    assert staff_client.post(url, {"confirm_name": "Busy"}).status_code == 403
