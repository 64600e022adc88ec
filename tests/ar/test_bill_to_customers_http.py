"""Customers from the invoices' bill-to contacts, over HTTP against the sandbox."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ar.models import CreditMemo, Customer, Invoice, Payment
from integrations.models import IntacctConnection
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
BILL_TO = "bill_to_contacts"
CUSTOMER = "C-00001"  # billed to its own contact in the seed
OWN = "Müller, Chloé (C-00001)"
OTHER = "Rossi, Grace (C-00002)"  # C-00002's contact, also a bill-to of C-00001 below


def run_sync(conn, stage):
    run = sync_start(connection=conn, trigger="command", stage=stage, objects=AR, enqueue=False)
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def ymd(tag: str, day: int) -> str:
    return f"<{tag}><year>2026</year><month>10</month><day>{day}</day></{tag}>"


def invoice_billed_to(sandbox, contact: str, amount: str) -> int:
    body = (
        f"<create_invoice><customerid>{CUSTOMER}</customerid>{ymd('datecreated', 2)}"
        f"{ymd('datedue', 30)}<billto><contactname>{contact}</contactname></billto>"
        f"<invoiceitems><lineitem><glaccountno>4000</glaccountno><amount>{amount}</amount>"
        "<locationid>US</locationid></lineitem></invoiceitems></create_invoice>"
    )
    return int(ok(call(sandbox, fn(body))).findtext("key"))


def pay(sandbox, invoice: int, amount: str) -> int:
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><CUSTOMERID>{CUSTOMER}</CUSTOMERID><RECEIPTDATE>10/20/2026"
        f"</RECEIPTDATE><ARPYMTDETAILS><ARPYMTDETAIL><RECORDKEY>{invoice}</RECORDKEY>"
        f"<TRX_PAYMENTAMOUNT>{amount}</TRX_PAYMENTAMOUNT></ARPYMTDETAIL></ARPYMTDETAILS>"
        "</ARPYMT></create>"
    )
    return int(ok(call(sandbox, fn(body, "pay"))).findtext("data/arpymt/RECORDNO"))


def credit(sandbox, invoice: int | None, amount: str) -> int:
    memo = (
        f"<create_aradjustment><customerid>{CUSTOMER}</customerid>{ymd('datecreated', 3)}"
        "<aradjustmentitems><lineitem><glaccountno>4900</glaccountno>"
        f"<amount>-{amount}</amount><locationid>US</locationid></lineitem>"
        "</aradjustmentitems></create_aradjustment>"
    )
    key = int(ok(call(sandbox, fn(memo, "memo"))).findtext("key"))
    if invoice is None:
        return key
    apply = (
        f"<apply_arpayment><arpaymentkey>{key}</arpaymentkey>{ymd('paymentdate', 4)}"
        f"<arpaymentitems><arpaymentitem><invoicekey>{invoice}</invoicekey><amount>{amount}"
        "</amount></arpaymentitem></arpaymentitems></apply_arpayment>"
    )
    ok(call(sandbox, fn(apply, "apply")))
    return key


def test_bill_to_contacts_become_customers_and_documents_follow_their_invoices(sandbox, connect):
    first_other = invoice_billed_to(sandbox, OTHER, "200.00")
    second_other = invoice_billed_to(sandbox, OTHER, "90.00")
    conn = connect(sandbox, customers_from=BILL_TO)
    run_sync(conn, "historical")

    # Only bill-to customers: none of Intacct's customers came in.
    customers = Customer.objects.filter(connection=conn)
    assert customers.exists()
    assert set(customers.values_list("source", flat=True)) == {"bill_to_contact"}
    intacct_ids = {r["CUSTOMERID"] for r in sandbox.query_rows("SELECT CUSTOMERID FROM customer")}
    assert not intacct_ids & set(customers.values_list("customer_id", flat=True))

    # One Intacct customer billed to two contacts: two customers, numbered here.
    mine = {c.bill_to_name: c for c in customers.filter(intacct_customer_id=CUSTOMER)}
    assert set(mine) == {OWN, OTHER}
    assert {c.customer_id for c in mine.values()} == {f"{CUSTOMER}-1", f"{CUSTOMER}-2"}
    assert (mine[OTHER].name, mine[OTHER].bill_to_contact.contact_name) == ("Grace Rossi", OTHER)
    assert mine[OWN].name == "Chloé Müller"
    # The same contact under its own Intacct customer is another customer.
    theirs = customers.get(intacct_customer_id="C-00002", bill_to_name=OTHER)
    assert theirs.pk != mine[OTHER].pk and re.fullmatch(r"C-00002-\d+", theirs.customer_id)

    # Every invoice is under the customer of its (Intacct customer, bill-to) pair.
    rows = sandbox.query_rows("SELECT RECORDNO, CUSTOMERID, BILLTOPAYTOCONTACTNAME FROM arinvoice")
    pairs = {r["RECORDNO"]: (r["CUSTOMERID"], r["BILLTOPAYTOCONTACTNAME"]) for r in rows}
    invoices = Invoice.objects.filter(connection=conn).select_related("customer")
    assert invoices.count() > 2
    for invoice in invoices:
        assert invoice.customer is not None, invoice.number
        pair = (invoice.customer.intacct_customer_id, invoice.customer.bill_to_name)
        assert pair == pairs[invoice.intacct_recordno]
    other_invoices = set(
        Invoice.objects.filter(customer=mine[OTHER]).values_list("intacct_recordno", flat=True)
    )
    assert other_invoices == {first_other, second_other}

    # Payments and credit memos follow the invoices they are applied to.
    payment = pay(sandbox, first_other, "50.00")
    own_invoices = set(
        Invoice.objects.filter(customer=mine[OWN]).values_list("intacct_recordno", flat=True)
    )
    assert own_invoices
    memo = credit(sandbox, second_other, "40.00")
    unapplied = credit(sandbox, None, "15.00")
    run_sync(conn, "incremental")
    assert Payment.objects.get(connection=conn, intacct_recordno=payment).customer == mine[OTHER]
    assert CreditMemo.objects.get(connection=conn, intacct_recordno=memo).customer == mine[OTHER]
    # Applied to nothing and naming no contact: the Intacct customer's default bill-to.
    assert CreditMemo.objects.get(connection=conn, intacct_recordno=unapplied).customer == mine[OWN]
    assert not Payment.objects.filter(connection=conn, customer__isnull=True).exists()
    assert not CreditMemo.objects.filter(connection=conn, customer__isnull=True).exists()
    assert (
        set(Invoice.objects.filter(customer=mine[OWN]).values_list("intacct_recordno", flat=True))
        == own_invoices
    )
    # Earlier payments of the seed went to the customer of the invoice they paid.
    applied = Payment.objects.filter(connection=conn, applications__invoice__isnull=False)
    assert applied.distinct().count() > 1
    for payment in applied.distinct():
        customers_paid = {a.invoice.customer_id for a in payment.applications.all() if a.invoice}
        assert payment.customer_id in customers_paid
    assert Customer.objects.filter(connection=conn, source="customer").count() == 0


def test_the_setting_cannot_switch_once_records_are_imported(sandbox, connect, consultant_client):
    conn = connect(sandbox)
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    form = consultant_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields and not name.endswith("password")
    }
    data.update(
        {
            "customers_from": BILL_TO,
            "daily_sync_time": "",
            "object_filters-TOTAL_FORMS": "0",
            "object_filters-INITIAL_FORMS": "0",
        }
    )
    # Before any import the choice is free.
    response = consultant_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    conn.refresh_from_db()
    assert conn.customers_from == BILL_TO

    run_sync(conn, "initial")
    data["customers_from"] = "customers"
    response = consultant_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["customers_from"]
    assert "switching now would mix the two kinds of customer" in errors[0]
    assert "retire this connection and create it again" in errors[0]
    conn.refresh_from_db()
    assert conn.customers_from == BILL_TO
    assert IntacctConnection.objects.count() == 1


def test_the_connect_command_keeps_the_same_rule(sandbox, connect, monkeypatch):
    conn = connect(sandbox, customers_from=BILL_TO)
    run_sync(conn, "initial")
    creds = sandbox.credentials
    monkeypatch.setenv("INTACCT_SENDER_PASSWORD", creds["sender_password"])
    monkeypatch.setenv("INTACCT_USER_PASSWORD", creds["user_password"])
    args = [
        *("--name", conn.name, "--endpoint", sandbox.gateway_url, "--no-test"),
        *("--sender-id", creds["sender_id"], "--company-id", creds["company_id"]),
        *("--user-id", creds["user_id"], "--customers-from", "customers"),
    ]
    with pytest.raises(CommandError, match="switching now would mix the two kinds of customer"):
        call_command("intacct_connect", *args)
    conn.refresh_from_db()
    assert conn.customers_from == BILL_TO
