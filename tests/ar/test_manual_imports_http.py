"""Manual imports from the admin, run through the real task function against the sandbox."""

import pytest

from ar.models import Customer, Invoice, InvoiceLine
from integrations.custom_fields import discoverable_objects
from integrations.services import manual_import_start
from integrations.sync.registry import registry
from integrations.tasks import run_sync_task

pytestmark = pytest.mark.django_db


def keys(model, conn):
    return set(model.objects.filter(connection=conn).values_list("intacct_recordno", flat=True))


def test_invoices_of_a_sales_document_type(sandbox, connect, mailoutbox):
    conn = connect(sandbox, notification_emails="ar-team@example.com")
    run = manual_import_start(
        connection=conn, what="invoices", parameters={"document_type": "Sales Invoice"}
    )
    assert run.parameters == {"what": "invoices", "document_type": "Sales Invoice"}
    assert run.trigger == "manual"
    assert run_sync_task(run.pk).endswith("succeeded")
    expected = {
        r["RECORDNO"]
        for r in sandbox.query_rows(
            "SELECT RECORDNO FROM arinvoice WHERE RECORDNO IN (SELECT PRRECORDKEY FROM "
            "sodocument WHERE DOCPARID = 'Sales Invoice')"
        )
    }
    assert expected and keys(Invoice, conn) == expected
    assert keys(InvoiceLine, conn) == {
        r["RECORDNO"]
        for r in sandbox.query_rows(
            "SELECT RECORDNO FROM arinvoiceitem WHERE RECORDKEY IN (SELECT PRRECORDKEY FROM "
            "sodocument WHERE DOCPARID = 'Sales Invoice')"
        )
    }
    assert set(Invoice.objects.values_list("module", flat=True)) == {"8.SO"}
    assert len(mailoutbox) == 1 and "Manual import" in mailoutbox[0].subject
    assert "finished" in mailoutbox[0].subject


def test_unknown_document_type_is_refused_before_anything_runs(sandbox, connect):
    conn = connect(sandbox)
    with pytest.raises(ValueError, match="no sales documents of type 'Sales invoice'"):
        manual_import_start(
            connection=conn, what="invoices", parameters={"document_type": "Sales invoice"}
        )
    with pytest.raises(ValueError, match="Name the sales document type"):
        manual_import_start(connection=conn, what="invoices", parameters={"document_type": "  "})
    assert not conn.runs.exists()


def test_all_customers(sandbox, connect):
    conn = connect(sandbox)
    run = manual_import_start(connection=conn, what="customers")
    assert run_sync_task(run.pk).endswith("succeeded")
    assert keys(Customer, conn) == {
        r["RECORDNO"]
        for r in sandbox.query_rows("SELECT RECORDNO FROM customer WHERE STATUS <> 'inactive'")
    }


def test_ar_registers_its_custom_field_objects_through_its_steps():
    # AP registers its own (vendors, purchasing documents) the same way.
    ap_objects = {s.object_name for s in registry.plan() if s.model._meta.app_label == "ap"}
    ar_objects = tuple(o for o in discoverable_objects() if o not in ap_objects)
    assert ar_objects == ("CUSTOMER", "ARINVOICE")
