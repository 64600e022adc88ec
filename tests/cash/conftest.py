"""Fixtures for cash application over HTTP: a sandbox company pulled into the app."""

from datetime import date
from decimal import Decimal

import pytest

from ar.cash.payments import payment_apply, payment_create_for_bank_line, payment_post
from ar.models import BankTransaction, Customer, Invoice, Payment
from integrations.models import Subsidiary
from integrations.push_services import push_start
from integrations.services import sync_run_execute, sync_start

PAID_ON = date(2026, 11, 20)


def pull(conn, stage="initial"):
    done = sync_run_execute(
        run=sync_start(
            connection=conn,
            trigger="command",
            stage=stage,
            enqueue=False,
            parameters={"direction": "pull"},
        ),
        follow_up="none",
    )
    assert done.status == "succeeded", done.message
    return done


def push(conn):
    return sync_run_execute(
        run=push_start(connection=conn, objects=["payment_push"], enqueue=False)
    )


def money(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def in_sandbox(sandbox, invoice):
    row = sandbox.query_rows(
        "SELECT STATE, TRX_TOTALDUE, TRX_TOTALPAID FROM arinvoice WHERE RECORDNO = ?",
        [invoice.intacct_recordno],
    )[0]
    return row["STATE"], money(row["TRX_TOTALDUE"])


def open_invoices(conn, currency="USD", entity="US"):
    return Invoice.objects.filter(
        connection=conn,
        currency=currency,
        state="Posted",
        trx_total_due__gt=0,
        subsidiary__location_id=entity,
    ).order_by("intacct_recordno")


def customer_with(conn, count, currency="USD", entity="US"):
    """A customer with at least ``count`` unpaid invoices (none negative)."""
    for customer in Customer.objects.filter(connection=conn).order_by("customer_id"):
        mine = list(open_invoices(conn, currency, entity).filter(customer=customer))
        negatives = Invoice.objects.filter(customer=customer, trx_total_due__lt=0).exists()
        if len(mine) >= count and not negatives:
            return customer, mine
    raise AssertionError(f"no customer with {count} open {currency} invoices")


def new_payment(conn, customer, amount, *, bank="BOA-OPS", entity="US", currency="USD"):
    line = BankTransaction.objects.create(
        connection=conn,
        date=PAID_ON,
        amount=money(amount),
        currency=currency,
        payer_name=customer.name,
    )
    payment = payment_create_for_bank_line(bank_line=line, customer=customer)
    payment.bank_account = bank
    payment.subsidiary = Subsidiary.objects.get(connection=conn, location_id=entity)
    payment.method = "EFT"
    payment.save()
    return payment


def apply_and_post(payment, *applications):
    for invoice, amount in applications:
        payment_apply(payment=payment, invoice=invoice, amount=money(amount))
    payment_post(payment=payment)
    return payment


def sandbox_payments(sandbox, payment: Payment):
    return sandbox.query_rows(
        "SELECT RECORDNO, STATE, TRX_TOTALENTERED, TRX_TOTALDUE FROM arpymt "
        "WHERE DESCRIPTION LIKE ?",
        [f"%[hub payment {payment.pk}]%"],
    )


@pytest.fixture
def company(sandbox, connect):
    conn = connect(sandbox)
    pull(conn)
    return sandbox, conn
