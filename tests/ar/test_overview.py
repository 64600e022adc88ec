"""The AR overview on the admin index: aging in base currency, overdue, unapplied cash, sync
status, each linking to its filtered list, with a query count that does not grow with data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from ar.models import Invoice
from ar.money import amount_text, money_text
from tests.factories.ar import CustomerFactory, InvoiceFactory, PaymentFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def due(days_from_today: int) -> dict:
    return {"due_date": TODAY + timedelta(days=days_from_today)}


def ledger():
    customer = CustomerFactory()
    InvoiceFactory(customer=customer, total_entered=Decimal("1000.00"), **due(5))  # not yet due
    InvoiceFactory(customer=customer, total_entered=Decimal("2500.50"), **due(-10))  # 0-30
    InvoiceFactory(customer=customer, total_entered=Decimal("50.00"), **due(-120))  # 90+
    InvoiceFactory(  # paid: not receivable
        customer=customer, total_entered=Decimal("70.00"), total_paid=Decimal("70.00"), state="Paid"
    )
    InvoiceFactory(  # a GBP-based entity: its own row, never summed with USD
        customer=customer,
        currency="GBP",
        base_currency="GBP",
        total_entered=Decimal("12345.60"),
        **due(-45),
    )
    PaymentFactory(customer=customer, total_paid=Decimal("0.00"), total_due=Decimal("75.25"))
    return customer


def test_money_text():
    assert amount_text(Decimal("1234567.5")) == "1,234,567.50"
    assert amount_text(Decimal("-3093.05")) == "-3,093.05"
    assert money_text(Decimal("12"), "CAD") == "CAD 12.00"


def test_overview_figures_and_links(admin_client):
    ledger()
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="ar-overview"' in body
    usd = body[body.index('data-currency="USD"') :]
    usd = usd[: usd.index("</tr>")]
    for text in ("1,000.00", "2,500.50", "50.00", "75.25"):
        assert f">{text}</a>" in usd
    assert 'class="overdue-total">2,550.50<' in usd
    assert ">3,550.50</a>" in usd  # open total
    gbp = body[body.index('data-currency="GBP"') :]
    assert ">12,345.60</a>" in gbp[: gbp.index("</tr>")]
    # The 0-30 figure opens exactly its invoices.
    link = reverse("admin:ar_invoice_changelist") + "?aging=0-30&amp;base_currency__exact=USD"
    assert link in usd
    listing = admin_client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    shown = [o.number for o in listing.context["cl"].result_list]
    assert shown == list(
        Invoice.objects.filter(total_entered=Decimal("2500.50")).values_list("number", flat=True)
    )


def test_overview_only_for_who_may_see_receivables(client, django_user_model, staff_client):
    ledger()
    assert 'id="ar-overview"' in staff_client.get(reverse("admin:index")).content.decode()
    nobody = django_user_model.objects.create_user("nobody", password="pw-nobody-1", is_staff=True)
    client.force_login(nobody)
    assert 'id="ar-overview"' not in client.get(reverse("admin:index")).content.decode()


def test_overview_query_count_is_flat(admin_client, django_assert_max_num_queries):
    customer = ledger()
    with django_assert_max_num_queries(40) as small:
        admin_client.get(reverse("admin:index"))
    template = Invoice.objects.filter(customer=customer).first()
    many = []
    for i in range(2000):
        many.append(
            Invoice(
                connection=template.connection,
                customer=customer,
                number=f"BULK-{i}",
                intacct_recordno=900_000 + i,
                state="Posted",
                currency="USD",
                base_currency="USD" if i % 3 else "CAD",
                total_entered=Decimal("10.00"),
                total_due=Decimal("10.00"),
                due_date=TODAY - timedelta(days=i % 200),
            )
        )
    Invoice.objects.bulk_create(many)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = admin_client.get(reverse("admin:index")).content.decode()
    assert 'data-currency="CAD"' in body


def test_unapplied_cash_link_opens_those_payments(admin_client):
    ledger()
    PaymentFactory()  # fully applied: not listed
    url = reverse("admin:ar_payment_changelist") + "?total_due__gt=0&base_currency__exact=USD"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert [p.total_due for p in response.context["cl"].result_list] == [Decimal("75.25")]
