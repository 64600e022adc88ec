"""The push machinery over HTTP against the sandbox, with test steps (CONTACT, CUSTOMER):
create / update / nothing / refused decisions, a prerequisite written first in the same
request, previews that validate and equal what is sent, dry runs, and the command."""

import io

import pytest
from django.core.management import call_command
from lxml import etree

from ar.models import Customer
from integrations.intacct.functions.writes import Create, Update
from integrations.models import Contact, IntacctConnection, SyncError, SyncRun, SyncState
from integrations.push_services import push_dry_run_list, push_start, record_push_preview
from integrations.services import sync_run_execute, sync_start
from integrations.sync.pending import record_mark_pending_push
from integrations.sync.registry import registry
from integrations.sync.steps import PushStep
from tests.shared_docs import XSD, require

from .hostile_gateway import HostileGateway

pytestmark = pytest.mark.django_db


def pending_of(model):
    return lambda conn: model.objects.filter(
        connection=conn, sync_state=SyncState.PENDING_PUSH
    ).order_by("pk")


def contact_create(contact, cid):
    return Create(
        "CONTACT",
        {"CONTACTNAME": contact.contact_name, "PRINTAS": contact.contact_name,
         "EMAIL1": contact.email},
        controlid=cid,
    )  # fmt: skip


def contact_update(contact, cid):
    return Update(
        "CONTACT", {"RECORDNO": contact.intacct_recordno, "EMAIL1": contact.email}, controlid=cid
    )


def contact_found(client, contact):
    found = client.read_by_name("CONTACT", [contact.contact_name], fields=["RECORDNO"])
    return found[0] if found else None


def contact_refusal(contact):
    return "the contact is inactive in Intacct" if contact.status == "inactive" else ""


CONTACTS = PushStep(
    name="test_push_contacts",
    object_name="CONTACT",
    model=Contact,
    select_pending=pending_of(Contact),
    build=contact_create,
    build_update=contact_update,
    update_refusal=contact_refusal,
    find_existing=contact_found,
    key_from_outcome=lambda o: (
        (o.records[0].int("RECORDNO"), o.records[0].text("CONTACTNAME"))
        if o.records
        else (None, "")
    ),
)


def customer_prepare(batch):
    for customer in batch.records:
        if not customer.name.strip():
            batch.refuse(customer, "A customer needs a name.", errorno="HUB-PUSH-INVALID")
        elif customer.display_contact is not None:
            batch.require(customer, CONTACTS, customer.display_contact)


def customer_create(customer, cid):
    return Create(
        "CUSTOMER",
        {
            "CUSTOMERID": customer.customer_id,
            "NAME": customer.name,
            "DISPLAYCONTACT": {"PRINTAS": customer.name},
            "CONTACTINFO": {"CONTACTNAME": customer.display_contact.contact_name},
        },
        controlid=cid,
    )


CUSTOMERS = PushStep(
    name="test_push_customers",
    object_name="CUSTOMER",
    model=Customer,
    select_pending=pending_of(Customer),
    build=customer_create,
    prepare=customer_prepare,
    find_existing=lambda client, c: None,
    key_from_outcome=lambda o: (o.records[0].int("RECORDNO"), o.records[0].text("CUSTOMERID")),
    depends_on=("test_push_contacts",),
)


@pytest.fixture
def steps():
    registry.register(CONTACTS)
    registry.register(CUSTOMERS)
    yield
    registry.unregister(CUSTOMERS.name)
    registry.unregister(CONTACTS.name)


def run_push(conn, objects):
    run = push_start(connection=conn, objects=objects, enqueue=False)
    return sync_run_execute(run=run)


def new_contact(conn, name, email):
    contact = Contact(connection=conn, contact_name=name, email=email)
    record_mark_pending_push(record=contact)
    return contact


def sandbox_contacts(sandbox, name):
    return sandbox.query_rows("SELECT RECORDNO, EMAIL1 FROM contact WHERE CONTACTNAME = ?", [name])


def test_create_update_nothing_and_a_refused_update(make_sandbox, connect, steps):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    contact = new_contact(conn, "Ånne Writeback", "anne@example.com")
    assert record_push_preview(record=contact).decision.action == "create"

    run = run_push(conn, [CONTACTS.name])
    assert run.status == "succeeded", run.message
    assert run.counts[CONTACTS.name]["created"] == 1
    contact.refresh_from_db()
    (row,) = sandbox_contacts(sandbox, contact.contact_name)
    assert (contact.sync_state, contact.intacct_recordno) == ("synced", row["RECORDNO"])
    assert contact.last_pushed_at is not None

    # Unchanged: nothing to do, nothing sent.
    preview = record_push_preview(record=contact)
    assert (preview.decision.action, preview.xml) == ("nothing", "")
    assert record_mark_pending_push(record=contact) is False

    # Changed after the push: an update of the same Intacct record.
    contact.email = "anne.new@example.com"
    assert record_mark_pending_push(record=contact) is True
    assert record_push_preview(record=contact).decision.action == "update"
    run = run_push(conn, [CONTACTS.name])
    assert run.counts[CONTACTS.name]["updated"] == 1, run.counts
    assert sandbox_contacts(sandbox, contact.contact_name) == [
        {"RECORDNO": row["RECORDNO"], "EMAIL1": "anne.new@example.com"}
    ]

    # An update Intacct no longer allows is refused with the reason, and sends nothing.
    requests_before = sandbox.status()["functions"].get("update", 0)
    contact.refresh_from_db()
    contact.status = "inactive"
    contact.email = "late@example.com"
    record_mark_pending_push(record=contact)
    preview = record_push_preview(record=contact)
    assert preview.decision.action == "refuse"
    assert "inactive in Intacct" in preview.decision.reason
    run = run_push(conn, [CONTACTS.name])
    assert run.status == "partially_failed"
    error = SyncError.objects.get(direction="push", local_pk=str(contact.pk))
    assert error.errorno == "HUB-PUSH-REFUSED"
    assert error.catalogue_entry.title == "Update no longer allowed by Intacct"
    assert "inactive in Intacct" in error.summary
    assert sandbox.status()["functions"].get("update", 0) == requests_before
    assert sandbox_contacts(sandbox, contact.contact_name)[0]["EMAIL1"] == "anne.new@example.com"


