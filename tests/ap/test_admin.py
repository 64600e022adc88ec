"""The AP admin: flat query counts from 1 to many rows, read-only Intacct fields, money with
its currency, and the status map for consultants only."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ap.models import StatusMapping, Unit, UnitGroup
from integrations.models import GLAccount
from tests.factories.ap import (
    APTermFactory,
    PurchasingDocumentFactory,
    PurchasingLineFactory,
    VendorFactory,
)
from tests.factories.ap_documents import BillFactory
from tests.factories.master import ContactFactory, SubsidiaryFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def add_rows(vendor, n: int) -> None:
    """``n`` rows of every AP list, each with what its columns show."""
    conn = vendor.connection
    entity = SubsidiaryFactory(connection=conn)
    group = UnitGroup.objects.create(connection=conn, name=f"Group {n}")
    for i in range(n):
        other = VendorFactory(
            connection=conn,
            created_in_entity=entity,
            pay_to_contact=ContactFactory(connection=conn),
            payment_term=APTermFactory(connection=conn),
        )
        po = PurchasingDocumentFactory(vendor=other, subsidiary=entity)
        PurchasingLineFactory(document=po)
        PurchasingDocumentFactory(vendor=other, kind="receiver", source=po)
        account = GLAccount.objects.create(
            connection=conn, account_no=f"{n}-{i}", title="Account", restricted=True
        )
        account.entities.add(entity)
        Unit.objects.create(connection=conn, group=group, unit=f"Unit {n}-{i}")


LISTS = ("vendor", "apterm", "purchasingdocument", "unit", "unitgroup", "statusmapping")


@pytest.mark.parametrize("model", LISTS)
def test_list_query_counts_stay_flat(admin_client, model):
    vendor = VendorFactory()
    add_rows(vendor, 1)
    url = reverse(f"admin:ap_{model}_changelist")
    queries_for(admin_client, url)  # reads the filter choices the list then caches
    one = queries_for(admin_client, url)
    add_rows(vendor, 30)
    assert queries_for(admin_client, url) == one


def test_gl_account_list_query_count_stays_flat(admin_client):
    vendor = VendorFactory()
    add_rows(vendor, 1)
    url = reverse("admin:integrations_glaccount_changelist")
    queries_for(admin_client, url)  # reads the filter choices the list then caches
    one = queries_for(admin_client, url)
    add_rows(vendor, 30)
    assert queries_for(admin_client, url) == one


def test_purchase_order_page_query_count_stays_flat_with_lines_and_receivers(admin_client):
    po = PurchasingDocumentFactory()
    PurchasingLineFactory(document=po)
    PurchasingDocumentFactory(vendor=po.vendor, kind="receiver", source=po)
    url = reverse("admin:ap_purchasingdocument_change", args=[po.pk])
    queries_for(admin_client, url)  # warm the per-process caches (content types) first
    one = queries_for(admin_client, url)
    for _ in range(20):
        PurchasingLineFactory(document=po)
        PurchasingDocumentFactory(vendor=po.vendor, kind="receiver", source=po)
    assert queries_for(admin_client, url) == one


def test_money_columns_say_their_currency(admin_client):
    po = PurchasingDocumentFactory(currency="GBP", trx_total=Decimal("1234.5"))
    PurchasingLineFactory(document=po, currency="GBP", amount=Decimal("1234.50"))
    listing = admin_client.get(reverse("admin:ap_purchasingdocument_changelist")).content.decode()
    assert "GBP 1,234.50" in listing
    page = admin_client.get(
        reverse("admin:ap_purchasingdocument_change", args=[po.pk])
    ).content.decode()
    assert "GBP 1,234.50" in page
    vendor = VendorFactory(currency="CAD", total_due=Decimal("99"))
    # The open balance is the vendor's open bills (less open credits) pulled from Intacct.
    BillFactory(vendor=vendor, total_entered=Decimal("99"))
    vendors = admin_client.get(reverse("admin:ap_vendor_changelist")).content.decode()
    assert "CAD 99.00" in vendors and vendor.name in vendors


def test_intacct_owned_pages_are_read_only(staff_client):
    po = PurchasingDocumentFactory()
    for url in (
        reverse("admin:ap_vendor_change", args=[po.vendor.pk]),
        reverse("admin:ap_purchasingdocument_change", args=[po.pk]),
    ):
        page = staff_client.get(url)
        assert page.status_code == 200
        assert b'name="_save"' not in page.content
    response = staff_client.post(
        reverse("admin:ap_vendor_change", args=[po.vendor.pk]), {"name": "Changed here"}
    )
    assert response.status_code == 403
    po.vendor.refresh_from_db()
    assert po.vendor.name != "Changed here"


def test_status_map_is_the_consultants_to_edit(staff_client, client, consultant_user):
    row = StatusMapping.objects.get(document_kind="po", intacct_state="Pending")
    url = reverse("admin:ap_statusmapping_change", args=[row.pk])
    data = {
        "document_kind": "po",
        "intacct_state": "Pending",
        "matching_mode": "",
        "status": "closed",
    }
    assert staff_client.get(url).status_code == 200  # staff may look
    assert staff_client.post(url, data).status_code == 403
    client.force_login(consultant_user)
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.status == "closed"


def test_vendor_list_filters_and_searches(admin_client):
    active = VendorFactory(name="Alpha Supplies")
    VendorFactory(connection=active.connection, name="Beta Tools", status="suspended")
    url = reverse("admin:ap_vendor_changelist")
    found = admin_client.get(url, {"status__exact": "suspended"}).context["cl"].result_list
    assert [v.name for v in found] == ["Beta Tools"]
    found = admin_client.get(url, {"q": "Alpha"}).context["cl"].result_list
    assert [v.name for v in found] == ["Alpha Supplies"]


def test_purchasing_documents_are_found_by_number_vendor_and_amount(admin_client):
    po = PurchasingDocumentFactory(number="P777001", trx_total=Decimal("4321.09"))
    other = PurchasingDocumentFactory(
        connection=po.connection, vendor__name="Zeta Freight", trx_total=Decimal("15.00")
    )
    url = reverse("admin:ap_purchasingdocument_changelist")

    def found(**params):
        return {d.pk for d in admin_client.get(url, params).context["cl"].result_list}

    assert found(q="P777001") == {po.pk}
    assert found(q="Zeta") == {other.pk}
    assert found(q="4,321.09") == {po.pk}
    assert found(kind__exact="po", status__exact="") == {po.pk, other.pk}
