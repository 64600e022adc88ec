"""The engine end to end: the real client over real HTTP against the sandbox."""

from decimal import Decimal

import pytest

from ar.models import Customer, PaymentTerm
from integrations.intacct.functions.writes import Create, Delete, Update
from integrations.models import Contact, Subsidiary, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

STEPS = ("subsidiaries", "payment_terms", "contacts", "customers")


def run_sync(conn, stage="historical", objects=STEPS, **kw) -> SyncRun:
    """A sync of the master-data steps (all active records in full passes)."""
    run = sync_start(
        connection=conn, trigger="command", stage=stage, objects=list(objects), enqueue=False, **kw
    )
    return sync_run_execute(run=run)


def sandbox_active(sandbox, table, where="1 = 1"):
    return {
        r["RECORDNO"]: r
        for r in sandbox.query_rows(f"SELECT * FROM {table} WHERE STATUS <> 'inactive' AND {where}")
    }


def money(value):
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))


def assert_equal_to_sandbox(sandbox, conn, *, open_balance_only=False):
    """Local master data equals the sandbox's (customers: all active, or the initial set)."""
    where = "TOTALDUE IS NOT NULL AND TOTALDUE <> 0" if open_balance_only else "1 = 1"
    customers = sandbox_active(sandbox, "customer", where)
    local = {c.intacct_recordno: c for c in Customer.objects.filter(connection=conn)}
    assert set(local) == set(customers)
    for no, row in customers.items():
        c = local[no]
        assert (c.customer_id, c.name, c.status) == (row["CUSTOMERID"], row["NAME"], row["STATUS"])
        assert c.total_due == money(row["TOTALDUE"])
        name = row["DISPLAYCONTACT.CONTACTNAME"]
        assert (c.display_contact.contact_name if c.display_contact else None) == name
        assert (c.bill_to_contact.contact_name if c.bill_to_contact else None) == row[
            "BILLTO.CONTACTNAME"
        ]
    contacts = sandbox_active(sandbox, "contact")
    assert set(Contact.objects.values_list("intacct_recordno", flat=True)) == set(contacts)
    for contact in Contact.objects.all():
        row = contacts[contact.intacct_recordno]
        assert (contact.contact_name, contact.email, contact.city) == (
            row["CONTACTNAME"],
            row["EMAIL1"] or "",
            row["MAILADDRESS.CITY"] or "",
        )
    assert set(Subsidiary.objects.values_list("intacct_recordno", flat=True)) == set(
        sandbox_active(sandbox, "locationentity")
    )
    assert set(PaymentTerm.objects.values_list("intacct_recordno", flat=True)) == set(
        sandbox_active(sandbox, "arterm")
    )


def test_full_pull_equals_the_sandbox_and_a_rerun_costs_one_query_per_object(sandbox, connect):
    conn = connect(sandbox)
    run = run_sync(conn)
    assert run.status == "succeeded", run.message
    assert_equal_to_sandbox(sandbox, conn)
    # Names with accents and XML metacharacters survived the trip.
    names = set(Contact.objects.values_list("contact_name", flat=True)) | set(
        Customer.objects.values_list("name", flat=True)
    )
    assert any(ch in "".join(names) for ch in "ëíŁ"), names
    assert any(ch in "".join(names) for ch in "&<'\""), names

    sandbox.reset_counters()
    again = run_sync(conn, stage="incremental")
    assert again.status == "succeeded", again.message
    for step in STEPS:
        counts = again.counts[step]
        assert counts["created"] == counts["updated"] == counts["failed"] == 0, (step, counts)
    functions = sandbox.status()["functions"]
    # One query per object plus one AUDITHISTORY query for deletions, after one sign-in.
    assert functions.get("query") == len(STEPS) + 1, functions
    assert again.api_requests == sandbox.status()["requests"]
    assert_equal_to_sandbox(sandbox, conn)


def test_change_insert_and_delete_are_picked_up_incrementally(sandbox, connect):
    conn = connect(sandbox)
    assert run_sync(conn).status == "succeeded"
    victim, changed = Customer.objects.order_by("intacct_recordno")[:2]
    client = client_for(conn)
    outcomes = client.execute(
        [
            Update(
                "CUSTOMER",
                {"RECORDNO": changed.intacct_recordno, "NAME": "Renamed & <Co> 'Ltd'"},
                controlid="t-update-1",
            ),
            Create(
                "CUSTOMER",
                {
                    "CUSTOMERID": "NEW-1",
                    "NAME": "Zoë New Customer",
                    "DISPLAYCONTACT": {"PRINTAS": "Zoë New", "CONTACTNAME": "Zoë New"},
                },
                controlid="t-create-1",
            ),
            Delete("CUSTOMER", [victim.intacct_recordno], controlid="t-delete-1"),
        ]
    )
    assert [o.status for o in outcomes] == ["success"] * 3, [o.errors for o in outcomes]

    run = run_sync(conn, stage="incremental")
    assert run.status == "succeeded", run.message
    c = run.counts["customers"]
    assert (c["created"], c["updated"], c["deleted"]) == (1, 1, 1), c
    assert Customer.objects.get(pk=changed.pk).name == "Renamed & <Co> 'Ltd'"
    assert Customer.objects.get(customer_id="NEW-1").name == "Zoë New Customer"
    victim.refresh_from_db()
    assert victim.sync_state == "deleted_in_intacct"


@pytest.mark.parametrize(
    "faults",
    [
        {"http500": {"probability": 1, "count": 2}},
        {"http502": {"probability": 1, "count": 1}, "http503": {"probability": 1, "count": 1}},
        {"timeout": {"probability": 1, "count": 1}},
        {"malformed": {"probability": 1, "count": 2}},
        {"ratelimit": {"probability": 1, "count": 3}},
        {"session_expiry": {"probability": 1, "count": 2}},
    ],
    ids=["http500", "http502-503", "timeout", "malformed", "ratelimit", "session_expiry"],
)
def test_faults_end_with_the_same_data(sandbox, connect, faults):
    conn = connect(sandbox)
    sandbox.set_faults(faults)
    run = run_sync(conn)
    injected = sandbox.status()["faults_injected"]
    sandbox.clear_faults()
    assert {name: injected.get(name) for name in faults} == {
        name: spec["count"] for name, spec in faults.items()
    }
    if run.status != "succeeded":
        # A fault that outlived the client's retries fails the run; the next one completes.
        run = run_sync(conn)
    assert run.status == "succeeded", run.message
    assert_equal_to_sandbox(sandbox, conn)


def test_key_reconciliation_finds_deletes_the_audit_trail_missed(sandbox, connect):
    import sqlite3

    conn = connect(sandbox)
    assert run_sync(conn).status == "succeeded"
    gone = Customer.objects.order_by("intacct_recordno").first()
    # Remove the row behind Intacct's back: no AUDITHISTORY entry records it.
    with sqlite3.connect(sandbox.db_path) as db:
        db.execute("DELETE FROM customer WHERE RECORDNO = ?", [gone.intacct_recordno])
    run = run_sync(conn, stage="incremental")
    gone.refresh_from_db()
    assert gone.sync_state == "synced"  # the audit trail could not tell
    run = run_sync(conn, stage="incremental", reconcile_keys=True)
    assert run.status == "succeeded", run.message
    gone.refresh_from_db()
    assert gone.sync_state == "deleted_in_intacct"
    assert run.counts["customers"]["deleted"] == 1
    assert Customer.objects.exclude(sync_state="deleted_in_intacct").count() == len(
        sandbox_active(sandbox, "customer")
    )
