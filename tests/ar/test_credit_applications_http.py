"""Credit memos applied to invoices in Intacct, shown as Invoiced shows them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ar.models import CreditMemo, Invoice, PaymentApplication
from integrations.services import sync_run_execute, sync_start
from tests.sandbox.helpers import call, fn, ok

pytestmark = pytest.mark.django_db

AR = [
    "subsidiaries",
    "payment_terms",
    "contacts",
    "customers",
    "invoices",
    "invoice_lines",
    "credit_memos",
    "credit_memo_lines",
    "payments",
    "payment_applications",
]


def run_sync(conn, stage: str):
    run = sync_start(connection=conn, trigger="command", stage=stage, objects=AR, enqueue=False)
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def ymd(tag: str, day: int) -> str:
    return f"<{tag}><year>2026</year><month>11</month><day>{day}</day></{tag}>"


def top_level_customer(sandbox) -> str:
    return sandbox.query_rows(
        "SELECT CUSTOMERID FROM customer WHERE STATUS = 'active' AND MEGAENTITYID IS NULL "
        "ORDER BY RECORDNO LIMIT 1"
    )[0]["CUSTOMERID"]


def new_invoice(sandbox, customer: str, amount: str) -> int:
    body = (
        f"<create_invoice><customerid>{customer}</customerid>{ymd('datecreated', 2)}"
        f"{ymd('datedue', 30)}<invoiceitems><lineitem><glaccountno>4000</glaccountno>"
        f"<amount>{amount}</amount><locationid>US</locationid></lineitem></invoiceitems>"
        "</create_invoice>"
    )
    return int(ok(call(sandbox, fn(body))).findtext("key"))


def new_credit_memo(sandbox, customer: str, amount: str) -> int:
    body = (
        f"<create_aradjustment><customerid>{customer}</customerid>{ymd('datecreated', 3)}"
        "<aradjustmentitems><lineitem><glaccountno>4900</glaccountno>"
        f"<amount>-{amount}</amount><locationid>US</locationid></lineitem></aradjustmentitems>"
        "</create_aradjustment>"
    )
    return int(ok(call(sandbox, fn(body))).findtext("key"))


def apply_credit(sandbox, memo: int, invoice: int, amount: str) -> None:
    body = (
        f"<apply_arpayment><arpaymentkey>{memo}</arpaymentkey>{ymd('paymentdate', 4)}"
        f"<arpaymentitems><arpaymentitem><invoicekey>{invoice}</invoicekey><amount>{amount}"
        "</amount></arpaymentitem></arpaymentitems></apply_arpayment>"
    )
    ok(call(sandbox, fn(body)))


def page(client, invoice: Invoice) -> str:
    response = client.get(reverse("admin:ar_invoice_change", args=[invoice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_partial_and_full_credits_show_as_credits_with_the_right_balance(
    sandbox, connect, admin_client
):
    conn = connect(sandbox)
    run_sync(conn, "historical")
    customer = top_level_customer(sandbox)
    partial_key = new_invoice(sandbox, customer, "150.50")
    full_key = new_invoice(sandbox, customer, "80.00")
    memo_key = new_credit_memo(sandbox, customer, "110.00")
    apply_credit(sandbox, memo_key, partial_key, "30.00")
    apply_credit(sandbox, memo_key, full_key, "80.00")
    run_sync(conn, "incremental")

    partial = Invoice.objects.get(connection=conn, intacct_recordno=partial_key)
    full = Invoice.objects.get(connection=conn, intacct_recordno=full_key)
    memo = CreditMemo.objects.get(connection=conn, intacct_recordno=memo_key)
    assert (partial.state, partial.total_due) == ("Partially Paid", Decimal("120.50"))
    assert (full.state, full.total_due) == ("Paid", Decimal("0.00"))
    assert memo.total_due == Decimal("0.00")
    credits = PaymentApplication.objects.filter(connection=conn, credit_memo=memo)
    assert sorted((a.invoice_id, a.credit_amount, a.payment_id) for a in credits) == sorted(
        [(partial.pk, Decimal("30.00"), None), (full.pk, Decimal("80.00"), None)]
    )

    # The invoice page: a credit applied, not a payment; the balance as Intacct has it.
    html = page(admin_client, partial)
    summary = settlement_block(html)
    assert "Partial credit applied" in summary
    assert "Credits applied: 30.00" in summary
    assert "Payments: 0.00" in summary
    assert "Balance: 120.50" in summary

    html = page(admin_client, full)
    summary = settlement_block(html)
    assert "Paid in full by credit" in summary
    assert "Credits applied: 80.00" in summary and "Payments: 0.00" in summary
    assert "Balance: 0.00" in summary

    # The list says the same in its status column.
    listing = admin_client.get(reverse("admin:ar_invoice_changelist"), {"q": partial.number})
    assert "Partial credit applied" in listing.content.decode()
    listing = admin_client.get(reverse("admin:ar_invoice_changelist"), {"q": full.number})
    assert "Paid in full by credit" in listing.content.decode()


def settlement_block(html: str) -> str:
    start = html.index('class="settlement"')
    return html[start : html.index("</div>", start)]
