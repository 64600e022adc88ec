"""The main AR lists fit 1,400 px with no horizontal scroll, for staff and consultants."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS
from tests.browser.screens import WIDTH, horizontal_overflow, shoot
from tests.factories.ar import CreditMemoFactory, CustomerFactory, InvoiceFactory, PaymentFactory
from tests.factories.connections import IntacctConnectionFactory
from tests.factories.master import ContactFactory, SubsidiaryFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"
NAMES = (
    "Société Générale d'Équipement Industriel du Québec Ltée",
    "Bergström & Sons Precision Engineering Holdings (Europe) GmbH",
    "The <Very> Long Named Consolidated Widgets & Gadgets Corporation",
)
LISTS = ("customer", "invoice", "payment", "creditmemo")


def books() -> None:
    conn = IntacctConnectionFactory(name="Acme Holdings (US production)")
    other = IntacctConnectionFactory(name="Acme Holdings (UK production)")  # a connection column
    today = date.today()
    for i in range(20):
        connection = conn if i % 4 else other
        entity = SubsidiaryFactory(connection=connection, name=f"Acme Entity {i} Limited")
        customer = CustomerFactory(
            connection=connection,
            created_in_entity=entity,
            display_contact=ContactFactory(
                connection=connection, contact_name=f"{NAMES[i % 3]} — accounts payable"
            ),
            name=NAMES[i % 3],
            total_due=Decimal("1234567.89"),
        )
        InvoiceFactory(
            customer=customer,
            currency="CAD",
            base_currency="USD",
            total_entered=Decimal("9876543.21"),
            trx_total_entered=Decimal("12345678.90"),
            due_date=today - timedelta(days=10 * i),
            reference=f"PO-2026-{i:06d}-REFERENCE",
        )
        PaymentFactory(
            customer=customer,
            currency="GBP",
            base_currency="USD",
            total_entered=Decimal("4561.86"),
            trx_total_entered=Decimal("3592.01"),
            trx_total_paid=Decimal("3592.01"),
            trx_total_due=Decimal("0.00"),
            method="EFT (Record Transfer)",
        )
        CreditMemoFactory(customer=customer)


@pytest.mark.parametrize(
    ("role", "username"), [(ACCOUNTING_STAFF, "staff"), (IMPLEMENTATION_CONSULTANTS, "consultant")]
)
def test_main_ar_lists_fit_1400_px(page, login, live_server, tmp_path, role, username):
    books()
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, username, PASSWORD)
    over = {}
    for name in LISTS:
        page.goto(f"{live_server.url}/admin/ar/{name}/")
        assert page.locator("#result_list tbody tr").count() == 20
        over[name] = horizontal_overflow(page)
        shoot(page, tmp_path, f"{name}-list-{username}")
    assert over == dict.fromkeys(LISTS, over[LISTS[0]]) and over[LISTS[0]] <= 0, over


def test_an_invoice_opens_read_only_without_stray_captions(page, login, live_server, tmp_path):
    from tests.factories.ar import InvoiceLineFactory

    invoice = InvoiceFactory(number="INV-0001996")
    InvoiceLineFactory(invoice=invoice, line_no=1, memo="Consulting, November")
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "staff", PASSWORD)
    page.goto(f"{live_server.url}/admin/ar/invoice/{invoice.pk}/change/")
    assert page.locator("h1").inner_text() == "View invoice"
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator(".deletelink").count() == 0
    lines = page.locator(".read-only-rows").first
    assert "Consulting, November" in lines.inner_text()
    caption = lines.locator("td.original p").first
    # The caption's text takes no room on the page.
    width = caption.evaluate(
        """p => { const r = document.createRange(); r.selectNodeContents(p);
                  return r.getBoundingClientRect().width; }"""
    )
    assert width == 0
    shoot(page, tmp_path, "invoice-view-staff")
