"""Exactly once under faults: 2,000 app-made invoices pushed while 20% of write requests
lose their answer (after commit), answer 524 after committing, time out (and then run), or
answer 5xx. Every invoice exists once in Intacct (counted by number) and once locally, with
its RECORDNO."""

from datetime import date

import pytest

from ar.invoicing import app_invoice_create
from ar.models import Customer, Invoice
from integrations.push_services import push_start
from integrations.services import sync_run_execute, sync_start

pytestmark = pytest.mark.django_db

COUNT = 2000
FAULTS = {
    "lost_ack": {"probability": 0.05, "writes_only": True},
    "http524_after_commit": {"probability": 0.05, "writes_only": True},
    "timeout": {"probability": 0.05, "writes_only": True},
    "http503": {"probability": 0.03, "writes_only": True},
    "http500": {"probability": 0.02, "writes_only": True},
}


def test_two_thousand_invoices_land_exactly_once_under_the_fault_mix(
    make_sandbox, connect, settings
):
    # Seeded draws: the fault mix hits the same requests every run (no luck involved).
    sandbox = make_sandbox(scale=20, timeout_hold_seconds=1.2, fault_seed=20261130)
    conn = connect(sandbox, ar_gl_account="4000", push_location_id="US")
    settings.INTACCT_READ_TIMEOUT_SECONDS = 1
    # 100 write requests: the 20% mix injects about 20 faults (fewer than 5: p < 1e-4).
    settings.INTACCT_BATCH_SIZE = 20
    run = sync_start(connection=conn, trigger="command", stage="historical",
                     objects=["customers"], enqueue=False)  # fmt: skip
    assert sync_run_execute(run=run, follow_up="none").status == "succeeded"
    customers = list(Customer.objects.filter(connection=conn).order_by("customer_id")[:10])
    for n in range(COUNT):
        app_invoice_create(
            connection=conn,
            customer=customers[n % len(customers)],
            number=f"EX-{n:05d}",
            invoice_date=date(2026, 11, 1),
            due_date=date(2026, 12, 1),
            lines=[{"amount": f"{10 + n % 90}.25", "memo": f"line of {n}"}],
            issue=True,
        )
    sandbox.set_faults(FAULTS)
    runs = []
    while Invoice.objects.filter(connection=conn, sync_state="pending_push").exists():
        assert len(runs) < 5, [r.counts for r in runs]
        runs.append(sync_run_execute(run=push_start(connection=conn, enqueue=False)))
    injected = sandbox.status()["faults_injected"]
    sandbox.clear_faults()
    assert sum(injected.values()) >= 5, injected  # the mix really hit the push
    ambiguous = ("lost_ack", "http524_after_commit", "timeout")
    assert sum(injected.get(name, 0) for name in ambiguous) >= 1, injected

    rows = sandbox.query_rows(
        "SELECT RECORDID, COUNT(*) AS n, MIN(RECORDNO) AS recordno FROM arinvoice "
        "WHERE RECORDID LIKE 'EX-%' GROUP BY RECORDID"
    )
    assert len(rows) == COUNT
    assert [r["RECORDID"] for r in rows if r["n"] != 1] == []
    local = dict(
        Invoice.objects.filter(connection=conn, number__startswith="EX-").values_list(
            "number", "intacct_recordno"
        )
    )
    assert len(local) == COUNT
    assert Invoice.objects.filter(connection=conn, number__startswith="EX-").count() == COUNT
    assert local == {r["RECORDID"]: r["recordno"] for r in rows}
    assert not Invoice.objects.filter(connection=conn, sync_state="failed").exists()
