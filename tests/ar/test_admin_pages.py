"""The AR admin pages: search, links between records, read-only fields, document download."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ar.models import Invoice
from tests.ar.helpers import days_ago, listed
from tests.factories.ar import (
    CreditMemoFactory,
    CustomerFactory,
    InvoiceDocumentFactory,
    InvoiceFactory,
    PaymentApplicationFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db


def test_search_by_number_customer_and_amount(staff_client):
    acme = CustomerFactory(name="Acme & Søns", customer_id="ACME-1")
    other = CustomerFactory(name="Globex")
    big = InvoiceFactory(customer=acme, number="INV-7771", total_entered=Decimal("1234.50"))
    small = InvoiceFactory(customer=acme, number="INV-7772", total_entered=Decimal("250.00"))
    globex = InvoiceFactory(customer=other, number="INV-9000", total_entered=Decimal("250.00"))

    assert listed(staff_client, "invoice", q="INV-7771") == {big.pk}
    assert listed(staff_client, "invoice", q="søns") == {big.pk, small.pk}
    assert listed(staff_client, "invoice", q="ACME-1") == {big.pk, small.pk}
    assert listed(staff_client, "invoice", q="1,234.50") == {big.pk}
    assert listed(staff_client, "invoice", q="$250") == {small.pk, globex.pk}
    # Words are ANDed: a customer and an amount.
    assert listed(staff_client, "invoice", q="Acme 250") == {small.pk}
    assert listed(staff_client, "invoice", q='"Acme & Søns" 1234.5') == {big.pk}
    assert listed(staff_client, "invoice", q="NaN") == set()
    assert listed(staff_client, "invoice", q="1e400") == set()
    assert listed(staff_client, "invoice", q="1234.499") == set()
    assert listed(staff_client, "invoice", q="1234.500") == {big.pk}

    pay = PaymentFactory(customer=acme, reference="CHK-555", total_entered=Decimal("99.95"))
    assert listed(staff_client, "payment", q="CHK-555") == {pay.pk}
    assert listed(staff_client, "payment", q="99.95") == {pay.pk}
    acme.total_due = Decimal("5000.00")
    acme.save()
    assert listed(staff_client, "customer", q="5,000") == {acme.pk}
    assert listed(staff_client, "customer", q="glob") == {other.pk}
    memo = CreditMemoFactory(customer=other, total_entered=Decimal("-42.00"))
    assert listed(staff_client, "creditmemo", q="-42") == {memo.pk}
    assert listed(staff_client, "creditmemo", q="globex") == {memo.pk}


@pytest.fixture
def paid_with_credit():
    """An overdue invoice paid in part by a payment and in part by a credit memo."""
    customer = CustomerFactory()
    invoice = InvoiceFactory(customer=customer, due_date=days_ago(40), state="Partially Paid")
    cash = PaymentApplicationFactory(
        payment=PaymentFactory(customer=customer, number="PAY-CASH"), invoice=invoice
    )
    memo = CreditMemoFactory(customer=customer, number="CM-CREDIT")
    credit = PaymentApplicationFactory(
        payment=PaymentFactory(customer=customer, number="PAY-CREDIT-RECORD"),
        invoice=invoice,
        credit_memo=memo,
        amount=None,
        credit_amount=Decimal("20.00"),
    )
    unrelated = PaymentApplicationFactory(payment__customer=customer)
    return invoice, cash.payment, credit.payment, memo, unrelated


def test_links_between_invoices_payments_and_credit_memos(staff_client, paid_with_credit):
    invoice, payment, credit_record, memo, unrelated = paid_with_credit
    assert listed(staff_client, "payment", invoice=invoice.pk) == {payment.pk, credit_record.pk}
    assert listed(staff_client, "creditmemo", invoice=invoice.pk) == {memo.pk}
    assert listed(staff_client, "invoice", payment=payment.pk) == {invoice.pk}
    assert listed(staff_client, "invoice", credit_memo=memo.pk) == {invoice.pk}
    assert listed(staff_client, "invoice", payment=unrelated.payment.pk) == {unrelated.invoice.pk}
    assert listed(staff_client, "invoice", payment=999_999) == set()

    page = staff_client.get(reverse("admin:ar_invoice_change", args=[invoice.pk]))
    body = page.content.decode()
    assert reverse("admin:ar_payment_change", args=[payment.pk]) in body
    assert reverse("admin:ar_creditmemo_change", args=[memo.pk]) in body
    assert "40 days past due (31-60 days)" in body
    assert f"ARINVOICE · RECORDNO <strong>{invoice.intacct_recordno}</strong>" in body

    body = staff_client.get(reverse("admin:ar_payment_change", args=[payment.pk])).content
    assert reverse("admin:ar_invoice_change", args=[invoice.pk]) in body.decode()
    body = staff_client.get(reverse("admin:ar_creditmemo_change", args=[memo.pk])).content
    assert reverse("admin:ar_invoice_change", args=[invoice.pk]) in body.decode()


def test_invoice_list_links_to_its_payments_and_credits(staff_client, paid_with_credit):
    invoice, *_ = paid_with_credit
    body = staff_client.get(reverse("admin:ar_invoice_changelist")).content.decode()
    assert f"/admin/ar/payment/?invoice={invoice.pk}" in body
    assert f"/admin/ar/creditmemo/?invoice={invoice.pk}" in body


def test_customer_page_lists_open_invoices_and_recent_payments(staff_client):
    customer = CustomerFactory()
    open_invoice = InvoiceFactory(customer=customer, number="INV-OPEN")
    InvoiceFactory(customer=customer, number="INV-PAID", state="Paid", total_paid=100)
    PaymentFactory(customer=customer, number="PAY-RECENT", received_date=days_ago(3))
    PaymentFactory(customer=customer, number="PAY-ANCIENT", received_date=days_ago(800))
    body = staff_client.get(reverse("admin:ar_customer_change", args=[customer.pk])).content
    body = body.decode()
    assert "INV-OPEN" in body and "INV-PAID" not in body
    assert "PAY-RECENT" in body and "PAY-ANCIENT" not in body
    assert reverse("admin:ar_invoice_change", args=[open_invoice.pk]) in body
    assert listed(staff_client, "invoice", customer__id__exact=customer.pk) == set(
        customer.invoices.values_list("pk", flat=True)
    )


def test_intacct_owned_fields_cannot_be_changed(staff_client):
    invoice = InvoiceFactory(number="INV-KEEP", state="Posted")
    url = reverse("admin:ar_invoice_change", args=[invoice.pk])
    page = staff_client.get(url)
    assert 'name="number"' not in page.content.decode()
    staff_client.post(url, {"number": "HACKED", "state": "Paid", "total_due": "0"})
    invoice.refresh_from_db()
    assert (invoice.number, invoice.state, invoice.total_due) == ("INV-KEEP", "Posted", 100)
    assert staff_client.get(reverse("admin:ar_invoice_add")).status_code == 403


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def document():
    return InvoiceDocumentFactory(name='Invoice "INV-1" für Zoë.pdf', data=PDF)


def download_url(doc) -> str:
    return reverse("ar:invoice_document", args=[doc.pk])


@pytest.mark.parametrize("role_client", ["staff_client", "consultant_client"])
def test_document_download(request, role_client, document):
    client = request.getfixturevalue(role_client)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Zo" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"


def test_invoice_page_and_list_link_the_document(staff_client, document):
    url = download_url(document)
    page = staff_client.get(reverse("admin:ar_invoice_change", args=[document.invoice_id]))
    assert url in page.content.decode()
    assert url in staff_client.get(reverse("admin:ar_invoice_changelist")).content.decode()


def test_document_download_needs_view_invoice(client, document):
    user = get_user_model().objects.create_user("nobody", password="pw-for-tests-1")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(download_url(document)).status_code == 403
    client.logout()
    response = client.get(download_url(document))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_unknown_document_or_missing_file_is_404(staff_client, document):
    assert staff_client.get(reverse("ar:invoice_document", args=[10**9])).status_code == 404
    document.file.storage.delete(document.file.name)
    response = staff_client.get(download_url(document))
    assert response.status_code == 404
    assert Invoice.objects.filter(pk=document.invoice_id).exists()


def test_document_with_a_hostile_content_type_is_served_as_bytes(staff_client, document):
    document.content_type = "text/html\r\nSet-Cookie: x=1"
    document.save()
    response = staff_client.get(download_url(document))
    assert response["Content-Type"] == "application/octet-stream"
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("model", ["invoice", "payment", "creditmemo", "customer"])
def test_consultants_read_every_page_without_saving(consultant_client, paid_with_credit, model):
    invoice, payment, _, memo, _ = paid_with_credit
    target = {"invoice": invoice, "payment": payment, "creditmemo": memo}.get(
        model, invoice.customer
    )
    url = reverse(f"admin:ar_{model}_change", args=[target.pk])
    page = consultant_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert consultant_client.post(url, {}).status_code == 403
