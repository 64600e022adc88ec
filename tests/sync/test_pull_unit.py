"""The pull path against a fake client: cursor, hashing, relations, counts, overlap."""

from datetime import datetime

import pytest

from ar.models import Contact, Customer
from ar.sync import CONTACTS, CUSTOMERS
from integrations.models import CustomField, SyncCursor, SyncError, SyncRun
from integrations.sync.context import RunContext
from integrations.sync.pull import pull_step
from integrations.sync.runner import execute
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, row

pytestmark = pytest.mark.django_db


def contact(no, modified, name, status="active", **extra):
    return row(no, modified, CONTACTNAME=name, PRINTAS=name, STATUS=status, **extra)


@pytest.fixture
def conn():
    return IntacctConnectionFactory()


def ctx_for(conn, client, stage="initial", page_size=2):
    SyncRun.objects.filter(connection=conn).update(status="succeeded")
    run = SyncRun.objects.create(connection=conn, trigger="command", stage=stage, status="running")
    return RunContext(run=run, connection=conn, client=client, stage=stage, page_size=page_size)


def test_full_pass_upserts_every_page_and_seeds_incremental_cursor(conn):
    client = FakeClient(
        rows={
            "CONTACT": [
                contact(3, "01/02/2025 10:00:00", "Zoë"),
                contact(1, "01/01/2025 09:00:00", "Romarío"),
                contact(2, "01/01/2025 09:00:00", "Ł & <co> 'q'"),
            ]
        }
    )
    counts = pull_step(ctx_for(conn, client), CONTACTS)
    assert (counts.read, counts.created, counts.updated, counts.unchanged) == (3, 3, 0, 0)
    assert sorted(Contact.objects.values_list("contact_name", flat=True)) == [
        "Romarío",
        "Zoë",
        "Ł & <co> 'q'",
    ]
    cursor = SyncCursor.objects.get(connection=conn, step="contacts")
    assert (cursor.last_modified, cursor.last_recordno) == ("01/02/2025 10:00:00", 3)
    assert not SyncCursor.objects.filter(step="contacts@initial").exists()
    assert client.stats.by_function["query"] == 2  # pages of 2: [1,2], [3]


def test_second_pass_changes_nothing_and_detects_a_change(conn, settings):
    rows = [contact(1, "01/01/2025 09:00:00", "A"), contact(2, "01/01/2025 09:30:00", "B")]
    client = FakeClient(rows={"CONTACT": rows})
    pull_step(ctx_for(conn, client), CONTACTS)
    before = dict(Contact.objects.values_list("intacct_recordno", "last_synced_at"))

    counts = pull_step(ctx_for(conn, client, stage="incremental"), CONTACTS)
    assert (counts.read, counts.unchanged, counts.created, counts.updated) == (2, 2, 0, 0)
    assert dict(Contact.objects.values_list("intacct_recordno", "last_synced_at")) == before
    # The incremental pass asked from the cursor less the overlap window.
    assert client.queries[-1][1] == datetime(2025, 1, 1, 8, 30)

    rows[0] = contact(1, "01/01/2025 11:00:00", "A renamed")
    counts = pull_step(ctx_for(conn, client, stage="incremental"), CONTACTS)
    assert counts.updated == 1 and counts.unchanged == 1
    assert Contact.objects.get(intacct_recordno=1).contact_name == "A renamed"


def test_relations_resolve_in_bulk_and_unknown_ones_stay_empty(conn):
    client = FakeClient(
        rows={
            "CONTACT": [contact(10, "01/01/2025 09:00:00", "Main")],
            "CUSTOMER": [
                row(
                    5,
                    "01/01/2025 09:00:00",
                    CUSTOMERID="C5",
                    NAME="Acme",
                    STATUS="active",
                    **{"DISPLAYCONTACT.CONTACTNAME": "Main", "BILLTO.CONTACTNAME": "Gone"},
                    TOTALDUE="12.5",
                ),
            ],
        }
    )
    pull_step(ctx_for(conn, client), CONTACTS)
    pull_step(ctx_for(conn, client), CUSTOMERS)
    customer = Customer.objects.get()
    assert customer.display_contact.contact_name == "Main"
    assert customer.bill_to_contact is None
    assert str(customer.total_due) == "12.50"
    assert customer.intacct_id == "C5"


