"""Money columns say their currency, never mix transaction and base amounts, and credits are
never overdue; customers have one balance, flagged where Intacct's differs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.ar import CustomerFactory, InvoiceFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def row_of(body: str, marker: str) -> str:
    start = body.index(marker)
    start = body.rindex("<tr", 0, start)
    return body[start : body.index("</tr>", start)]


def test_invoice_amounts_are_in_its_own_currency(admin_client):
    InvoiceFactory(
        number="INV-0001936",
        currency="CAD",
        base_currency="USD",
        total_entered=Decimal("2779.45"),
        trx_total_entered=Decimal("3807.47"),
        trx_total_due=Decimal("3807.47"),
    )
    body = admin_client.get(reverse("admin:ar_invoice_changelist")).content.decode()
    row = row_of(body, "INV-0001936")
    assert '<span class="money">CAD 3,807.47</span>' in row
    assert row.count("CAD 3,807.47") == 2  # amount and balance due, both CAD
    assert "2,779.45" not in row


def test_payment_applied_never_exceeds_its_amount_by_mixing_currencies(admin_client):
    PaymentFactory(
        number="PMT-0001313",
        currency="GBP",
        base_currency="USD",
        total_entered=Decimal("4561.86"),
        total_paid=Decimal("4561.86"),
        total_due=Decimal("0.00"),
        trx_total_entered=Decimal("3592.01"),
        trx_total_paid=Decimal("3592.01"),
        trx_total_due=Decimal("0.00"),
    )
    body = admin_client.get(reverse("admin:ar_payment_changelist")).content.decode()
    row = row_of(body, "PMT-0001313")
    assert row.count("GBP 3,592.01") == 2 and "GBP 0.00" in row
    assert "4,561.86" not in row


def test_a_credit_is_never_overdue(admin_client):
    customer = CustomerFactory(total_due=Decimal("-3093.05"))
    InvoiceFactory(
        customer=customer,
        number="INV-CREDIT",
        total_entered=Decimal("-3093.05"),
        due_date=date.today() - timedelta(days=120),
    )
    invoices = admin_client.get(reverse("admin:ar_invoice_changelist")).content.decode()
    row = row_of(invoices, "INV-CREDIT")
    assert "over 90" not in row.lower() and "overdue" not in row.lower()
    overdue = admin_client.get(reverse("admin:ar_invoice_changelist") + "?due=overdue")
    assert list(overdue.context["cl"].result_list) == []
    customers = admin_client.get(reverse("admin:ar_customer_changelist")).content.decode()
    row = row_of(customers, customer.customer_id)
    assert "USD -3,093.05" in row  # the balance
    assert '<span class="money">USD 0.00</span>' in row  # nothing overdue
    assert "aging-line" not in row  # and nothing in any aging bucket


def test_one_customer_balance_flagged_where_intacct_differs(admin_client):
    agrees = CustomerFactory(total_due=Decimal("100.00"))
    InvoiceFactory(customer=agrees)
    differs = CustomerFactory(total_due=Decimal("250.00"))
    InvoiceFactory(customer=differs)
    body = admin_client.get(reverse("admin:ar_customer_changelist")).content.decode()
    assert "column-total_due" not in body and "column-open_balance" not in body
    ok = row_of(body, agrees.customer_id)
    assert '<span class="money">USD 100.00</span>' in ok and "flagged" not in ok
    flagged = row_of(body, differs.customer_id)
    assert "money flagged" in flagged and "Intacct&#x27;s TOTALDUE is USD 250.00" in flagged
