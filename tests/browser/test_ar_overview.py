"""The receivables overview on the admin index, as staff see it (Chromium, 1,400 px)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.roles import ACCOUNTING_STAFF
from tests.ar.test_overview import ledger
from tests.browser.screens import WIDTH, horizontal_overflow, shoot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def test_staff_read_the_overview_and_open_an_aging_bucket(page, login, live_server, tmp_path):
    ledger()
    user = get_user_model().objects.create_user(username="staff", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ACCOUNTING_STAFF))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "staff", PASSWORD)
    table = page.locator("#aging-table")
    headers = table.locator("thead th").all_inner_texts()
    assert [h.strip().lower() for h in headers][-3:] == ["overdue", "open total", "unapplied cash"]
    usd = table.locator("tr[data-currency=USD]")
    # Amounts are right-aligned.
    align = usd.locator("td").first.evaluate("td => getComputedStyle(td).textAlign")
    assert align == "right"
    shoot(page, tmp_path, "admin-index-overview-staff")
    assert horizontal_overflow(page) <= 0
    usd.locator("a.overdue-total").click()
    page.wait_for_url(re.compile(r"/admin/ar/invoice/\?"))
    assert page.locator("#result_list tbody tr").count() == 2
