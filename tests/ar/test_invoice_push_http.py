"""Invoice write-back over HTTP against the sandbox: create, update and no-op pushes, the
connection's dimensions on every line, drafts and imported invoices never sent, the next pull
keeps one local copy, customers matched / created / ambiguous, numbering collisions, paid
invoices refused an update."""

from datetime import date
from decimal import Decimal

import pytest

from ar.invoicing import app_invoice_change, app_invoice_create, app_invoice_issue
from ar.models import Customer, CustomerNameChoice, Invoice
from integrations.intacct.functions.legacy import CreateArPayment
from integrations.intacct.functions.writes import Create
from integrations.models import SyncError
from integrations.push_services import push_dry_run_list, push_start, record_push_preview
from integrations.services import sync_retry, sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

LINES = [
    {"amount": "120.50", "memo": "Consulting, März"},
    {"amount": "79.50", "memo": "Hosting", "gl_account": "4100", "department_id": "D200"},
]


@pytest.fixture
def conn(sandbox, connect):
    conn = connect(sandbox, ar_gl_account="4000", push_location_id="US", push_department_id="D100")
    pull(conn, ["gl_accounts", "locations", "departments"], stage="initial")
    pull(conn, ["customers"], stage="historical")  # every active customer
    return conn


def pull(conn, objects, stage="incremental"):
    run = sync_start(connection=conn, trigger="command", stage=stage, objects=objects,
                     enqueue=False)  # fmt: skip
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def push(conn):
    return sync_run_execute(run=push_start(connection=conn, enqueue=False))


def invoice(conn, customer, number, lines=LINES, issue=True, **extra):
    return app_invoice_create(
        connection=conn,
        customer=customer,
        number=number,
        invoice_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        lines=lines,
        issue=issue,
        **extra,
    )


def intacct_invoices(sandbox, number):
    return sandbox.query_rows(
        "SELECT RECORDNO, CUSTOMERID, DESCRIPTION, TRX_TOTALENTERED, STATE FROM arinvoice "
        "WHERE RECORDID = ?",
        [number],
    )


def intacct_lines(sandbox, recordno):
    return sandbox.query_rows(
        "SELECT ACCOUNTNO, TRX_AMOUNT, LOCATIONID, DEPARTMENTID, ENTRYDESCRIPTION "
        'FROM arinvoiceitem WHERE RECORDKEY = ? ORDER BY "LINE_NO"',
        [recordno],
    )


def functions(sandbox, name):
    return sandbox.status()["functions"].get(name, 0)


