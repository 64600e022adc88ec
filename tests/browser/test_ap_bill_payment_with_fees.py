"""Staff approve a bill in a real Chromium, submit it for payment with the payee's transaction
fee, mark it paid with the NetNow fee, withholding and FX fee, push, then delete the payment
and push again; Intacct (the sandbox) is read back after each push."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ap.bill_lifecycle import bill_create
from ap.models import APPushSettings, Bill, Vendor
from ap.vendor_sync import vendor_save
from integrations.models import SyncRun
from integrations.roles import ACCOUNTING_STAFF
from integrations.services import sync_run_execute, sync_start
from integrations.tasks import run_sync_task

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-15"


def run_queued_push(conn):
    run = SyncRun.objects.filter(connection=conn, trigger="sync_now").latest("queued_at")
    run_sync_task(run.pk)  # what the worker does with the queued run
    run.refresh_from_db()
    assert run.status == "succeeded", run.message


def intacct_bill(sandbox):
    (row,) = sandbox.query_rows(
        "SELECT STATE, TRX_TOTALDUE FROM apbill WHERE RECORDID = 'WEB-BILL-1'"
    )
    return row["STATE"], Decimal(str(row["TRX_TOTALDUE"])).quantize(Decimal("0.01"))


def test_bill_approved_paid_with_fees_then_the_payment_deleted(
    page, login, live_server, sandbox, connect
):
    conn = connect(sandbox, name="AP write-back", push_location_id="US",
                   credentials_status="ok")  # fmt: skip
    run = sync_start(connection=conn, trigger="command", stage="initial", objects=["ap_terms"],
                     enqueue=False)  # fmt: skip
    assert sync_run_execute(run=run, follow_up="none").status == "succeeded"
    APPushSettings.objects.create(connection=conn, bank_account_id="BOA-OPS",
                                  fee_gl_account="6300", withholding_gl_account="6200")  # fmt: skip
    vendor = Vendor(connection=conn, vendor_id="V-WEB", name="Web Payee")
    vendor_save(vendor=vendor)
    bill = bill_create(connection=conn, vendor=vendor, number="WEB-BILL-1",
                       bill_date=date(2026, 11, 2), due_date=date(2026, 12, 2),
                       lines=[{"gl_account": "6000", "amount": "1000.00"}])  # fmt: skip
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    login(page, "staff", PASSWORD)

    page.goto(f"{live_server.url}/admin/ap/appbill/")
    page.click("#result_list a:text-is('WEB-BILL-1')")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    assert "Pending approval" in page.inner_text("#content-main")

    page.click("#bill-approve")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    assert "Scheduled for payment" in page.inner_text("#content-main")

    page.fill("#fee-transaction", "3.00")
    page.click("#bill-submit")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    assert "Submitted for payment" in page.inner_text("#content-main")

    page.fill("#fee-net", "990.00")
    page.fill("#fee-netnow", "2.00")
    page.fill("#fee-withholding", "4.00")
    page.fill("#fee-fx", "1.00")
    page.click("#bill-pay")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    content = page.inner_text("#content-main")
    assert "Paid." in page.inner_text("body") and "993.00" in content
    assert "NetNow fee 2.00" in content and "Withholding 4.00" in content

    page.click("#bill-push")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    run_queued_push(conn)
    assert intacct_bill(sandbox) == ("Paid", Decimal("0.00"))
    page.reload()
    assert "RECORDNO" in page.inner_text(".field-payments")

    page.click("#payment-delete")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    assert "deleted" in page.inner_text(".field-payments")
    assert Bill.objects.get(pk=bill.pk).app_status == "scheduled"
    page.click("#bill-push")
    page.wait_for_url(re.compile(rf"/admin/ap/appbill/{bill.pk}/change/"))
    run_queued_push(conn)
    # Voided: the cash and the credits applied with it are undone, the bill owes it all again
    # and both fee credits are open to be applied by the next payment.
    assert intacct_bill(sandbox) == ("Posted", Decimal("1000.00"))
    credits = sandbox.query_rows(
        "SELECT TRX_TOTALDUE FROM apadjustment WHERE RECORDID LIKE 'WEB-BILL-1-%' ORDER BY RECORDID"
    )
    assert [Decimal(str(c["TRX_TOTALDUE"])) for c in credits] == [Decimal(-3), Decimal(-4)]
