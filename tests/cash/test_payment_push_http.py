"""Payments made in the app, posted to the sandbox over HTTP: applications, credits,
currencies, Intacct's refusals linked to the catalogue, splits and reversals, with the
invoice states in Intacct asserted after each step."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from ar.cash.payments import (
    payment_apply,
    payment_create_for_bank_line,
    payment_post,
    payment_reverse,
    payment_split,
)
from ar.cash.validation import payment_problems, payment_warnings
from ar.invoicing import app_invoice_create
from ar.models import BankAccount, BankTransaction, CreditMemo, Payment
from integrations.intacct.functions.writes import Delete
from integrations.models import SyncError
from integrations.push_services import push_start
from integrations.roles import IMPLEMENTATION_CONSULTANTS
from integrations.services import sync_run_execute
from integrations.sync.clients import client_for
from tests.cash.conftest import (
    PAID_ON,
    apply_and_post,
    customer_with,
    in_sandbox,
    money,
    new_payment,
    open_invoices,
    push,
    sandbox_payments,
)

pytestmark = pytest.mark.django_db


def test_partial_then_multi_invoice_then_reversal(company):
    sandbox, conn = company
    customer, (first, second, *_) = customer_with(conn, 2)
    full_first, full_second = first.trx_total_due, second.trx_total_due
    assert in_sandbox(sandbox, first) == ("Posted", full_first)

    half = money(full_first / 2)
    partial = apply_and_post(new_payment(conn, customer, half), (first, half))
    run = push(conn)
    assert run.status == "succeeded", run.message
    partial.refresh_from_db()
    assert partial.sync_state == "synced" and partial.intacct_recordno
    assert in_sandbox(sandbox, first) == ("Partially Paid", full_first - half)
    [row] = sandbox_payments(sandbox, partial)
    assert (row["RECORDNO"], row["STATE"]) == (partial.intacct_recordno, "Complete")

    rest = full_first - half
    both = new_payment(conn, customer, rest + full_second)
    # The local invoice is not pulled again yet: what the first payment took still counts.
    payment_apply(payment=both, invoice=first, amount=full_first)
    with pytest.raises(Exception, match="more than its amount due"):
        payment_post(payment=both)
    apply_and_post(both, (first, rest), (second, full_second))
    assert push(conn).status == "succeeded"
    assert in_sandbox(sandbox, first) == ("Paid", Decimal("0.00"))
    assert in_sandbox(sandbox, second) == ("Paid", Decimal("0.00"))

    payment_reverse(payment=Payment.objects.get(pk=both.pk), on=date(2026, 11, 25))
    run = push(conn)
    assert run.status == "succeeded", run.message
    both.refresh_from_db()
    assert (both.sync_state, both.status_label) == ("synced", "Reversed")
    assert [r["STATE"] for r in sandbox_payments(sandbox, both)] == ["Reversed", "Reversal"]
    assert in_sandbox(sandbox, first) == ("Partially Paid", rest)
    assert in_sandbox(sandbox, second) == ("Posted", full_second)


def test_credit_memo_pays_an_invoice_and_overpayment_pays_another(company):
    sandbox, conn = company
    memo = (
        CreditMemo.objects.filter(connection=conn, currency="USD", state="Posted")
        .filter(customer__invoices__state="Posted", customer__invoices__currency="USD")
        .distinct()
        .order_by("intacct_recordno")
        .first()
    )
    customer = memo.customer
    invoice = open_invoices(conn).filter(customer=customer).first()
    credit = min(-memo.trx_total_due, invoice.trx_total_due)

    # The whole invoice (or as much as the credit covers) is paid by the credit memo alone.
    by_credit = new_payment(conn, customer, "0.00")
    payment_apply(payment=by_credit, invoice=invoice, credit_memo=memo, credit_amount=credit)
    payment_post(payment=by_credit)
    assert push(conn).status == "succeeded"
    due_after_credit = invoice.trx_total_due - credit
    expected = "Paid" if due_after_credit == 0 else "Partially Paid"
    assert in_sandbox(sandbox, invoice) == (expected, due_after_credit)
    memo_row = sandbox.query_rows(
        "SELECT TRX_TOTALDUE FROM aradjustment WHERE RECORDNO = ?", [memo.intacct_recordno]
    )[0]
    assert money(memo_row["TRX_TOTALDUE"]) == memo.trx_total_due + credit

    other_customer, (target, second_customer_invoice, *_) = customer_with(conn, 2)
    over = apply_and_post(
        new_payment(conn, other_customer, target.trx_total_due + Decimal("40.00")),
        (target, target.trx_total_due),
    )
    assert push(conn).status == "succeeded"
    [row] = sandbox_payments(sandbox, over)
    assert money(row["TRX_TOTALDUE"]) == Decimal("40.00")  # the overpayment stays open
    over.refresh_from_db()

    use = min(Decimal("40.00"), second_customer_invoice.trx_total_due)
    from_credit = new_payment(conn, other_customer, "0.00")
    payment_apply(
        payment=from_credit,
        invoice=second_customer_invoice,
        overpayment=over,
        credit_amount=use,
    )
    payment_post(payment=from_credit)
    assert push(conn).status == "succeeded"
    [row] = sandbox_payments(sandbox, over)
    assert money(row["TRX_TOTALDUE"]) == Decimal("40.00") - use
    assert in_sandbox(sandbox, second_customer_invoice)[1] == (
        second_customer_invoice.trx_total_due - use
    )


def test_foreign_currency_invoice_paid_from_the_dollar_account(company):
    sandbox, conn = company
    invoice = open_invoices(conn, currency="GBP", entity="US").first()
    payment = new_payment(conn, invoice.customer, "500.00")
    payment_apply(payment=payment, invoice=invoice, amount=invoice.trx_total_due)
    with pytest.raises(Exception, match="translated_amount"):
        payment_post(payment=payment)
    payment.translated_amount = invoice.trx_total_due
    payment.save()
    payment_post(payment=payment)
    assert push(conn).status == "succeeded"
    assert in_sandbox(sandbox, invoice) == ("Paid", Decimal("0.00"))
    [row] = sandbox_payments(sandbox, payment)
    assert money(row["TRX_TOTALENTERED"]) == invoice.trx_total_due


def _push_error(conn, payment):
    run = push(conn)
    assert run.status != "succeeded"
    payment.refresh_from_db()
    assert payment.sync_state == "failed"
    return SyncError.objects.get(local_pk=str(payment.pk), direction="push", status="open")


def test_undeposited_account_tied_to_a_bank_is_explained(company):
    sandbox, conn = company
    customer, (invoice, *_) = customer_with(conn, 1)
    payment = new_payment(conn, customer, invoice.trx_total_due)
    payment.account_type = "undeposited"
    payment.undeposited_account = "1000"  # BOA-OPS's GL account
    payment.save()
    apply_and_post(payment, (invoice, invoice.trx_total_due))
    error = _push_error(conn, payment)
    assert error.catalogue_entry.title == "Undeposited funds account tied to a bank account"
    assert in_sandbox(sandbox, invoice) == ("Posted", invoice.trx_total_due)
    assert sandbox_payments(sandbox, payment) == []


def test_batch_key_required_is_explained(company):
    sandbox, conn = company
    customer, (invoice, *_) = customer_with(conn, 1)
    # The Canadian entity summarises its AR payments by hand: its bank needs a batch.
    payment = new_payment(conn, customer, invoice.trx_total_due, bank="RBC-CAD", entity="CA")
    apply_and_post(payment, (invoice, invoice.trx_total_due))
    error = _push_error(conn, payment)
    assert error.catalogue_entry.title == "Payment batch key required"
    assert "Please provide a payment batch key" in error.summary
    assert in_sandbox(sandbox, invoice) == ("Posted", invoice.trx_total_due)


def test_imported_invoice_deleted_in_intacct_offers_the_skip(company):
    sandbox, conn = company
    customer, (invoice, *_) = customer_with(conn, 1)
    payment = apply_and_post(
        new_payment(conn, customer, invoice.trx_total_due), (invoice, invoice.trx_total_due)
    )
    client = client_for(conn)
    try:
        [deleted] = client.execute(
            [Delete("ARINVOICE", [invoice.intacct_recordno], controlid="test-delete")]
        )
    finally:
        client.close()
    assert deleted.ok, deleted.errors
    error = _push_error(conn, payment)
    assert error.catalogue_entry.title == "Imported invoice no longer exists in Intacct"
    assert "was deleted" in error.summary
    assert error.catalogue_entry.retry_safe is False
    assert sandbox_payments(sandbox, payment) == []


def test_split_payment_posts_one_payment_per_customer(company):
    sandbox, conn = company
    customer, (own, *_) = customer_with(conn, 1)
    other = (
        open_invoices(conn)
        .exclude(customer=customer)
        .exclude(customer__invoices__trx_total_due__lt=0)
    ).first()
    total = own.trx_total_due + other.trx_total_due
    line = BankTransaction.objects.create(
        connection=conn, date=PAID_ON, amount=total, currency="USD", payer_name=customer.name
    )
    payment = payment_create_for_bank_line(bank_line=line, customer=customer)
    payment.bank_account = "BOA-OPS"
    payment.save()
    payment_apply(payment=payment, invoice=own, amount=own.trx_total_due)
    split = payment_split(payment=payment, invoice=other, amount=other.trx_total_due)
    assert line.payments_total() == line.amount
    split.bank_account = "BOA-OPS"
    split.save()
    payment.refresh_from_db()
    payment_post(payment=payment)
    payment_post(payment=split)
    assert push(conn).status == "succeeded"
    assert in_sandbox(sandbox, own) == ("Paid", Decimal("0.00"))
    assert in_sandbox(sandbox, other) == ("Paid", Decimal("0.00"))
    customers = {
        r["CUSTOMERID"]
        for p in (payment, split)
        for r in sandbox.query_rows(
            "SELECT CUSTOMERID FROM arpymt WHERE RECORDNO = ?",
            [Payment.objects.get(pk=p.pk).intacct_recordno],
        )
    }
    assert customers == {customer.customer_id, other.customer.customer_id}
    totals = [money(sandbox_payments(sandbox, p)[0]["TRX_TOTALENTERED"]) for p in (payment, split)]
    assert sum(totals) == line.amount


def test_payment_of_an_app_invoice_goes_after_it_in_the_same_run(company):
    sandbox, conn = company
    customer, _ = customer_with(conn, 1)
    invoice = app_invoice_create(
        connection=conn,
        customer=customer,
        number="APP-CASH-1",
        invoice_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        lines=[
            {"amount": "250.00", "gl_account": "4000", "memo": "Consulting", "location_id": "US"}
        ],
        issue=True,
    )
    payment = apply_and_post(new_payment(conn, customer, "250.00"), (invoice, "250.00"))
    run = sync_run_execute(
        run=push_start(connection=conn, objects=["payment_push", "invoices_push"], enqueue=False)
    )
    assert run.status == "succeeded", list(SyncError.objects.values_list("summary", flat=True))
    # Named payments first, run invoices first: the payment needed the invoice's RECORDNO.
    assert run.counts["invoices_push"]["created"] == run.counts["payment_push"]["created"] == 1
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert invoice.intacct_recordno and payment.intacct_recordno
    assert in_sandbox(sandbox, invoice) == ("Paid", Decimal("0.00"))


def test_bank_accounts_loaded_from_intacct_check_the_payment_first(company, client):
    _sandbox, conn = company
    consultant = get_user_model().objects.create_user(username="cons", password="pw-Consult-1")
    consultant.is_staff = True
    consultant.save()
    consultant.groups.add(Group.objects.get(name=IMPLEMENTATION_CONSULTANTS))
    client.force_login(consultant)
    client.post(reverse("admin:ar_bankaccount_load"), {"connection": conn.pk})
    accounts = {a.account_id: (a.gl_account, a.location_id) for a in BankAccount.objects.all()}
    assert accounts["BOA-OPS"] == ("1000", "US") and accounts["HSBC-SAV"][1] == "UK"

    customer, (invoice, *_) = customer_with(conn, 1)
    payment = new_payment(conn, customer, invoice.trx_total_due, bank="HSBC-GBP")
    payment_apply(payment=payment, invoice=invoice, amount=invoice.trx_total_due)
    assert payment_problems(payment)["bank_account"] == [
        "Bank account HSBC-GBP belongs to entity UK, not US."
    ]
    payment.account_type, payment.undeposited_account = "undeposited", "1000"
    payment.save()
    assert "is the GL account of bank account BOA-OPS" in payment_warnings(payment)[0]
