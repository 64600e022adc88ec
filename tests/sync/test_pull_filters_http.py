"""A consultant's pull filter narrows what the next run pulls, and nothing pulled before it."""

import pytest

from ar.models import Customer
from integrations.intacct.functions.writes import Update
from integrations.models import ObjectFilter, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

STEPS = ["subsidiaries", "payment_terms", "contacts", "customers"]


def run_sync(conn, stage: str) -> SyncRun:
    run = sync_start(connection=conn, trigger="command", stage=stage, objects=STEPS, enqueue=False)
    run = sync_run_execute(run=run)
    assert run.status == "succeeded", run.message
    return run


def active_customers(sandbox, where: str = "1 = 1") -> dict[int, dict]:
    rows = sandbox.query_rows(
        f"SELECT RECORDNO, CUSTTYPE, NAME FROM customer WHERE STATUS <> 'inactive' AND {where}"
    )
    return {r["RECORDNO"]: r for r in rows}


def test_a_filter_narrows_the_next_run_and_leaves_earlier_records_alone(sandbox, connect):
    conn = connect(sandbox)
    run_sync(conn, "historical")
    before = active_customers(sandbox)
    assert set(Customer.objects.values_list("intacct_recordno", flat=True)) == set(before)
    types = sorted({r["CUSTTYPE"] for r in before.values() if r["CUSTTYPE"]})
    assert len(types) >= 2, types
    kept_type = types[0]
    kept = sorted(n for n, r in before.items() if r["CUSTTYPE"] == kept_type)
    other = sorted(n for n, r in before.items() if r["CUSTTYPE"] != kept_type)

    flt = ObjectFilter(connection=conn, step="customers", field="CUSTTYPE", value=kept_type)
    flt.full_clean()
    flt.save()
    # Intacct changes one customer of each kind after the filter was set.
    client = client_for(conn)
    outcomes = client.execute(
        [
            Update("CUSTOMER", {"RECORDNO": kept[0], "NAME": "Kept renamed"}, controlid="f-1"),
            Update("CUSTOMER", {"RECORDNO": other[0], "NAME": "Other renamed"}, controlid="f-2"),
        ]
    )
    client.close()
    assert [o.status for o in outcomes] == ["success", "success"]

    run = run_sync(conn, "incremental")
    assert run.counts["customers"]["updated"] == 1, run.counts["customers"]
    assert Customer.objects.get(intacct_recordno=kept[0]).name == "Kept renamed"
    # The customer outside the filter keeps what the run before the filter pulled...
    untouched = Customer.objects.get(intacct_recordno=other[0])
    assert untouched.name == before[other[0]]["NAME"]
    assert untouched.sync_state == "synced"
    # ...and so does every other customer pulled before the filter existed.
    assert set(Customer.objects.values_list("intacct_recordno", flat=True)) == set(before)
    assert not Customer.objects.exclude(sync_state="synced").exists()

    # A full pass after the filter reads only the customers it lets through.
    run = run_sync(conn, "historical")
    customers = run.counts["customers"]
    assert customers["read"] == len(kept), customers
    assert Customer.objects.count() == len(before)