def test_prerequisite_goes_first_in_the_same_request(make_sandbox, connect, steps):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    contacts = [new_contact(conn, f"Billing contact {i}", f"b{i}@example.com") for i in range(3)]
    customers = []
    for i, contact in enumerate(contacts):
        customer = Customer(connection=conn, customer_id=f"CW-{i}", name=f"Writeback {i}",
                            display_contact=contact)  # fmt: skip
        record_mark_pending_push(record=customer)
        customers.append(customer)
    blank = Customer(connection=conn, customer_id="CW-X", name=" ", display_contact=contacts[0])
    record_mark_pending_push(record=blank)

    writes = push_dry_run_list(connection=conn, objects=[CUSTOMERS.name])
    assert [(w.object_name, w.action.value) for w in writes] == [
        *[("CONTACT", "create")] * 3,
        *[("CUSTOMER", "create")] * 3,
        ("CUSTOMER", "refuse"),
    ]
    assert sandbox.status()["functions"].get("create", 0) == 0  # a dry run sends nothing
    assert Contact.objects.filter(sync_state="pending_push").count() == 3

    requests_before = sandbox.status()["requests"]
    run = run_push(conn, [CUSTOMERS.name])  # the customer step alone: contacts come along
    assert run.status == "partially_failed"
    assert sandbox.status()["requests"] - requests_before <= 2  # sign-in + one write request
    assert run.counts[CONTACTS.name]["created"] == 3
    assert run.counts[CUSTOMERS.name]["created"] == 3
    for customer in customers:
        customer.refresh_from_db()
        assert customer.sync_state == "synced" and customer.intacct_id == customer.customer_id
    error = SyncError.objects.get(local_pk=str(blank.pk), direction="push")
    assert error.catalogue_entry.title == "Record not valid for Intacct"


@pytest.fixture
def recorder(sandbox):
    gateway = HostileGateway(sandbox.gateway_url)
    yield gateway
    gateway.stop()


def test_preview_validates_against_api_xsd_and_equals_what_is_sent(
    sandbox, recorder, connect, settings, steps
):
    connect  # noqa: B018 - fast client retries
    settings.INTACCT_ENDPOINT_ALLOWLIST = [recorder.base_url]
    creds = sandbox.credentials
    conn = IntacctConnection.objects.create(
        name="Recorded", endpoint_url=recorder.gateway_url, credentials_status="ok", **creds
    )
    contact = new_contact(conn, "Zoë <Preview> & 'Co'", "zoe@example.com")
    preview = record_push_preview(record=contact)
    assert preview.schema_errors == []
    assert creds["sender_password"] not in preview.xml
    assert creds["user_password"] not in preview.xml
    assert "<password>***</password>" in preview.xml and "<sessionid>***</sessionid>" in preview.xml
    schema = etree.XMLSchema(etree.parse(str(require(XSD))))
    assert schema.validate(etree.fromstring(preview.xml.encode())), schema.error_log

    assert run_push(conn, [CONTACTS.name]).status == "succeeded"
    sent = [etree.fromstring(b) for b in recorder.received]
    sent_functions = [
        etree.tostring(f, method="c14n")
        for body in sent
        for f in body.iter("function")
        if f.find("create") is not None
    ]
    previewed = [
        etree.tostring(f, method="c14n")
        for f in etree.fromstring(
            preview.xml.encode(), etree.XMLParser(remove_blank_text=True)
        ).iter("function")
    ]
    assert sent_functions == previewed


def test_command_pushes_and_dry_runs(make_sandbox, connect, steps):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    contact = new_contact(conn, "Command Contact", "c@example.com")
    out = io.StringIO()
    call_command("intacct_sync", "--connection", conn.name, "--direction", "push", "--dry-run",
                 stdout=out)  # fmt: skip
    assert "create" in out.getvalue() and f"test_push_contacts:{contact.pk}:v1" in out.getvalue()
    assert not sandbox_contacts(sandbox, contact.contact_name)
    out = io.StringIO()
    call_command("intacct_sync", "--connection", conn.name, "--direction", "push", stdout=out)
    assert "test_push_contacts" in out.getvalue() and "created       1" in out.getvalue()
    assert len(sandbox_contacts(sandbox, contact.contact_name)) == 1


def test_plain_runs_push_only_when_reconcile_to_intacct_is_on(make_sandbox, connect, steps):
    sandbox = make_sandbox(empty=True)
    conn = connect(sandbox)
    contact = new_contact(conn, "Scheduled Contact", "s@example.com")

    def scheduled():
        SyncRun.objects.filter(connection=conn).exclude(status="succeeded").delete()
        run = sync_start(connection=conn, trigger="schedule", stage="incremental", enqueue=False)
        return sync_run_execute(run=run)

    run = scheduled()
    assert CONTACTS.name not in (run.counts or {})
    assert not sandbox_contacts(sandbox, contact.contact_name)
    conn.reconcile_to_intacct = True
    conn.save()
    run = scheduled()
    assert run.counts[CONTACTS.name]["created"] == 1
    assert "contacts" in run.counts  # the pull ran in the same run
    assert len(sandbox_contacts(sandbox, contact.contact_name)) == 1
