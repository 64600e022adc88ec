"""The AP document admin: flat query counts, filters, search, links, read-only, currencies."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ap.balances import open_balance_expression
from ap.models import Bill, CardTransaction, Vendor
from tests.factories.ap_documents import (
    BillFactory,
    BillLineFactory,
    BillPaymentDetailFactory,
    CardTransactionFactory,
    CardTransactionLineFactory,
    DocumentVendorFactory,
    VendorCreditFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ("bill", "billpayment", "vendorcredit", "cardtransaction", "amortizationtemplate")


def changelist(model: str) -> str:
    return reverse(f"admin:ap_{model}_changelist")


def listed(client, model: str, **params) -> set:
    response = client.get(changelist(model), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def add_rows(vendor, n: int) -> None:
    """``n`` rows of every AP document list, each with everything its columns show."""
    for _ in range(n):
        bill = BillFactory(vendor=vendor)
        BillLineFactory(bill=bill)
        credit = VendorCreditFactory(vendor=vendor, state="Paid", total_paid=Decimal("-25.00"))
        BillPaymentDetailFactory(payment__vendor=vendor, bill=bill)
        BillPaymentDetailFactory(
            payment__vendor=vendor, bill=bill, vendor_credit=credit, amount=None
        )
        card = CardTransactionFactory(connection=vendor.connection)
        line = CardTransactionLineFactory(card_transaction=card)
        CardTransactionLineFactory(
            card_transaction=card,
            line_no=2,
            trx_amount=Decimal("20.00"),
            tax_rate=Decimal("20"),
            taxed_line_recordno=line.intacct_recordno,
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("params", ["", "?o=-3", "?q=Vendor"])
def test_list_query_count_is_flat(staff_client, django_assert_max_num_queries, model, params):
    vendor = DocumentVendorFactory()
    add_rows(vendor, 1)
    url = changelist(model) + params
    few = queries_for(staff_client, url)
    add_rows(vendor, 30)
    with django_assert_max_num_queries(few):
        response = staff_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["bill", "billpayment", "vendorcredit", "cardtransaction"])
def test_change_page_query_count_is_flat(staff_client, django_assert_max_num_queries, model):
    vendor = DocumentVendorFactory()
    add_rows(vendor, 1)
    record = {
        "bill": Bill.objects.first,
        "billpayment": lambda: vendor.bill_payments.first(),
        "vendorcredit": lambda: vendor.vendor_credits.first(),
        "cardtransaction": CardTransaction.objects.first,
    }[model]()
    url = reverse(f"admin:ap_{model}_change", args=[record.pk])
    few = queries_for(staff_client, url)
    # More lines and applications on the same record.
    if model == "bill":
        for i in range(20):
            BillLineFactory(bill=record, line_no=i + 2)
            BillPaymentDetailFactory(payment__vendor=vendor, bill=record)
    elif model == "cardtransaction":
        for i in range(20):
            CardTransactionLineFactory(card_transaction=record, line_no=i + 3)
    elif model == "billpayment":
        for _ in range(20):
            BillPaymentDetailFactory(payment=record)
    else:
        for _ in range(20):
            BillPaymentDetailFactory(payment__vendor=vendor, vendor_credit=record)
    with django_assert_max_num_queries(few):
        response = staff_client.get(url)
    assert response.status_code == 200


def test_bill_filters_search_and_links(staff_client):
    today = timezone.localdate()
    acme = DocumentVendorFactory(name="Acme Supplies")
    other = DocumentVendorFactory(connection=acme.connection)
    overdue = BillFactory(vendor=acme, due_date=today - timedelta(days=3))
    later = BillFactory(vendor=acme, due_date=today + timedelta(days=3), currency="GBP")
    paid = BillFactory(vendor=other, state="Paid", total_paid=Decimal("100.00"))
    detail = BillPaymentDetailFactory(payment__vendor=acme, bill=overdue)
    assert listed(staff_client, "bill", due="overdue") == {overdue.pk}
    assert listed(staff_client, "bill", due="open") == {overdue.pk, later.pk}
    assert listed(staff_client, "bill", due="closed") >= {paid.pk}
    assert listed(staff_client, "bill", vendor=acme.pk) >= {overdue.pk, later.pk}
    assert paid.pk not in listed(staff_client, "bill", vendor=acme.pk)
    assert listed(staff_client, "bill", currency="GBP") == {later.pk}
    assert listed(staff_client, "bill", state="Paid") == {paid.pk}
    assert listed(staff_client, "bill", subsidiary__id__exact=acme.created_in_entity_id) >= {
        overdue.pk
    }
    # Search by number, vendor and amount.
    assert listed(staff_client, "bill", q=overdue.number) == {overdue.pk}
    assert listed(staff_client, "bill", q="Acme") == {overdue.pk, later.pk, detail.bill.pk}
    assert paid.pk in listed(staff_client, "bill", q="100.00")
    # Bill <-> payment <-> vendor links both ways.
    assert listed(staff_client, "bill", payment=detail.payment.pk) == {overdue.pk}
    assert listed(staff_client, "billpayment", bill=overdue.pk) == {detail.payment.pk}
    page = staff_client.get(reverse("admin:ap_bill_change", args=[overdue.pk])).content.decode()
    assert reverse("admin:ap_billpayment_change", args=[detail.payment.pk]) in page
    assert reverse("admin:ap_vendor_change", args=[acme.pk]) in page
    vendor_page = staff_client.get(reverse("admin:ap_vendor_change", args=[acme.pk]))
    assert f"{changelist('bill')}?vendor={acme.pk}" in vendor_page.content.decode()


def test_an_applied_vendor_credit_shows_as_applied_and_links_its_bill(staff_client):
    vendor = DocumentVendorFactory()
    bill = BillFactory(vendor=vendor)
    credit = VendorCreditFactory(vendor=vendor, state="Paid", total_paid=Decimal("-25.00"))
    unapplied = VendorCreditFactory(vendor=vendor)
    BillPaymentDetailFactory(payment__vendor=vendor, bill=bill, vendor_credit=credit)
    assert credit.applied and not unapplied.applied
    assert listed(staff_client, "vendorcredit", bill=bill.pk) == {credit.pk}
    assert listed(staff_client, "bill", vendor_credit=credit.pk) == {bill.pk}
    page = staff_client.get(changelist("vendorcredit")).content.decode()
    assert "icon-yes.svg" in page and "icon-no.svg" in page


def test_money_columns_say_their_currency_and_card_vat(staff_client):
    vendor = DocumentVendorFactory()
    BillFactory(vendor=vendor, currency="GBP", trx_total_entered=Decimal("1234.50"))
    card = CardTransactionFactory(connection=vendor.connection)
    line = CardTransactionLineFactory(card_transaction=card)
    CardTransactionLineFactory(
        card_transaction=card,
        line_no=2,
        trx_amount=Decimal("20.00"),
        tax_rate=Decimal("20"),
        taxed_line_recordno=line.intacct_recordno,
    )
    bills = staff_client.get(changelist("bill")).content.decode()
    assert "GBP 1,234.50" in bills
    cards = staff_client.get(changelist("cardtransaction")).content.decode()
    assert "GBP 120.00" in cards and "GBP 20.00" in cards


def test_intacct_owned_fields_are_read_only(staff_client):
    bill = BillFactory()
    BillLineFactory(bill=bill)
    response = staff_client.get(reverse("admin:ap_bill_change", args=[bill.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="number"' not in page and 'name="_save"' not in page
    post = staff_client.post(reverse("admin:ap_bill_change", args=[bill.pk]), {"number": "X"})
    assert post.status_code == 403
    bill.refresh_from_db()
    assert bill.number != "X"


def test_vendor_open_balance_is_its_open_bills_less_open_credits():
    vendor = DocumentVendorFactory()
    BillFactory(vendor=vendor, total_entered=Decimal("100.00"))
    BillFactory(vendor=vendor, total_entered=Decimal("50.00"), total_paid=Decimal("20.00"))
    BillFactory(vendor=vendor, state="Paid", total_paid=Decimal("100.00"))
    VendorCreditFactory(vendor=vendor, total_entered=Decimal("-25.00"))
    balance = Vendor.objects.annotate(b=open_balance_expression()).get(pk=vendor.pk).b
    assert balance == Decimal("105.00")