def test_incremental_skips_unknown_inactive_but_takes_inactivation(conn):
    rows = [contact(1, "01/01/2025 09:00:00", "Known")]
    client = FakeClient(rows={"CONTACT": rows})
    pull_step(ctx_for(conn, client), CONTACTS)
    rows[0] = contact(1, "01/02/2025 09:00:00", "Known", status="inactive")
    rows.append(contact(2, "01/02/2025 09:00:00", "Never seen", status="inactive"))
    counts = pull_step(ctx_for(conn, client, stage="incremental"), CONTACTS)
    assert counts.skipped == 1 and counts.updated == 1
    assert list(Contact.objects.values_list("contact_name", "status")) == [("Known", "inactive")]


def test_a_record_that_cannot_be_mapped_becomes_an_error_and_the_rest_import(conn):
    client = FakeClient(
        rows={
            "CUSTOMER": [
                row(1, "01/01/2025 09:00:00", CUSTOMERID="OK", NAME="Fine", TOTALDUE="1"),
                row(2, "01/01/2025 09:00:00", CUSTOMERID="BAD", NAME="Broken", TOTALDUE="12,5x"),
            ]
        }
    )
    counts = pull_step(ctx_for(conn, client), CUSTOMERS)
    assert (counts.created, counts.failed) == (1, 1)
    error = SyncError.objects.get()
    assert (error.record_key, error.record_label, error.status) == ("2", "BAD", "open")

    client.rows["CUSTOMER"][1] = row(
        2, "01/03/2025 09:00:00", CUSTOMERID="BAD", NAME="Fixed", TOTALDUE="12.5"
    )
    pull_step(ctx_for(conn, client, stage="incremental"), CUSTOMERS)
    error.refresh_from_db()
    assert error.status == "resolved"
    assert Customer.objects.get(intacct_recordno=2).name == "Fixed"


def test_skipped_records_are_not_imported(conn):
    SyncError.objects.create(
        connection=conn,
        step="contacts",
        object_name="CONTACT",
        direction="pull",
        record_key="1",
        status="skipped",
        errors=[],
    )
    client = FakeClient(rows={"CONTACT": [contact(1, "01/01/2025 09:00:00", "Skip me")]})
    counts = pull_step(ctx_for(conn, client), CONTACTS)
    assert counts.skipped == 1 and not Contact.objects.exists()


def test_local_only_fields_survive_a_pull(conn):
    client = FakeClient(rows={"CONTACT": [contact(1, "01/01/2025 09:00:00", "A")]})
    pull_step(ctx_for(conn, client), CONTACTS)
    Contact.objects.update(push_version=7)
    client.rows["CONTACT"][0] = contact(1, "01/02/2025 09:00:00", "B")
    pull_step(ctx_for(conn, client, stage="incremental"), CONTACTS)
    assert Contact.objects.get().push_version == 7


def test_retrying_a_customer_keeps_its_custom_fields(conn):
    """Retry re-reads by key with the same select list as any pull: custom fields included."""
    CustomField.objects.create(
        connection=conn, object_name="CUSTOMER", field_id="REGION", label="Region", enabled=True
    )
    client = FakeClient(
        rows={
            "CUSTOMER": [
                row(1, "01/01/2025 09:00:00", CUSTOMERID="C1", NAME="Acme", REGION="West"),
            ]
        }
    )
    pull_step(ctx_for(conn, client), CUSTOMERS)
    assert Customer.objects.get().custom_fields == {"REGION": "West"}
    SyncError.objects.create(
        connection=conn,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="1",
        status="retrying",
        errors=[],
    )
    SyncRun.objects.filter(connection=conn).update(status="succeeded")
    run = SyncRun.objects.create(
        connection=conn,
        trigger="retry",
        stage="incremental",
        status="running",
        objects_requested=["customers"],
    )
    done = execute(run, client=client)
    assert done.status == "succeeded", done.message
    assert Customer.objects.get().custom_fields == {"REGION": "West"}
    assert "REGION" in client.selects[-1][1]
    assert SyncError.objects.get().status == "resolved"
