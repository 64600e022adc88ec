"""Helpers of the AP tests: runs, and what the sandbox and the app hold."""

from decimal import Decimal

from integrations.services import sync_run_execute, sync_start


def run(conn, stage, ok=("succeeded",)):
    done = sync_run_execute(
        run=sync_start(connection=conn, trigger="command", stage=stage, enqueue=False),
        follow_up="none",
    )
    assert done.status in ok, (stage, done.status, done.message)
    return done


def recordnos(sandbox, table, where="1 = 1", params=()):
    rows = sandbox.query_rows(f"SELECT RECORDNO FROM {table} WHERE {where}", list(params))
    return {r["RECORDNO"] for r in rows}


def local(model, conn, **filters):
    return set(
        model.objects.filter(connection=conn, **filters)
        .exclude(sync_state="deleted_in_intacct")
        .values_list("intacct_recordno", flat=True)
    )


def money(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


AP_STEPS = (
    "ap_terms",
    "vendors",
    "po_definitions",
    "unit_groups",
    "units",
    "purchasing_documents",
    "purchasing_lines",
)
