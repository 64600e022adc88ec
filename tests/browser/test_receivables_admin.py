"""Accounting staff work an overdue invoice in a real Chromium, on data from a real sync."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ar.models import CreditMemo, Invoice, InvoiceDocument
from ar.sync import history_start
from integrations.intacct.functions.legacy import ApplyArPayment, CreateArAdjustment
from integrations.models import CustomField
from integrations.roles import ACCOUNTING_STAFF
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

# Transactional like every live-server test; its flush at the end empties tables that data
# migrations filled (the error catalogue), so this module sorts after the console's tests.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"
CREDIT = Decimal("25.00")


def overdue_partly_paid(sandbox) -> dict:
    """A USD invoice in the history window, partly paid in cash and past its due date."""
    today = timezone.localdate()
    rows = sandbox.query_rows(
        'SELECT "RECORDNO", "RECORDID", "CUSTOMERID", "TOTALDUE" FROM arinvoice '
        'WHERE "STATE" = \'Partially Paid\' AND "CURRENCY" = \'USD\' AND "WHENDUE" < ? '
        'AND "WHENCREATED" >= ? AND "TOTALDUE" > 100 ORDER BY "WHENDUE" DESC',
        ((today - timedelta(days=2)).isoformat(), history_start().isoformat()),
    )
    assert rows, "the seeded sandbox has no overdue, partly paid USD invoice"
    return rows[0]


def credit_it(conn, sandbox, invoice: dict) -> str:
    """Create a credit memo for the invoice's customer in Intacct and apply it to the invoice."""
    line = sandbox.query_rows(
        'SELECT "ACCOUNTNO", "LOCATIONID" FROM arinvoiceitem WHERE "RECORDKEY" = ? LIMIT 1',
        (invoice["RECORDNO"],),
    )[0]
    client = client_for(conn)
    today = timezone.localdate()
    memo = CreateArAdjustment(
        controlid="browser-cm",
        customerid=invoice["CUSTOMERID"],
        datecreated=today,
        adjustmentno="CM-BROWSER-1",
        description="Goodwill credit",
        aradjustmentitems=[
            {"glaccountno": line["ACCOUNTNO"], "amount": -CREDIT, "locationid": line["LOCATIONID"]}
        ],
    )
    (created,) = client.execute([memo])
    assert created.ok, created.errors
    apply = ApplyArPayment(
        controlid="browser-apply",
        arpaymentkey=int(created.key),
        paymentdate=today,
        arpaymentitems=[{"invoicekey": invoice["RECORDNO"], "amount": CREDIT}],
    )
    (applied,) = client.execute([apply])
    assert applied.ok, applied.errors
    return "CM-BROWSER-1"


def test_staff_work_an_overdue_invoice(
    page, login, live_server, sandbox, connect, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    conn = connect(sandbox, name="Sandbox company")
    CustomField.objects.create(
        connection=conn,
        object_name="ARINVOICE",
        field_id="SALES_CHANNEL",
        label="Sales channel",
        datatype="ENUM",
        valid_values=["Direct", "Partner", "Online"],
        enabled=True,
    )
    target = overdue_partly_paid(sandbox)
    memo_number = credit_it(conn, sandbox, target)
    run = sync_start(connection=conn, trigger="command", stage="historical", enqueue=False)
    run = sync_run_execute(run=run)
    assert run.status == "succeeded", run.message

    invoice = Invoice.objects.get(connection=conn, intacct_recordno=target["RECORDNO"])
    assert invoice.state == "Partially Paid" and invoice.due_date < timezone.localdate()
    payments = list(
        invoice.applications.filter(credit_memo__isnull=True, payment__isnull=False).values_list(
            "payment__number", flat=True
        )
    )
    assert payments, "the invoice's cash payment was not imported"
    assert CreditMemo.objects.filter(connection=conn, number=memo_number).exists()
    # The import fetched the open invoice's PDF: the sandbox's retrievepdf of it.
    pdf = client_for(conn).retrieve_pdfs([target["RECORDNO"]])[target["RECORDNO"]]
    assert pdf.startswith(b"%PDF")
    with invoice.documents.get(kind=InvoiceDocument.Kind.PDF).file.open("rb") as stored:
        assert stored.read() == pdf

    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    login(page, "staff", PASSWORD)

    # Overdue invoices, then the one we credited.
    page.goto(f"{live_server.url}/admin/ar/invoice/")
    page.click("#changelist-filter a:text-is('Overdue')")
    page.wait_for_url(re.compile(r"due=overdue"))
    page.click(f"#result_list a:text-is('{invoice.number}')")
    page.wait_for_url(re.compile(rf"/admin/ar/invoice/{invoice.pk}/change/"))
    content = page.inner_text("#content-main")
    assert "days past due" in content
    payments_block = page.inner_text("#applications-group")
    for number in payments:
        assert number in payments_block
    credits_block = page.inner_text("#applications-2-group")
    assert memo_number in credits_block and "25.00" in credits_block

    with page.expect_download() as info:
        page.click("a.document-download")
    download = info.value
    assert download.suggested_filename == f"{invoice.number}.pdf"
    assert Path(download.path()).read_bytes() == pdf

    # The credit memo's page links back to the invoice.
    page.click(f"#applications-2-group a:text-is('{memo_number}')")
    page.wait_for_url(re.compile(r"/admin/ar/creditmemo/\d+/change/"))
    assert invoice.number in page.inner_text("#content-main")

    # Filter the list by the imported custom field.
    page.goto(f"{live_server.url}/admin/ar/invoice/")
    page.click("#changelist-filter a:text-is('Partner')")
    page.wait_for_url(re.compile(r"cf_SALES_CHANNEL=Partner"))
    shown = set(page.locator("#result_list tbody th a").all_inner_texts())
    expected = set(
        Invoice.objects.filter(connection=conn, custom_fields__SALES_CHANNEL="Partner").values_list(
            "number", flat=True
        )
    )
    assert expected and shown == expected
    channels = set(page.locator("#result_list td.field-cf_SALES_CHANNEL").all_inner_texts())
    assert channels == {"Partner"}
