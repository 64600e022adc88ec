"""AR import over HTTP against the sandbox: stages, equality with the sandbox, incrementals."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from ar.models import CreditMemo, Customer, Invoice, InvoiceLine, Payment, PaymentApplication
from ar.sync import history_start
from integrations.intacct.functions.legacy import CreateArPayment, ReverseArPayment
from integrations.intacct.functions.writes import Delete
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for
from integrations.sync.registry import registry

pytestmark = pytest.mark.django_db

OPEN = "STATE IN ('Posted', 'Partially Paid') AND TOTALDUE IS NOT NULL AND TOTALDUE <> 0"
UNAPPLIED = "STATE NOT IN ('Draft', 'Reversed', 'Reversal') AND TOTALDUE <> 0"


def run(conn, stage):
    done = sync_run_execute(
        run=sync_start(connection=conn, trigger="command", stage=stage, enqueue=False),
        follow_up="none",
    )
    assert done.status == "succeeded", (stage, done.message)
    return done


def rows(sandbox, sql, params=()):
    return sandbox.query_rows(sql, list(params))


def recordnos(sandbox, table, where="1 = 1", params=()):
    return {
        r["RECORDNO"] for r in rows(sandbox, f"SELECT RECORDNO FROM {table} WHERE {where}", params)
    }


def local(model, conn):
    return set(
        model.objects.filter(connection=conn)
        .exclude(sync_state="deleted_in_intacct")
        .values_list("intacct_recordno", flat=True)
    )


def money(v):
    return Decimal(str(v or 0)).quantize(Decimal("0.01"))


@pytest.fixture
def imported(sandbox, connect):
    conn = connect(sandbox)
    initial = run(conn, "initial")
    return sandbox, conn, initial


def test_initial_import_takes_exactly_the_open_items(imported):
    sandbox, conn, initial = imported
    assert local(Invoice, conn) == recordnos(sandbox, "arinvoice", OPEN)
    open_lines = recordnos(
        sandbox,
        "arinvoiceitem",
        f"RECORDKEY IN (SELECT RECORDNO FROM arinvoice WHERE {OPEN})",
    )
    assert local(InvoiceLine, conn) == open_lines
    assert local(Customer, conn) == recordnos(
        sandbox, "customer", "STATUS <> 'inactive' AND TOTALDUE IS NOT NULL AND TOTALDUE <> 0"
    )
    # Open credit memos and unapplied payments too; closed ones wait for the historical import.
    assert local(CreditMemo, conn) == recordnos(sandbox, "aradjustment", OPEN)
    assert local(Payment, conn) == recordnos(sandbox, "arpymt", UNAPPLIED)
    # AP's steps run in the same import; this test is about what the AR side pulls.
    ap_steps = {s.name for s in registry.plan() if s.model._meta.app_label == "ap"}
    assert set(initial.counts) - ap_steps == {
        "subsidiaries",
        "payment_terms",
        "contacts",
        # The shared master data the push flows need, active records only.
        "gl_accounts",
        "departments",
        "locations",
        "classes",
        "customers",
        "invoices",
        "invoice_lines",
        "credit_memos",
        "credit_memo_lines",
        "payments",
        # Documents of the open invoices, fetched during the import.
        "invoice_pdfs",
        "invoice_attachments",
    }
    # Usable at once: every open invoice is linked to its customer and entity.
    assert not Invoice.objects.filter(customer__isnull=True).exists()
    assert not Invoice.objects.filter(subsidiary__isnull=True).exists()


def test_historical_import_equals_the_sandbox(imported):
    sandbox, conn, _ = imported
    historical = run(conn, "historical")
    # Contacts were read in full by the initial import; the historical one reads only changes.
    all_contacts = recordnos(sandbox, "contact", "STATUS <> 'inactive'")
    assert historical.counts["contacts"]["read"] < len(all_contacts)
    assert historical.counts["contacts"]["created"] == 0
    cutoff = history_start().isoformat()
    window = f"WHENCREATED >= '{cutoff}'"
    assert local(Invoice, conn) == recordnos(sandbox, "arinvoice", f"({window}) OR ({OPEN})")
    # Closed history is bounded by the window; what is still open comes whatever its age.
    assert local(Payment, conn) == recordnos(sandbox, "arpymt", f"({window}) OR ({UNAPPLIED})")
    assert local(CreditMemo, conn) == recordnos(sandbox, "aradjustment", f"({window}) OR ({OPEN})")
    assert local(PaymentApplication, conn) == recordnos(
        sandbox, "arpymtdetail", f"PAYMENTDATE >= '{cutoff}'"
    )
    assert local(Customer, conn) == recordnos(sandbox, "customer", "STATUS <> 'inactive'")

    # Totals per customer and per entity, and open balance per customer.
    theirs = {
        (r["CUSTOMERID"], r["MEGAENTITYID"] or ""): (money(r["entered"]), money(r["due"]))
        for r in rows(
            sandbox,
            "SELECT CUSTOMERID, MEGAENTITYID, SUM(TOTALENTERED) AS entered, SUM(TOTALDUE) AS due "
            f"FROM arinvoice WHERE ({window}) OR ({OPEN}) GROUP BY CUSTOMERID, MEGAENTITYID",
        )
    }
    ours = {
        (r["customer_intacct_id"], r["subsidiary__intacct_id"] or ""): (
            money(r["entered"]),
            money(r["due"]),
        )
        for r in Invoice.objects.filter(connection=conn)
        .values("customer_intacct_id", "subsidiary__intacct_id")
        .annotate(entered=Sum("total_entered"), due=Sum("total_due"))
    }
    assert ours == theirs
    paid = {
        r["PAYMENTKEY"]: money(r["amount"])
        for r in rows(
            sandbox,
            "SELECT PAYMENTKEY, SUM(PAYMENTAMOUNT) AS amount FROM arpymtdetail "
            f"WHERE PAYMENTDATE >= '{cutoff}' AND PAYMENTAMOUNT IS NOT NULL GROUP BY PAYMENTKEY",
        )
    }
    applied = {
        r["payment_recordno"]: money(r["amount"])
        for r in PaymentApplication.objects.filter(amount__isnull=False)
        .values("payment_recordno")
        .annotate(amount=Sum("amount"))
    }
    assert applied == paid
    # Applications are linked to their payments and invoices, and credit memos to invoices.
    assert (
        not PaymentApplication.objects.filter(payment__isnull=True, payment_recordno__isnull=False)
        .exclude(payment_recordno__in=recordnos(sandbox, "arpymt", f"NOT ({window})"))
        .exists()
    )
    assert PaymentApplication.objects.filter(credit_memo__isnull=False).count() == len(
        recordnos(
            sandbox, "arpymtdetail", f"ADJUSTMENTKEY IS NOT NULL AND PAYMENTDATE >= '{cutoff}'"
        )
    )
    # Negative invoices come in as they are; accents and metacharacters survive.
    negative = recordnos(sandbox, "arinvoice", f"TOTALENTERED < 0 AND ({window})")
    assert negative and all(
        i.total_entered < 0 for i in Invoice.objects.filter(intacct_recordno__in=negative)
    )
    names = "".join(Customer.objects.values_list("name", flat=True))
    assert any(c in names for c in "éèÉ") and any(c in names for c in "&<\"'")


def test_incremental_follows_payments_reversals_and_deletions(imported):
    sandbox, conn, _ = imported
    run(conn, "historical")
    target = rows(
        sandbox,
        "SELECT RECORDNO, CUSTOMERID, TOTALDUE FROM arinvoice WHERE STATE = 'Posted' "
        "AND CURRENCY = 'USD' AND MEGAENTITYID = 'US' AND TOTALDUE > 10 ORDER BY RECORDNO LIMIT 1",
    )[0]
    invoice = Invoice.objects.get(intacct_recordno=target["RECORDNO"])
    assert invoice.state == "Posted"
    due = money(target["TOTALDUE"])
    half = (due / 2).quantize(Decimal("0.01"))
    client = client_for(conn)

    def pay(amount, cid):
        (outcome,) = client.execute(
            [
                CreateArPayment(
                    controlid=cid,
                    customerid=target["CUSTOMERID"],
                    paymentamount=amount,
                    bankaccountid="BOA-OPS",
                    refid=cid,
                    datereceived=date.today(),
                    paymentmethod="Printed Check",
                    arpaymentitem=[{"invoicekey": target["RECORDNO"], "amount": amount}],
                )
            ]
        )
        assert outcome.ok, outcome.errors
        return int(outcome.key)

    pay(half, "t-pay-1")
    run(conn, "incremental")
    invoice.refresh_from_db()
    assert (invoice.state, invoice.total_due) == ("Partially Paid", due - half)
    second = pay(due - half, "t-pay-2")
    run(conn, "incremental")
    invoice.refresh_from_db()
    assert (invoice.state, invoice.total_due) == ("Paid", Decimal("0.00"))
    assert invoice.applications.count() == 2

    (outcome,) = client.execute(
        [ReverseArPayment(controlid="t-rev-1", key=second, datereversed=date.today())]
    )
    assert outcome.ok, outcome.errors
    run(conn, "incremental")
    invoice.refresh_from_db()
    assert invoice.state == "Partially Paid" and invoice.total_due == due - half
    assert Payment.objects.get(intacct_recordno=second).state == "Reversed"

    victim = (
        Invoice.objects.filter(state="Draft").first()
        or Invoice.objects.exclude(pk=invoice.pk).first()
    )
    (outcome,) = client.execute(
        [Delete("ARINVOICE", [victim.intacct_recordno], controlid="t-del-1")]
    )
    assert outcome.ok, outcome.errors
    r = run(conn, "incremental")
    victim.refresh_from_db()
    assert victim.sync_state == "deleted_in_intacct"
    assert r.counts["invoices"]["deleted"] == 1


def test_order_entry_invoice_recreated_with_a_new_recordno_updates_in_place(imported):
    import sqlite3

    sandbox, conn, _ = imported
    run(conn, "historical")
    old = Invoice.objects.filter(module="8.SO").order_by("intacct_recordno").first()
    assert old is not None
    # What Intacct does when the source sales document is edited: the AR invoice is deleted
    # and created again under a new RECORDNO with the same document number. The sandbox has
    # no order-entry editing, so the test does it to the sandbox's data directly.
    with sqlite3.connect(sandbox.db_path) as db:
        new_no = db.execute("SELECT MAX(RECORDNO) + 1 FROM arinvoice").fetchone()[0]
        db.execute(
            "UPDATE arinvoice SET RECORDNO = ?, WHENMODIFIED = datetime('now'), "
            "DESCRIPTION = 'Edited in order entry' WHERE RECORDNO = ?",
            [new_no, old.intacct_recordno],
        )
        db.execute(
            "UPDATE arinvoiceitem SET RECORDKEY = ? WHERE RECORDKEY = ?",
            [new_no, old.intacct_recordno],
        )
    run(conn, "incremental")
    assert Invoice.objects.filter(number=old.number).count() == 1
    moved = Invoice.objects.get(number=old.number)
    assert (moved.pk, moved.intacct_recordno) == (old.pk, new_no)
    assert moved.description == "Edited in order entry"


def test_invoice_lines_carry_their_paid_amount(imported):
    """The line's TOTALPAID is declared once, so it is selected as well as mapped."""
    sandbox, conn, _ = imported
    theirs = {
        r["RECORDNO"]: money(r["TOTALPAID"])
        for r in rows(sandbox, "SELECT RECORDNO, TOTALPAID FROM arinvoiceitem")
    }
    ours = dict(
        InvoiceLine.objects.filter(connection=conn).values_list("intacct_recordno", "total_paid")
    )
    assert ours and {no: money(paid) for no, paid in ours.items()} == {
        no: theirs[no] for no in ours
    }
    assert any(paid for paid in ours.values())
