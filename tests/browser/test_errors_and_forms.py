"""Errors that say what to do, and a connection form that keeps what was typed (Chromium)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.models import ErrorCatalogueEntry, IntacctConnection
from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS
from integrations.sync.errors import record_failure
from tests.browser.screens import WIDTH, horizontal_overflow, shoot
from tests.factories.connections import IntacctConnectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"
TYPED_USER_PW = "Typed-in-browser-913"
TYPED_SENDER_PW = "Sender-in-browser-274"


def member(role: str, username: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", [ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS])
def test_errors_show_intaccts_text_and_a_formatted_fix(page, login, live_server, tmp_path, role):
    conn = IntacctConnectionFactory(name="Acme US")
    ErrorCatalogueEntry.objects.create(
        title="Unknown customer type",
        errorno="DL02000001",
        message_pattern="CUSTTYPE",
        cause="A field the connection's filter names does not exist in Intacct.",
        fix_steps="1. Open the connection's page.\n2. Remove the filter on <b>CUSTTYPE</b>.\n"
        "3. Press Sync Now.",
    )
    error = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="",
        errors=[
            {
                "errorno": "DL02000001",
                "description": "Error",
                "description2": "There was an error processing the request.",
                "correction": "Invalid field 'CUSTTYPE_BOGUS' for object CUSTOMER",
            }
        ],
    )
    username = "staff" if role == ACCOUNTING_STAFF else "consultant"
    member(role, username)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, username, PASSWORD)
    page.goto(f"{live_server.url}/admin/integrations/syncerror/")
    row = page.locator("#result_list tbody tr").first.inner_text()
    assert "Invalid field 'CUSTTYPE_BOGUS' for object CUSTOMER" in row
    assert "There was an error processing" not in row
    assert horizontal_overflow(page) <= 0
    shoot(page, tmp_path, f"sync-errors-{username}")
    page.goto(f"{live_server.url}/admin/integrations/syncerror/{error.pk}/change/")
    fix = page.locator(".catalogue-fix")
    text = fix.inner_text()
    assert "<p>" not in text and "&#x27;" not in text and "<br>" not in text
    assert "Remove the filter on <b>CUSTTYPE</b>." in text  # typed markup shows as text
    assert fix.locator("ol > li").count() == 3
    assert fix.locator("b").count() == 0
    shoot(page, tmp_path, f"sync-error-detail-{username}")


def test_add_connection_keeps_the_passwords_typed(page, login, live_server, tmp_path):
    member(IMPLEMENTATION_CONSULTANTS, "consultant")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "consultant", PASSWORD)
    page.goto(f"{live_server.url}/admin/integrations/intacctconnection/add/")
    assert "leave blank to keep" not in page.inner_text("#content-main").lower()
    page.fill("#id_name", "Acme UK")
    page.fill("#id_company_id", "ACME")
    page.fill("#id_user_id", "ws_user")
    page.fill("#id_user_password", TYPED_USER_PW)
    page.fill("#id_sender_id", "acme_sender")
    page.fill("#id_sender_password", TYPED_SENDER_PW)
    page.fill("#id_notification_emails", "not-an-address")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    content = page.content()
    assert TYPED_USER_PW not in content and TYPED_SENDER_PW not in content
    assert page.input_value("#id_user_password") == ""
    assert "The password you typed is kept" in page.inner_text(".field-user_password")
    shoot(page, tmp_path, "connection-add-kept-passwords")
    page.fill("#id_notification_emails", "ops@example.com")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/integrations/intacctconnection/$"))
    conn = IntacctConnection.objects.get(name="Acme UK")
    assert conn.user_password.reveal() == TYPED_USER_PW
    assert conn.sender_password.reveal() == TYPED_SENDER_PW