def test_create_update_and_nothing_with_the_connections_dimensions(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    inv = invoice(conn, customer, "APP-1001", description="First")
    assert record_push_preview(record=inv).decision.action == "create"

    run = push(conn)
    assert run.status == "succeeded", run.message
    assert run.counts["invoices_push"]["created"] == 1
    (row,) = intacct_invoices(sandbox, "APP-1001")
    assert (row["CUSTOMERID"], Decimal(str(row["TRX_TOTALENTERED"]))) == ("C-00001", Decimal("200"))
    assert intacct_lines(sandbox, row["RECORDNO"]) == [
        {"ACCOUNTNO": "4000", "TRX_AMOUNT": 120.5, "LOCATIONID": "US", "DEPARTMENTID": "D100",
         "ENTRYDESCRIPTION": "Consulting, März"},
        {"ACCOUNTNO": "4100", "TRX_AMOUNT": 79.5, "LOCATIONID": "US", "DEPARTMENTID": "D200",
         "ENTRYDESCRIPTION": "Hosting"},
    ]  # fmt: skip
    inv.refresh_from_db()
    assert (inv.intacct_recordno, inv.sync_state, inv.intacct_id) == (
        row["RECORDNO"], "synced", "APP-1001",
    )  # fmt: skip
    assert inv.last_pushed_at is not None

    # Unchanged: nothing is sent.
    creates = functions(sandbox, "create_invoice")
    assert app_invoice_issue(invoice=inv) is False
    assert push(conn).counts.get("invoices_push", {}).get("created", 0) == 0
    assert functions(sandbox, "create_invoice") == creates

    # Changed after the push: update_invoice on the same record.
    entry = inv.entries.get(line_no=2)
    entry.amount = Decimal("99.50")
    entry.save()
    assert app_invoice_change(invoice=inv, description="Second") is True
    assert record_push_preview(record=inv).decision.action == "update"
    run = push(conn)
    assert run.counts["invoices_push"]["updated"] == 1, run.counts
    (row2,) = intacct_invoices(sandbox, "APP-1001")
    assert (row2["RECORDNO"], row2["DESCRIPTION"]) == (row["RECORDNO"], "Second")
    assert Decimal(str(row2["TRX_TOTALENTERED"])) == Decimal("220")
    assert len(intacct_lines(sandbox, row["RECORDNO"])) == 2

    # The next pull updates the same row: no second local copy.
    pull(conn, ["invoices", "invoice_lines"])
    (local,) = Invoice.objects.filter(connection=conn, number="APP-1001")
    assert (local.pk, local.origin, local.state) == (inv.pk, "app", row2["STATE"])
    assert local.lines.count() == 2


def test_drafts_and_imported_invoices_are_never_sent(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    draft = invoice(conn, customer, "APP-DRAFT", issue=False)
    pull(conn, ["invoices"], stage="initial")
    imported = Invoice.objects.filter(connection=conn, origin="intacct").first()
    imported.description = "changed locally"
    imported.sync_state = "pending_push"
    imported.save()
    assert push_dry_run_list(connection=conn) == []
    push(conn)
    assert functions(sandbox, "create_invoice") == 0
    assert functions(sandbox, "update_invoice") == 0
    assert intacct_invoices(sandbox, "APP-DRAFT") == []
    draft.refresh_from_db()
    assert (draft.intacct_recordno, draft.app_state) == (None, "draft")


def create_intacct_customer(conn, customer_id, name):
    with client_for(conn) as client:
        (outcome,) = client.execute(
            [Create("CUSTOMER", {"CUSTOMERID": customer_id, "NAME": name,
                                 "DISPLAYCONTACT": {"PRINTAS": name}},
                    controlid=f"test-{customer_id}")]
        )  # fmt: skip
        assert outcome.ok, outcome.errors


def app_customer(conn, name, customer_id=""):
    return Customer.objects.create(
        connection=conn, name=name, customer_id=customer_id, sync_state="pending_push"
    )


def test_customers_matched_by_name_created_first_or_ambiguous(sandbox, conn):
    # Case and spacing ignored: the pulled "Quantum Acme <Holdings> 1" (C-00001).
    matched = invoice(conn, app_customer(conn, "  quantum ACME   <holdings> 1 "), "APP-M1")
    # Accents kept: "evora ..." is not "Évora Acme & Sons 3", so it is created first.
    new = app_customer(conn, "evora acme & sons 3")
    created = invoice(conn, new, "APP-C1")
    created_too = invoice(conn, app_customer(conn, "EVORA  acme & sons 3"), "APP-C2")
    # Two Intacct customers share a name (made after the last pull: found in Intacct itself).
    create_intacct_customer(conn, "TWIN-A", "Twin Trading")
    create_intacct_customer(conn, "TWIN-B", "Twin  Trading")
    twin = invoice(conn, app_customer(conn, "twin trading"), "APP-T1")

    writes = push_dry_run_list(connection=conn)
    assert [(w.object_name, w.action.value) for w in writes] == [
        ("CUSTOMER", "create"),
        ("ARINVOICE", "create"),
        ("ARINVOICE", "create"),
        ("ARINVOICE", "create"),
        ("ARINVOICE", "refuse"),
    ]
    run = push(conn)
    assert run.status == "partially_failed"
    assert intacct_invoices(sandbox, "APP-M1")[0]["CUSTOMERID"] == "C-00001"
    new.refresh_from_db()
    assert new.intacct_recordno is not None and new.sync_state == "synced"
    rows = sandbox.query_rows("SELECT CUSTOMERID FROM customer WHERE NAME = ?", [new.name])
    assert rows == [{"CUSTOMERID": new.customer_id}]  # created once, for both invoices
    assert intacct_invoices(sandbox, "APP-C1")[0]["CUSTOMERID"] == new.customer_id
    assert intacct_invoices(sandbox, "APP-C2")[0]["CUSTOMERID"] == new.customer_id
    for inv in (matched, created, created_too):
        inv.refresh_from_db()
        assert inv.sync_state == "synced"

    error = SyncError.objects.get(local_pk=str(twin.pk), direction="push")
    assert "TWIN-A" in error.summary and "TWIN-B" in error.summary
    assert error.catalogue_entry.title == "Two Intacct customers share the name"
    assert intacct_invoices(sandbox, "APP-T1") == []

    CustomerNameChoice.objects.create(connection=conn, name="TWIN TRADING", customer_id="TWIN-B")
    SyncError.objects.filter(pk=error.pk).update(status="retrying")
    run = sync_run_execute(run=sync_retry(connection_id=conn.pk))
    assert run.status == "succeeded", run.message
    assert intacct_invoices(sandbox, "APP-T1")[0]["CUSTOMERID"] == "TWIN-B"
    error.refresh_from_db()
    assert error.status == "resolved"
    # Remembered for the next invoice of that name.
    later = invoice(conn, app_customer(conn, "Twin Trading"), "APP-T2")
    push(conn)
    later.refresh_from_db()
    assert intacct_invoices(sandbox, "APP-T2")[0]["CUSTOMERID"] == "TWIN-B"


def test_numbering_collision_then_renumbered(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    inv = invoice(conn, customer, "INV-0000001")  # Intacct already has this number
    run = push(conn)
    assert run.status == "partially_failed"
    error = SyncError.objects.get(local_pk=str(inv.pk), direction="push")
    assert "A transaction with the number 'INV-0000001' already exists" in error.summary
    assert error.catalogue_entry.title == "Document number already used"
    assert len(intacct_invoices(sandbox, "INV-0000001")) == 1

    inv.refresh_from_db()
    assert app_invoice_change(invoice=inv, number="APP-RENUMBERED") is True
    assert push(conn).status == "succeeded"
    error.refresh_from_db()
    assert error.status == "resolved"
    assert len(intacct_invoices(sandbox, "APP-RENUMBERED")) == 1


def test_validation_before_anything_is_sent(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    bad = app_invoice_create(
        connection=conn,
        customer=customer,
        number="APP-BAD",
        invoice_date=date(2026, 11, 2),
        due_date=date(2026, 10, 1),
        lines=[{"amount": "10.00", "gl_account": "9999"}, {"amount": "5", "location_id": "XX"}],
        issue=True,
    )
    push(conn)
    error = SyncError.objects.get(local_pk=str(bad.pk), direction="push")
    for text in ("due date 2026-10-01 is before", "GL account 9999 does not exist",
                 "location XX does not exist"):  # fmt: skip
        assert text in error.summary
    assert error.catalogue_entry.title == "Record not valid for Intacct"
    assert functions(sandbox, "create_invoice") == 0


def pay_in_intacct(conn, customer_id, recordno, amount):
    with client_for(conn) as client:
        (outcome,) = client.execute(
            [CreateArPayment(controlid=f"pay-{recordno}", customerid=customer_id,
                             paymentamount=amount, undepfundsacct="1050",
                             datereceived=date(2026, 11, 5), paymentmethod="Cash",
                             arpaymentitem=[{"invoicekey": recordno, "amount": amount}])]
        )  # fmt: skip
        assert outcome.ok, outcome.errors


def test_update_of_a_paid_invoice_is_refused_with_the_reason(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    inv = invoice(conn, customer, "APP-PAID")
    push(conn)
    inv.refresh_from_db()
    pay_in_intacct(conn, "C-00001", inv.intacct_recordno, Decimal("200.00"))

    # Not pulled yet: the update goes, and Intacct refuses it.
    app_invoice_change(invoice=inv, description="too late")
    push(conn)
    error = SyncError.objects.get(local_pk=str(inv.pk), direction="push")
    assert "cannot be updated" in error.summary
    assert intacct_invoices(sandbox, "APP-PAID")[0]["DESCRIPTION"] is None

    # Once the pull has seen the payment, the hub refuses before sending, saying why.
    Invoice.objects.filter(pk=inv.pk).update(sync_state="synced")
    pull(conn, ["invoices"])
    inv.refresh_from_db()
    assert inv.state == "Paid"
    updates = functions(sandbox, "update_invoice")
    app_invoice_change(invoice=inv, description="still too late")
    preview = record_push_preview(record=inv)
    assert preview.decision.action == "refuse" and "payments are applied" in preview.decision.reason
    push(conn)
    assert functions(sandbox, "update_invoice") == updates
    error = SyncError.objects.filter(local_pk=str(inv.pk), direction="push").latest("pk")
    assert error.errorno == "HUB-PUSH-REFUSED"
    assert error.catalogue_entry.title == "Update no longer allowed by Intacct"


def test_a_new_customer_shared_by_batches_in_flight_is_created_once(sandbox, conn, settings):
    settings.INTACCT_BATCH_SIZE = 2
    settings.INTACCT_MAX_IN_FLIGHT = 2
    new = app_customer(conn, "Batch Spanning Ltd")
    others = Customer.objects.filter(connection=conn, intacct_recordno__isnull=False)[:3]
    for n in range(6):
        customer = new if n % 2 == 0 else others[n // 2]
        invoice(conn, customer, f"APP-S{n}")
    run = push(conn)
    assert run.status == "succeeded", run.message
    assert run.counts["customers_push"]["created"] == 1
    assert run.counts["invoices_push"]["created"] == 6
    rows = sandbox.query_rows("SELECT CUSTOMERID FROM customer WHERE NAME = ?", [new.name])
    assert len(rows) == 1
    for n in range(0, 6, 2):
        assert intacct_invoices(sandbox, f"APP-S{n}")[0]["CUSTOMERID"] == rows[0]["CUSTOMERID"]


def test_a_stale_copy_saved_after_the_push_does_not_forget_the_pushed_lines(sandbox, conn):
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    inv = invoice(conn, customer, "APP-STALE")
    stale = Invoice.objects.get(pk=inv.pk)  # loaded before the push
    push(conn)
    stale.description = "changed on a copy loaded before the push"
    stale.intacct_recordno = Invoice.objects.get(pk=inv.pk).intacct_recordno
    app_invoice_change(invoice=stale)
    assert Invoice.objects.get(pk=inv.pk).pushed_line_count == 2
    assert push(conn).counts["invoices_push"]["updated"] == 1
    (row,) = intacct_invoices(sandbox, "APP-STALE")
    assert len(intacct_lines(sandbox, row["RECORDNO"])) == 2  # lines changed, none added
