"""Staff find a PO, open its receiver and the bill made from it, in a real Chromium."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ap.models import Bill
from integrations.roles import ACCOUNTING_STAFF
from tests.ap.imports import import_company

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def test_staff_find_a_po_its_receiver_and_the_bill_made_from_it(
    page, login, live_server, sandbox, connect
):
    _, conn = import_company(sandbox, connect)
    bill = next(
        b
        for b in Bill.objects.filter(
            connection=conn, source_document__source__source__isnull=False
        ).select_related("source_document__source__source")
        if b.source_document.source.kind == "receiver"
        and b.source_document.source.source.kind == "po"
    )
    receiver = bill.source_document.source
    po = receiver.source

    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    login(page, "staff", PASSWORD)

    # Find the PO by its number.
    page.goto(f"{live_server.url}/admin/ap/purchasingdocument/")
    page.fill("#searchbar", po.doc_id)
    page.press("#searchbar", "Enter")
    page.click(f"#result_list a:text-is('{po.doc_id}')")
    page.wait_for_url(re.compile(rf"/admin/ap/purchasingdocument/{po.pk}/change/"))

    # Its receiver, among the documents made from it.
    page.click(f"#content-main a:text-is('{receiver.doc_id}')")
    page.wait_for_url(re.compile(rf"/admin/ap/purchasingdocument/{receiver.pk}/change/"))

    # The bills made from the receiver (through its vendor invoice), then the bill.
    page.click("#content-main a:text-is('bills made from it')")
    page.wait_for_url(re.compile(rf"made_from={receiver.pk}"))
    page.click(f"#result_list a:has-text('{bill.number}')")
    page.wait_for_url(re.compile(rf"/admin/ap/bill/{bill.pk}/change/"))
    content = page.inner_text("#content-main")
    assert bill.number in content
    assert po.doc_id in content and receiver.doc_id in content
    assert bill.vendor.name in content
