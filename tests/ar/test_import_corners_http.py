"""Corners of the AR import, over real HTTP against the sandbox."""

from decimal import Decimal

import pytest

from ar.models import CreditMemo, Customer, Invoice, Payment
from integrations.custom_fields import custom_fields_discover
from integrations.models import CustomField, SyncRun
from integrations.services import sync_run_execute, sync_start

pytestmark = pytest.mark.django_db

AR = [
    "subsidiaries",
    "payment_terms",
    "contacts",
    "customers",
    "invoices",
    "invoice_lines",
    "credit_memos",
    "payments",
]


def run_sync(conn, stage="historical", objects=AR) -> SyncRun:
    run = sync_start(
        connection=conn, trigger="command", stage=stage, objects=objects, enqueue=False
    )
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def keys(model, conn) -> set[int]:
    return set(model.objects.filter(connection=conn).values_list("intacct_recordno", flat=True))


def sandbox_keys(sandbox, table: str, where: str) -> set[int]:
    return {
        r["RECORDNO"] for r in sandbox.query_rows(f"SELECT RECORDNO FROM {table} WHERE {where}")
    }


def ca_keys(model, conn) -> set[int]:
    rows = model.objects.filter(connection=conn, subsidiary__intacct_id="CA")
    return set(rows.values_list("intacct_recordno", flat=True))


def test_a_connection_scoped_to_one_entity_syncs_only_that_entitys_records(sandbox, connect):
    entity = connect(sandbox, name="Canada", entity_id="CA")
    top = connect(sandbox, name="Whole company")
    run_sync(entity)
    run_sync(top)
    for model, table in ((Invoice, "arinvoice"), (CreditMemo, "aradjustment"), (Payment, "arpymt")):
        here = keys(model, entity)
        # Exactly what the whole-company connection has of that entity, nothing else...
        assert here and here == ca_keys(model, top), model
        assert set(
            model.objects.filter(connection=entity).values_list("subsidiary__intacct_id", flat=True)
        ) == {"CA"}
        # ...and none of the other entities' records, which the whole company has.
        others = sandbox_keys(sandbox, table, "MEGAENTITYID <> 'CA'")
        assert keys(model, top) & others and not here & others, model
    # Customers: the shared (top-level) ones and the entity's own, never another entity's.
    assert keys(Customer, entity) == sandbox_keys(
        sandbox,
        "customer",
        "STATUS <> 'inactive' AND (MEGAENTITYID IS NULL OR MEGAENTITYID = 'CA')",
    )
    assert "US" not in set(
        Customer.objects.filter(connection=entity).values_list(
            "created_in_entity__intacct_id", flat=True
        )
    )


def test_invoice_custom_field_values_arrive(sandbox, connect):
    conn = connect(sandbox)
    custom_fields_discover(connection=conn)
    chosen = ["CONTRACT_REF", "SERVICE_START", "SALES_CHANNEL", "COMMISSION_RATE"]
    CustomField.objects.filter(object_name="ARINVOICE", field_id__in=chosen).update(enabled=True)
    run_sync(conn, objects=["subsidiaries", "payment_terms", "contacts", "customers", "invoices"])
    seeded = {
        r["RECORDNO"]: r
        for r in sandbox.query_rows(
            "SELECT RECORDNO, CONTRACT_REF, SERVICE_START, SALES_CHANNEL, COMMISSION_RATE "
            "FROM arinvoice"
        )
    }
    invoices = list(Invoice.objects.filter(connection=conn))
    assert invoices and {i.intacct_recordno for i in invoices} <= set(seeded)
    with_values = 0
    for invoice in invoices:
        row = seeded[invoice.intacct_recordno]
        values = invoice.custom_fields
        assert set(values) == set(chosen), values
        assert values["CONTRACT_REF"] == row["CONTRACT_REF"]
        assert values["SALES_CHANNEL"] == row["SALES_CHANNEL"]
        rate = values["COMMISSION_RATE"]
        assert (rate and Decimal(rate)) == (
            row["COMMISSION_RATE"] and Decimal(str(row["COMMISSION_RATE"]))
        )
        assert bool(values["SERVICE_START"]) == bool(row["SERVICE_START"])
        with_values += bool(row["CONTRACT_REF"])
    assert with_values > 0
