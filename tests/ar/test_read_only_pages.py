"""Records Intacct owns open as "View …" with no Save or Delete; audit records have no Delete."""

import pytest
from django.urls import reverse

from integrations.models import SyncError, SyncRun
from tests.factories.ar import CreditMemoFactory, InvoiceFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role_client", ["admin_client", "staff_client"])
@pytest.mark.parametrize(
    ("factory", "url_name", "noun"),
    [
        (InvoiceFactory, "ar_invoice", "invoice"),
        (PaymentFactory, "ar_payment", "payment"),
        (CreditMemoFactory, "ar_creditmemo", "credit memo"),
    ],
)
def test_intacct_records_open_as_view(request, role_client, factory, url_name, noun):
    client = request.getfixturevalue(role_client)
    obj = factory()
    body = client.get(reverse(f"admin:{url_name}_change", args=[obj.pk])).content.decode()
    assert f"<h1>View {noun}</h1>" in body
    assert 'name="_save"' not in body and 'name="_continue"' not in body
    assert "deletelink" not in body
    listing = client.get(reverse(f"admin:{url_name}_changelist")).content.decode()
    assert f"Select {noun} to view" in listing


def test_audit_records_have_no_delete(admin_client):
    run = SyncRun.objects.create(
        connection=InvoiceFactory().connection,
        trigger="schedule",
        stage="incremental",
        status="failed",
    )
    error = SyncError.objects.create(
        connection=run.connection,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="1",
        errorno="X",
        summary="x",
        errors=[],
    )
    for url in (
        reverse("admin:integrations_syncrun_change", args=[run.pk]),
        reverse("admin:integrations_syncerror_change", args=[error.pk]),
    ):
        body = admin_client.get(url).content.decode()
        assert "deletelink" not in body and 'name="_save"' not in body
    assert admin_client.get(
        reverse("admin:integrations_syncerror_delete", args=[error.pk])
    ).status_code in (302, 403)
    errors_list = admin_client.get(reverse("admin:integrations_syncerror_changelist"))
    assert 'value="delete_selected"' not in errors_list.content.decode()
    assert 'value="retry"' in errors_list.content.decode()  # its actions still work


def test_lists_show_the_connection_only_when_there_are_several(admin_client):
    from tests.factories.connections import IntacctConnectionFactory

    InvoiceFactory()
    url = reverse("admin:ar_invoice_changelist")
    assert "column-connection" not in admin_client.get(url).content.decode()
    InvoiceFactory(connection=IntacctConnectionFactory(name="Second company"))
    body = admin_client.get(url).content.decode()
    assert "column-connection_name" in body and "Second company" in body
