"""The cash application screen and the bank-file import through the admin, as staff."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ar.models import BankFileImport, BankTransaction, CashAccountDefault, Payment
from tests.factories.ar import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db


def screen(bank_line, **query):
    url = reverse("admin:ar_banktransaction_apply", args=[bank_line.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def scene():
    acme = CustomerFactory(name="Acme Holdings")
    conn = acme.connection
    other = CustomerFactory(connection=conn, name="Zephyr Tools")
    own = InvoiceFactory(customer=acme, number="INV-0001936", total_entered=Decimal("600.00"))
    theirs = InvoiceFactory(customer=other, number="INV-0002000", total_entered=Decimal("400.00"))
    CashAccountDefault.objects.create(connection=conn, bank_account="BOA-OPS")
    line = BankTransaction.objects.create(
        connection=conn,
        date=date(2026, 11, 2),
        amount=Decimal("1000.00"),
        currency="USD",
        payer_name="ACME HLDGS",
        memo="INV-0001936",
    )
    return line, acme, other, own, theirs


def _form(payment, **extra):
    data = {
        "payment": payment.pk,
        "amount": str(payment.amount),
        "currency": payment.currency,
        "account_type": payment.account_type,
        "bank_account": payment.bank_account,
        "received_date": payment.received_date.isoformat(),
        "method": payment.method,
    }
    data.update(extra)
    return data


def test_suggest_choose_apply_split_and_post(staff_client, scene):
    line, acme, other, own, theirs = scene
    page = staff_client.get(screen(line))
    assert page.status_code == 200
    html = page.content.decode()
    assert "name 100% similar; memo names INV-0001936" in html
    staff_client.post(screen(line), {"action": "choose", "customer": acme.pk})
    payment = Payment.objects.get(bank_transaction=line)
    assert (payment.customer, payment.amount, payment.bank_account) == (
        acme,
        Decimal("1000.00"),
        "BOA-OPS",
    )

    page = staff_client.get(screen(line, payment=payment.pk, all=1))
    assert 'data-invoice="INV-0002000"' in page.content.decode()
    preview = staff_client.post(
        screen(line, payment=payment.pk),
        _form(payment, split_invoice=theirs.pk, **{f"split-amount-{theirs.pk}": "400.00"}),
    )
    assert "New payment for Zephyr Tools" in preview.content.decode()
    assert Payment.objects.count() == 1
    staff_client.post(
        screen(line, payment=payment.pk),
        {
            "action": "split_create",
            "payment": payment.pk,
            "invoice": theirs.pk,
            "split_amount": "400.00",
        },
    )
    split = Payment.objects.get(customer=other)
    payment.refresh_from_db()
    assert (payment.amount, split.amount) == (Decimal("600.00"), Decimal("400.00"))
    assert line.payments_total() == line.amount

    page = staff_client.post(
        screen(line, payment=payment.pk),
        _form(payment, action="post", bank_account="", **{f"apply-{own.pk}": "600.00"}),
    )
    assert "Choose the bank account the money went to." in page.content.decode()
    payment.refresh_from_db()
    assert payment.app_status == "draft"
    staff_client.post(
        screen(line, payment=payment.pk),
        _form(payment, action="post", bank_account="BOA-OPS", **{f"apply-{own.pk}": "600.00"}),
    )
    payment.refresh_from_db()
    assert (payment.app_status, payment.sync_state) == ("posted", "pending_push")
    assert payment.applications.get().trx_amount == Decimal("600.00")


def test_bank_file_upload_lists_refused_rows(staff_client, scene):
    line = scene[0]
    upload = SimpleUploadedFile(
        "nov.csv",
        b"date,amount,currency,payer_name\n2026-11-03,12.50,USD,Zephyr\n2026-11-04,x,USD,Bad\n",
    )
    response = staff_client.post(
        reverse("admin:ar_banktransaction_import"),
        {"connection": line.connection_id, "file": upload},
    )
    result = BankFileImport.objects.get()
    assert response.url == reverse("admin:ar_bankfileimport_change", args=[result.pk])
    page = staff_client.get(response.url).content.decode()
    assert "amount “x” is not a number" in page
    assert BankTransaction.objects.filter(payer_name="Zephyr").exists()
