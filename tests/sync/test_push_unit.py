"""The push framework with a test step: deterministic controlids, outcomes, ambiguity."""

import pytest

from ar.models import Contact
from integrations.models import SyncError, SyncRun, SyncState
from integrations.services import sync_retry
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.pending import record_mark_pending_push
from integrations.sync.push import controlid_for, push_step
from integrations.sync.steps import PushStep
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, FakeWrite

pytestmark = pytest.mark.django_db

LANDED: dict[str, int] = {}


def build(record, controlid):
    status = "failure" if record.contact_name.startswith("bad") else "success"
    errors = (
        [{"errorno": "BL03000018", "description": "Illegal format"}] if status == "failure" else []
    )
    return FakeWrite(
        controlid=controlid,
        name=record.contact_name,
        status=status,
        recordno=1000 + record.pk,
        errors=errors,
    )


def find_existing(client, record):
    for fn in client.executed:
        if fn.name == record.contact_name:
            from integrations.intacct.records import Record

            return Record({"RECORDNO": str(1000 + record.pk)})
    return None


STEP = PushStep(
    name="test_contacts_push",
    object_name="CONTACT",
    model=Contact,
    select_pending=lambda conn: Contact.objects.filter(
        connection=conn, sync_state=SyncState.PENDING_PUSH
    ).order_by("pk"),
    build=build,
    find_existing=find_existing,
    key_from_outcome=lambda o: (o.records[0].int("RECORDNO"), o.records[0].text("CONTACTNAME")),
)


@pytest.fixture
def conn():
    return IntacctConnectionFactory()


def make(conn, *names):
    return [
        Contact.objects.create(
            connection=conn, contact_name=n, sync_state="pending_push", push_version=1
        )
        for n in names
    ]


def run_push(conn, client, settings):
    settings.INTACCT_BATCH_SIZE = 2
    SyncRun.objects.filter(connection=conn).update(status="succeeded")
    run = SyncRun.objects.create(
        connection=conn, trigger="command", stage="incremental", status="running"
    )
    return push_step(RunContext(run=run, connection=conn, client=client, stage="incremental"), STEP)


def test_controlids_are_deterministic(conn):
    (c,) = make(conn, "a")
    assert controlid_for(STEP, c) == f"test_contacts_push:{c.pk}:v1"
    assert controlid_for(STEP, c) == controlid_for(STEP, Contact.objects.get(pk=c.pk))


def test_success_and_failure_are_recorded_on_record_and_error(conn, settings):
    ok, bad = make(conn, "ok", "bad-email")
    client = FakeClient()
    counts = run_push(conn, client, settings)
    assert (counts.created, counts.failed) == (1, 1)
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert (ok.sync_state, ok.intacct_recordno) == ("synced", 1000 + ok.pk)
    assert ok.last_pushed_at is not None
    assert bad.sync_state == "failed"
    error = SyncError.objects.get()
    assert (error.direction, error.local_pk, error.errorno) == ("push", str(bad.pk), "BL03000018")
    # Recorded inside the batch's transaction: the catalogue is matched after it (the runner
    # does this between steps), never while the write lock is held.
    assert error.catalogue_entry is None
    sync_errors.attach_catalogue(run=error.run)
    error.refresh_from_db()
    assert error.catalogue_entry.title == "Invalid field format"


def test_ambiguous_batch_is_reconciled_by_business_key_not_resent(conn, settings):
    a, b, c = make(conn, "a", "b", "c")
    client = FakeClient(ambiguous_after=1)  # "b" lands, its answer is lost
    counts = run_push(conn, client, settings)
    assert [f.name for f in client.executed] == ["a", "b", "c"]
    for record in (a, b, c):
        record.refresh_from_db()
        assert record.sync_state == "synced", record.contact_name
    assert counts.created == 3
    # Nothing was sent twice.
    assert len({f.controlid for f in client.executed}) == len(client.executed)


def test_a_change_gets_a_new_controlid_and_a_retry_reuses_the_old_one(conn, settings):
    contact = Contact.objects.create(connection=conn, contact_name="bad address")
    assert (contact.push_version, contact.sync_state) == (0, "synced")
    record_mark_pending_push(record=contact)
    assert (contact.push_version, contact.sync_state) == (1, "pending_push")
    first = controlid_for(STEP, contact)

    client = FakeClient()
    run_push(conn, client, settings)
    contact.refresh_from_db()
    assert contact.sync_state == "failed"
    assert [f.controlid for f in client.executed] == [first]

    # Retrying sends the unchanged record again under the same controlid.
    SyncError.objects.filter(connection=conn, direction="push").update(status="retrying")
    SyncRun.objects.filter(connection=conn).update(status="succeeded")
    sync_retry(connection_id=conn.pk)
    contact.refresh_from_db()
    assert (contact.sync_state, controlid_for(STEP, contact)) == ("pending_push", first)

    # A change is a new version: its push can never be taken for the old one.
    contact.email = "fixed@example.com"
    record_mark_pending_push(record=contact)
    assert contact.push_version == 2 and controlid_for(STEP, contact) != first
