"""The main AP lists (vendors, purchasing documents, units) and a PO page fit 1,400 px."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ap.models import Unit, UnitGroup
from integrations.roles import ACCOUNTING_STAFF
from tests.browser.screens import WIDTH, horizontal_overflow, shoot
from tests.factories.ap import (
    APTermFactory,
    PurchasingDocumentFactory,
    PurchasingLineFactory,
    VendorFactory,
)
from tests.factories.connections import IntacctConnectionFactory
from tests.factories.master import ContactFactory, SubsidiaryFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"
NAMES = (
    "Société Générale d'Équipement Industriel du Québec Ltée",
    "Bergström & Sons Precision Engineering Holdings (Europe) GmbH",
    "The <Very> Long Named Consolidated Widgets & Gadgets Corporation",
)
LISTS = ("vendor", "purchasingdocument", "unit")


def books():
    conn = IntacctConnectionFactory(name="Acme Holdings (US production)")
    other = IntacctConnectionFactory(name="Acme Holdings (UK production)")
    group = UnitGroup.objects.create(connection=conn, name="Count")
    pos = []
    for i in range(20):
        connection = conn if i % 4 else other
        entity = SubsidiaryFactory(connection=connection, name=f"Acme Entity {i} Limited")
        vendor = VendorFactory(
            connection=connection,
            created_in_entity=entity,
            name=NAMES[i % 3],
            total_due=Decimal("1234567.89"),
            payment_term=APTermFactory(connection=connection, name=f"2% 10 Net 30 ({i})"),
            term_name=f"2% 10 Net 30 ({i})",
            pay_to_contact=ContactFactory(
                connection=connection, contact_name=f"{NAMES[i % 3]} — accounts payable"
            ),
        )
        po = PurchasingDocumentFactory(
            vendor=vendor,
            subsidiary=entity,
            definition_name="Purchase Order - Back Order",
            number=f"P{i:06d}-BO",
            currency="CAD",
            trx_total=Decimal("12345678.90"),
            status="partially_billed",
            state="Partially Converted",
            created_from=f"Purchase Order - Back Order-P{i:06d}",
        )
        pos.append(po)
        Unit.objects.create(connection=conn, group=group, unit=f"Unit {i}", abbreviation="u")
    return pos[1]


def test_main_ap_lists_and_a_po_page_fit_1400_px(page, login, live_server, tmp_path):
    po = books()
    for _ in range(3):
        PurchasingLineFactory(document=po, description="Laptops for the new hires & interns")
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "staff", PASSWORD)
    over = {}
    for name in LISTS:
        page.goto(f"{live_server.url}/admin/ap/{name}/")
        assert page.locator("#result_list tbody tr").count() == 20
        over[name] = horizontal_overflow(page)
        shoot(page, tmp_path, f"{name}-list")
    page.goto(f"{live_server.url}/admin/ap/purchasingdocument/{po.pk}/change/")
    assert "Laptops for the new hires" in page.locator(".read-only-rows").first.inner_text()
    over["po page"] = horizontal_overflow(page)
    shoot(page, tmp_path, "po-page")
    assert all(value <= 0 for value in over.values()), over
