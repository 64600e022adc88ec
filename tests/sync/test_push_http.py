"""The push framework over HTTP with a test step that creates CONTACTs in the sandbox."""

import pytest

from ar.models import Contact
from integrations.intacct.functions.writes import Create
from integrations.models import SyncError, SyncState
from integrations.services import sync_run_execute, sync_start
from integrations.sync.pending import record_mark_pending_push
from integrations.sync.registry import registry
from integrations.sync.steps import PushStep

pytestmark = pytest.mark.django_db


def build(contact: Contact, controlid: str) -> Create:
    return Create(
        "CONTACT",
        {
            "CONTACTNAME": contact.contact_name,
            "PRINTAS": contact.contact_name,
            "EMAIL1": contact.email,
        },
        controlid=controlid,
    )


def find_existing(client, contact: Contact):
    found = client.read_by_name("CONTACT", [contact.contact_name], fields=["RECORDNO"])
    return found[0] if found else None


PUSH_CONTACTS = PushStep(
    name="test_contact_push",
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
def push_step():
    registry.register(PUSH_CONTACTS)
    yield PUSH_CONTACTS
    registry.unregister(PUSH_CONTACTS.name)


def push(conn):
    run = sync_start(
        connection=conn,
        trigger="command",
        stage="incremental",
        objects=[PUSH_CONTACTS.name],
        enqueue=False,
    )
    return sync_run_execute(run=run)


def pending(conn, name, email):
    return Contact.objects.create(
        connection=conn,
        contact_name=name,
        email=email,
        sync_state=SyncState.PENDING_PUSH,
        push_version=1,
    )


def sandbox_contacts(sandbox, name):
    return sandbox.query_rows("SELECT RECORDNO, EMAIL1 FROM contact WHERE CONTACTNAME = ?", [name])


def test_failure_is_explained_and_resolves_after_the_fix(make_sandbox, connect, push_step):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    good = pending(conn, "Zoë & <Partners> 'Ltd'", "zoe@example.com")
    bad = pending(conn, "Łukasz Bad Mail", "not-an-email")

    run = push(conn)
    assert run.status == "partially_failed"
    good.refresh_from_db()
    assert good.sync_state == "synced"
    assert [r["RECORDNO"] for r in sandbox_contacts(sandbox, good.contact_name)] == [
        good.intacct_recordno
    ]
    error = SyncError.objects.get(direction="push")
    assert (error.local_pk, error.errorno) == (str(bad.pk), "BL03000018")
    assert error.catalogue_entry.title == "Invalid field format"
    assert [e["errorno"] for e in error.errors][:2] == ["BL03000018", "BL01001973"]
    assert (
        "BL03000018" in error.raw_response and "controlid=test_contact_push:" in error.raw_response
    )
    assert conn.user_password.reveal() not in error.raw_response

    bad.email = "lukasz@example.com"
    record_mark_pending_push(record=bad)
    assert push(conn).status == "succeeded"
    error.refresh_from_db()
    assert error.status == "resolved"
    assert sandbox_contacts(sandbox, bad.contact_name)[0]["EMAIL1"] == "lukasz@example.com"


@pytest.mark.parametrize("fault", ["lost_ack", "http524_after_commit"])
def test_lost_answer_is_reconciled_by_business_key_without_a_second_create(
    make_sandbox, connect, push_step, fault
):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    contact = pending(conn, "Romarío Lost Answer", "r@example.com")
    sandbox.set_faults({fault: {"probability": 1, "count": 1, "function": "create"}})
    run = push(conn)
    status = sandbox.status()
    assert status["faults_injected"].get(fault) == 1
    assert status["functions"].get("readByName") == 1  # looked up before anything was resent
    assert status["functions"].get("create") == 1
    assert run.status == "succeeded", run.message
    contact.refresh_from_db()
    rows = sandbox_contacts(sandbox, contact.contact_name)
    assert len(rows) == 1  # it landed once and was not sent again
    assert (contact.sync_state, contact.intacct_recordno) == ("synced", rows[0]["RECORDNO"])
