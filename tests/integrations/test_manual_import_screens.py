"""Manual imports: a dropdown of the company's real sales document types, and runs that say
what they imported."""

import pytest
from django.urls import reverse

from integrations.models import IntacctConnection, SyncRun
from integrations.services import connection_test, manual_import_start

pytestmark = pytest.mark.django_db


def test_test_connection_reads_the_sales_document_types(sandbox, connect, admin_client):
    conn = connect(sandbox)
    result = connection_test(connection=conn)
    assert result.ok
    types = sorted(
        {r["DOCPARID"] for r in sandbox.query_rows("SELECT DISTINCT DOCPARID FROM sodocument")}
    )
    assert types and IntacctConnection.objects.get(pk=conn.pk).sales_document_types == types
    body = admin_client.get(
        reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    ).content.decode()
    assert '<select name="document_type" id="import-invoices-document_type">' in body
    for name in types:
        assert f'<option value="{name}">{name}</option>' in body
    assert 'type="text" name="document_type"' not in body


def test_a_manual_import_run_says_what_it_imported(sandbox, connect, admin_client):
    conn = connect(sandbox)
    run = manual_import_start(
        connection=conn, what="invoices", parameters={"document_type": "Sales Invoice"}
    )
    assert run.trigger == SyncRun.Trigger.MANUAL
    listing = admin_client.get(reverse("admin:integrations_syncrun_changelist")).content.decode()
    assert "invoices of type Sales Invoice" in listing
    detail = admin_client.get(
        reverse("admin:integrations_syncrun_change", args=[run.pk])
    ).content.decode()
    assert "invoices of type Sales Invoice" in detail and "Manual import button" in detail
