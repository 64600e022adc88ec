"""Staff apply a bank line in a real Chromium: suggested customer, apply with the running
unapplied amount, split the rest to another customer, post both, push to the sandbox."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ar.models import BankTransaction, CashAccountDefault, Payment
from integrations.roles import ACCOUNTING_STAFF
from tests.browser.screens import shoot
from tests.cash.conftest import PAID_ON, customer_with, in_sandbox, open_invoices, pull, push

# Sorts after the console's tests: the live-server flush at the end empties the catalogue.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def test_staff_apply_split_and_post_a_bank_line(
    page, login, live_server, sandbox, connect, tmp_path
):
    conn = connect(sandbox, name="Sandbox company")
    pull(conn)
    customer, (own, *_) = customer_with(conn, 1)
    other = (
        open_invoices(conn)
        .exclude(customer=customer)
        .exclude(customer__invoices__trx_total_due__lt=0)
        .first()
    )
    CashAccountDefault.objects.create(connection=conn, bank_account="BOA-OPS")
    line = BankTransaction.objects.create(
        connection=conn,
        date=PAID_ON,
        amount=own.trx_total_due + other.trx_total_due,
        currency="USD",
        payer_name=customer.name.upper(),
        memo=f"PAYMENT {own.number}",
    )
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    login(page, "staff", PASSWORD)

    page.goto(f"{live_server.url}/admin/ar/banktransaction/")
    page.click("text=Cash application")
    first = page.locator("tr.suggestion").first
    assert first.get_attribute("data-customer") == customer.customer_id
    assert f"memo names {own.number}" in first.locator(".reason").inner_text()
    shoot(page, tmp_path, "cash-suggestions")
    first.locator("button", has_text="Use this customer").click()

    row = page.locator(f'tr.invoice[data-invoice="{own.number}"]')
    row.locator("button.pay-all").click()
    assert page.locator("#unapplied").inner_text() == f"{other.trx_total_due:.2f}"
    page.click("#save-payment")
    page.click("#show-all")
    theirs = page.locator(f'tr.invoice[data-invoice="{other.number}"]')
    theirs.locator("button.split").click()
    assert other.customer.name in page.locator("#split-preview h2").inner_text()
    shoot(page, tmp_path, "cash-split-preview")
    page.click("#create-split")
    page.wait_for_selector("#post-payment")
    page.click("#post-payment")
    page.wait_for_selector("text=Posted: the payment goes to Intacct")

    original = Payment.objects.get(bank_transaction=line, customer=customer)
    page.click(f'#payments a[data-payment="{original.pk}"]')
    assert page.locator("#unapplied").inner_text() == "0.00"
    page.click("#post-payment")
    page.wait_for_selector("text=Posted: the payment goes to Intacct")

    payments = list(Payment.objects.filter(bank_transaction=line).order_by("pk"))
    assert [p.app_status for p in payments] == ["posted", "posted"]
    assert sum(p.amount for p in payments) == line.amount
    assert push(conn).status == "succeeded"
    assert in_sandbox(sandbox, own) == ("Paid", Decimal("0.00"))
    assert in_sandbox(sandbox, other) == ("Paid", Decimal("0.00"))
    page.reload()
    records = page.locator("#payments li").all_inner_texts()
    assert all("Intacct record" in text for text in records), records
    shoot(page, tmp_path, "cash-posted")
