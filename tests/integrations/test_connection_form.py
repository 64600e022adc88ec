"""The connection form keeps what was typed (never echoing a password) and fits the form."""

import re

import pytest
from django.urls import reverse

from integrations.models import IntacctConnection

pytestmark = pytest.mark.django_db

USER_PW = "Typed-user-pw-731"
SENDER_PW = "Typed-sender-pw-482"


def add_form(**override) -> dict:
    form = {
        "name": "Acme US",
        "company_id": "ACME",
        "entity_id": "",
        "endpoint_url": "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "user_id": "ws_user",
        "user_password": USER_PW,
        "sender_id": "acme_sender",
        "sender_password": SENDER_PW,
        "enabled": "on",
        "daily_sync_time": "",
        "notification_emails": "",
        "object_filters-TOTAL_FORMS": "0",
        "object_filters-INITIAL_FORMS": "0",
    }
    form.update(override)
    return form


def kept(body: str, name: str) -> str:
    match = re.search(rf'name="{name}_kept" value="([^"]+)"', body)
    assert match, f"no kept token for {name}"
    return match.group(1)


def test_add_form_help_text_fits_a_new_connection(admin_client):
    body = admin_client.get(reverse("admin:integrations_intacctconnection_add")).content.decode()
    assert "leave blank to keep the stored password" not in body.lower()
    assert "Stored encrypted; never shown again." in body


def test_passwords_survive_an_error_elsewhere_without_being_shown(admin_client):
    url = reverse("admin:integrations_intacctconnection_add")
    failed = admin_client.post(url, add_form(notification_emails="not-an-address"))
    assert failed.status_code == 200
    body = failed.content.decode()
    assert "is not a valid e-mail address" in body
    assert USER_PW not in body and SENDER_PW not in body
    assert "The password you typed is kept" in body
    # Fix the address and submit with the password boxes empty, as the browser sends them.
    again = add_form(
        notification_emails="ops@example.com",
        user_password="",
        sender_password="",
        user_password_kept=kept(body, "user_password"),
        sender_password_kept=kept(body, "sender_password"),
    )
    assert admin_client.post(url, again).status_code == 302
    conn = IntacctConnection.objects.get(name="Acme US")
    assert conn.user_password.reveal() == USER_PW
    assert conn.sender_password.reveal() == SENDER_PW


def test_a_tampered_token_is_refused_like_a_missing_password(admin_client):
    url = reverse("admin:integrations_intacctconnection_add")
    response = admin_client.post(url, add_form(user_password="", user_password_kept="not-a-token"))
    assert response.status_code == 200
    assert "Enter the password" in response.content.decode()
    assert not IntacctConnection.objects.exists()


def test_a_second_connection_to_the_same_company_and_entity_is_refused(admin_client):
    url = reverse("admin:integrations_intacctconnection_add")
    assert admin_client.post(url, add_form()).status_code == 302
    again = admin_client.post(url, add_form(name="Acme US again", company_id=" acme "))
    assert again.status_code == 200
    assert "A connection to this Intacct company and entity already exists" in (
        again.content.decode()
    )
    assert IntacctConnection.objects.count() == 1
    # Another entity of the same company is a different connection.
    other = admin_client.post(url, add_form(name="Acme UK", entity_id="UK"))
    assert other.status_code == 302 and IntacctConnection.objects.count() == 2
