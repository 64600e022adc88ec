"""Exactly once under lost acknowledgements: a proxy in front of the sandbox loses 20% of the
answers to writes after they committed; every payment lands once, and Intacct's totals per
invoice are what the app applied."""

from collections import defaultdict
from decimal import Decimal

import pytest

from ar.models import Payment
from integrations.models import IntacctConnection
from tests.cash.conftest import (
    apply_and_post,
    in_sandbox,
    money,
    new_payment,
    open_invoices,
    pull,
    push,
    sandbox_payments,
)
from tests.sync.hostile_gateway import HostileGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def lossy(sandbox, connect, settings):
    conn = connect(sandbox)  # fast retries
    gateway = HostileGateway(sandbox.gateway_url)
    settings.INTACCT_ENDPOINT_ALLOWLIST = [gateway.base_url]
    settings.INTACCT_BATCH_SIZE = 5
    IntacctConnection.objects.filter(pk=conn.pk).update(endpoint_url=gateway.gateway_url)
    conn.refresh_from_db()
    yield sandbox, conn, gateway
    gateway.stop()


def test_lost_answers_never_post_a_payment_twice(lossy):
    sandbox, conn, gateway = lossy
    pull(conn)
    invoices = list(open_invoices(conn))[:12]
    assert len(invoices) == 12
    due_before = {i.pk: in_sandbox(sandbox, i)[1] for i in invoices}
    applied: dict[int, Decimal] = defaultdict(Decimal)
    payments = []
    for n, invoice in enumerate(invoices):
        # Two payments per invoice; every other invoice is left partly paid.
        third = money(invoice.trx_total_due / 3)
        second = invoice.trx_total_due - third if n % 2 else third
        for amount in (third, second):
            payments.append(
                apply_and_post(new_payment(conn, invoice.customer, amount), (invoice, amount))
            )
            applied[invoice.pk] += amount

    gateway.mode, gateway.lose_rate = "lose", 0.2
    for _ in range(4):  # what a lost answer left pending goes in a later run
        push(conn)
        if not Payment.objects.filter(pk__in=[p.pk for p in payments]).exclude(sync_state="synced"):
            break
    gateway.mode = "pass"
    assert gateway.lost >= 2  # answers were really lost
    # What a lost answer left unknown was looked up by business key (the app's payment ID).
    lookups = [b for b in gateway.received if b"<query>" in b and b"[hub payment " in b]
    assert lookups

    for payment in payments:
        payment.refresh_from_db()
        rows = sandbox_payments(sandbox, payment)
        assert len(rows) == 1, payment  # posted exactly once
        assert (payment.sync_state, payment.intacct_recordno) == ("synced", rows[0]["RECORDNO"])
    for invoice in invoices:
        state, due = in_sandbox(sandbox, invoice)
        assert due == due_before[invoice.pk] - applied[invoice.pk]
        assert state == ("Paid" if due == 0 else "Partially Paid")
