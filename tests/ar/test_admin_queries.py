"""No AR admin page runs a query per row: counts stay flat as rows grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations.models import CustomField
from tests.ar.helpers import changelist, days_ago
from tests.factories.ar import (
    CreditMemoFactory,
    CustomerFactory,
    InvoiceDocumentFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    PaymentApplicationFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_rows(customer, n: int) -> None:
    """``n`` of every AR list's rows, each with everything its columns show."""
    for i in range(n):
        invoice = InvoiceFactory(
            customer=customer, due_date=days_ago(i * 7), custom_fields={"SALES_CHANNEL": "Direct"}
        )
        InvoiceDocumentFactory(invoice=invoice)
        memo = CreditMemoFactory(customer=customer)
        PaymentApplicationFactory(
            payment=PaymentFactory(customer=customer),
            invoice=invoice,
            amount=Decimal("10.00"),
        )
        PaymentApplicationFactory(
            payment__customer=customer,
            invoice=invoice,
            credit_memo=memo,
            amount=None,
            credit_amount=Decimal("5.00"),
        )
        CustomerFactory(connection=customer.connection, custom_fields={"TIER": "Gold"})


@pytest.fixture
def customer():
    customer = CustomerFactory()
    for object_name, field_id in (("ARINVOICE", "SALES_CHANNEL"), ("CUSTOMER", "TIER")):
        CustomField.objects.create(
            connection=customer.connection,
            object_name=object_name,
            field_id=field_id,
            label=field_id.title(),
            datatype="TEXT",
            enabled=True,
        )
    return customer


@pytest.mark.parametrize("model", ["customer", "invoice", "payment", "creditmemo"])
@pytest.mark.parametrize("params", ["", "?o=-9", "?q=Customer"])
def test_list_query_count_is_flat(
    staff_client, django_assert_max_num_queries, customer, model, params
):
    add_rows(customer, 1)
    url = changelist(model) + params
    few = queries_for(staff_client, url)
    add_rows(customer, 30)
    with django_assert_max_num_queries(few):
        response = staff_client.get(url)
    assert len(response.context["cl"].result_list) > 30 or params


def test_invoice_change_page_query_count_is_flat(
    staff_client, django_assert_max_num_queries, customer
):
    invoice = InvoiceFactory(customer=customer)

    def grow(n: int) -> None:
        for _ in range(n):
            InvoiceLineFactory(invoice=invoice)
            PaymentApplicationFactory(payment__customer=customer, invoice=invoice)
            PaymentApplicationFactory(
                payment__customer=customer,
                invoice=invoice,
                credit_memo=CreditMemoFactory(customer=customer),
                credit_amount=Decimal("1.00"),
            )
            InvoiceDocumentFactory(invoice=invoice, kind="attachment", name=f"a{_}-{n}.txt")

    url = reverse("admin:ar_invoice_change", args=[invoice.pk])
    grow(1)
    few = queries_for(staff_client, url)
    grow(20)
    with django_assert_max_num_queries(few):
        body = staff_client.get(url).content.decode()
    assert body.count("document-download") == 21


@pytest.mark.parametrize("model", ["customer", "payment", "creditmemo"])
def test_other_change_pages_query_count_is_flat(
    staff_client, django_assert_max_num_queries, customer, model
):
    add_rows(customer, 1)
    target = {
        "customer": customer,
        "payment": customer.payments.first(),
        "creditmemo": customer.credit_memos.first(),
    }[model]
    url = reverse(f"admin:ar_{model}_change", args=[target.pk])
    few = queries_for(staff_client, url)
    add_rows(customer, 20)
    with django_assert_max_num_queries(few):
        staff_client.get(url)


def list_pages(client, model: str) -> list[str]:
    """The list, each filter's first choice, a search and each sortable column, as a clerk
    opens them (read from the page)."""
    url = changelist(model)
    cl = client.get(url).context["cl"]
    pages = [url, f"{url}?q=Customer", f"{url}?q=12.50"]
    for spec in cl.filter_specs:
        choices = [c for c in spec.choices(cl) if not c.get("selected")]
        if choices:
            pages.append(url + choices[0]["query_string"])
    for index, field in enumerate(cl.list_display):
        if cl.get_ordering_field(field) is not None:
            pages.append(f"{url}?o=-{index}")
    return pages


@pytest.mark.parametrize("model", ["customer", "invoice", "payment", "creditmemo"])
def test_every_list_page_runs_at_most_ten_queries(
    staff_client, django_assert_max_num_queries, customer, model
):
    add_rows(customer, 3)
    pages = list_pages(staff_client, model)
    assert len(pages) > 8
    for url in pages:
        with django_assert_max_num_queries(10, info=url):
            response = staff_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", ["customer", "invoice", "payment", "creditmemo"])
def test_change_pages_run_at_most_ten_queries(
    staff_client, django_assert_max_num_queries, customer, model
):
    add_rows(customer, 3)
    target = {
        "customer": customer,
        "invoice": customer.invoices.first(),
        "payment": customer.payments.first(),
        "creditmemo": customer.credit_memos.first(),
    }[model]
    url = reverse(f"admin:ar_{model}_change", args=[target.pk])
    staff_client.get(url)  # warms the process's content-type cache, as any earlier page does
    with django_assert_max_num_queries(10):
        response = staff_client.get(url)
    assert response.status_code == 200
