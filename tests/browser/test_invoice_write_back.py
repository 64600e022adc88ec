"""Staff make an invoice in a real Chromium, preview its write, push it, and see its Intacct
record number (the push run executed as the worker would)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ar.models import AppInvoice
from integrations.models import SyncRun
from integrations.roles import ACCOUNTING_STAFF
from integrations.services import sync_run_execute, sync_start
from integrations.tasks import run_sync_task

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-2"


def test_staff_create_preview_and_push_an_invoice(page, login, live_server, sandbox, connect):
    conn = connect(
        sandbox, name="Write-back company", ar_gl_account="4000", push_location_id="US",
        push_department_id="D100", credentials_status="ok",
    )  # fmt: skip
    for stage, objects in (("initial", ["gl_accounts", "locations", "departments"]),
                           ("historical", ["customers"])):  # fmt: skip
        run = sync_start(connection=conn, trigger="command", stage=stage, objects=objects,
                         enqueue=False)  # fmt: skip
        assert sync_run_execute(run=run, follow_up="none").status == "succeeded"
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    login(page, "staff", PASSWORD)

    page.goto(f"{live_server.url}/admin/ar/appinvoice/add/")
    page.select_option("#id_connection", str(conn.pk))
    page.click("#id_customer + .select2 .select2-selection")
    page.fill(".select2-search__field", "Quantum Acme")
    page.click(".select2-results__option:has-text('C-00001')")
    page.fill("#id_number", "WEB-0001")
    page.select_option("#id_app_state", "issued")
    page.fill("#id_invoice_date", "2026-11-02")
    page.fill("#id_due_date", "2026-12-02")
    page.fill("#id_description", "Made in the browser")
    page.fill("#id_entries-0-amount", "150.00")
    page.fill("#id_entries-0-memo", "Onboarding workshop")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/ar/appinvoice/\d+/change/"))
    invoice = AppInvoice.objects.get(number="WEB-0001")
    assert (invoice.sync_state, invoice.push_version) == ("pending_push", 1)

    page.click("#preview-link")
    page.wait_for_url(re.compile(rf"/admin/ar/appinvoice/{invoice.pk}/preview/"))
    assert page.inner_text("#push-decision") == "create"
    assert "Valid against" in page.inner_text("#schema-result")
    xml = page.inner_text("#push-xml")
    assert "<create_invoice>" in xml and "<invoiceno>WEB-0001</invoiceno>" in xml
    assert "<locationid>US</locationid>" in xml and "<departmentid>D100</departmentid>" in xml
    assert conn.user_password.reveal() not in xml and "<sessionid>***</sessionid>" in xml

    page.click("#push-now")
    page.wait_for_url(re.compile(rf"/admin/ar/appinvoice/{invoice.pk}/change/"))
    run = SyncRun.objects.filter(connection=conn, trigger="sync_now").latest("queued_at")
    run_sync_task(run.pk)  # what the worker does with the queued run
    page.reload()
    invoice.refresh_from_db()
    (row,) = sandbox.query_rows(
        "SELECT RECORDNO FROM arinvoice WHERE RECORDID = 'WEB-0001' AND CUSTOMERID = 'C-00001'"
    )
    assert invoice.intacct_recordno == row["RECORDNO"]
    sync = page.inner_text("fieldset:has-text('Sync with Intacct')")
    assert f"RECORDNO {row['RECORDNO']}" in sync and "Synced" in sync
