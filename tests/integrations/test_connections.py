"""Connections: passwords encrypted at rest and write-only; endpoint and ID validation."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection as db
from django.urls import reverse

from integrations.crypto import CredentialDecryptionError, Secret, decrypt, encrypt
from integrations.models import IntacctConnection
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

SENDER_PW = "s3nder-Pässword&<'"
USER_PW = "us3r-pw-🔐-value"


def raw_row(pk: int) -> tuple:
    with db.cursor() as cur:
        cur.execute(
            "SELECT user_password, sender_password FROM integrations_intacctconnection "
            "WHERE id = %s",
            [pk],
        )
        return cur.fetchone()


def test_round_trip_and_plaintext_absent_from_row():
    conn = IntacctConnectionFactory(sender_password=SENDER_PW, user_password=USER_PW)
    stored_user, stored_sender = raw_row(conn.pk)
    assert USER_PW not in stored_user and SENDER_PW not in stored_sender
    assert stored_sender.startswith("gAAAA")  # a Fernet token
    again = IntacctConnection.objects.get(pk=conn.pk)
    assert again.sender_password.reveal() == SENDER_PW
    assert again.user_password.reveal() == USER_PW


def test_secret_never_shows_itself(caplog):
    conn = IntacctConnectionFactory(sender_password=SENDER_PW, user_password=USER_PW)
    conn = IntacctConnection.objects.get(pk=conn.pk)
    logging.getLogger("test").warning("connection %r %s %s", conn, conn.user_password, vars(conn))
    for shown in (repr(conn), str(conn), caplog.text, str(vars(conn))):
        assert SENDER_PW not in shown and USER_PW not in shown
    assert str(conn.user_password) == Secret.MASK


def test_wrong_key_is_a_clear_error(settings):
    token = encrypt("x")
    from cryptography.fernet import Fernet

    settings.CREDENTIALS_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CredentialDecryptionError, match="re-enter it"):
        decrypt(token)


def test_key_rotation_decrypts_with_old_key(settings):
    from cryptography.fernet import Fernet

    old = settings.CREDENTIALS_ENCRYPTION_KEYS[0]
    token = encrypt("rotate-me")
    settings.CREDENTIALS_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    assert decrypt(token) == "rotate-me"


@pytest.mark.parametrize(
    "url",
    [
        "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "https://na64.intacct.com/ia/xml/xmlgw.phtml",
    ],
)
def test_intacct_endpoints_accepted(url):
    IntacctConnectionFactory.build(endpoint_url=url).full_clean()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.intacct.com/ia/xml/xmlgw.phtml", "https://"),
        ("https://api.intacct.com.evil.example/ia/xml/xmlgw.phtml", "not an intacct.com host"),
        ("https://evilintacct.com/ia/xml/xmlgw.phtml", "not an intacct.com host"),
        ("https://user:pw@api.intacct.com/ia/xml/xmlgw.phtml", "user name or password"),
        ("http://127.0.0.1:8765/ia/xml/xmlgw.phtml", "https://"),
    ],
)
def test_other_endpoints_refused(url, message):
    with pytest.raises(ValidationError) as err:
        IntacctConnectionFactory.build(endpoint_url=url).full_clean()
    assert message in str(err.value.message_dict["endpoint_url"])


def test_allowlisted_sandbox_accepted(settings):
    settings.INTACCT_ENDPOINT_ALLOWLIST = ["http://127.0.0.1:8765/"]
    IntacctConnectionFactory.build(
        endpoint_url="http://127.0.0.1:8765/ia/xml/xmlgw.phtml"
    ).full_clean()
    with pytest.raises(ValidationError):
        IntacctConnectionFactory.build(
            endpoint_url="http://127.0.0.1:9999/ia/xml/xmlgw.phtml"
        ).full_clean()


def form_data(**overrides):
    data = {
        "name": "Acme",
        "company_id": "ACME",
        "entity_id": "",
        "endpoint_url": "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "user_id": "ws",
        "user_password": USER_PW,
        "sender_id": "snd",
        "sender_password": SENDER_PW,
        "enabled": "on",
        "notification_emails": "",
        # The pull-filters inline's management form.
        "object_filters-TOTAL_FORMS": "0",
        "object_filters-INITIAL_FORMS": "0",
        "object_filters-MIN_NUM_FORMS": "0",
        "object_filters-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_add_trims_company_id_and_warns(admin_client):
    resp = admin_client.post(
        reverse("admin:integrations_intacctconnection_add"),
        form_data(company_id="  ACME "),
        follow=True,
    )
    assert resp.status_code == 200
    conn = IntacctConnection.objects.get(name="Acme")
    assert conn.company_id == "ACME"
    assert "spaces around it" in resp.content.decode()
    assert conn.sender_password.reveal() == SENDER_PW


def test_admin_add_requires_passwords(admin_client):
    resp = admin_client.post(
        reverse("admin:integrations_intacctconnection_add"),
        form_data(user_password="", sender_password=""),
    )
    assert resp.status_code == 200
    assert not IntacctConnection.objects.exists()
    assert resp.content.decode().count("Enter the password") == 2


def test_admin_change_page_never_renders_passwords_and_blank_keeps_them(admin_client):
    conn = IntacctConnectionFactory(sender_password=SENDER_PW, user_password=USER_PW)
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    page = admin_client.get(url).content.decode()
    token_user, token_sender = raw_row(conn.pk)
    for secret in (SENDER_PW, USER_PW, token_user, token_sender, "&lt;&#x27;"):
        assert secret not in page
    assert "A password is stored" in page
    for name in ("user_password", "sender_password"):
        assert f'<input type="password" name="{name}"' in page  # never a clear-text box

    resp = admin_client.post(url, form_data(name=conn.name, user_password="", sender_password=""))
    assert resp.status_code == 302
    conn.refresh_from_db()
    assert conn.sender_password.reveal() == SENDER_PW
    assert conn.user_password.reveal() == USER_PW

    resp = admin_client.post(url, form_data(name=conn.name, user_password="new-user-pw"))
    conn.refresh_from_db()
    assert conn.user_password.reveal() == "new-user-pw"
    for page_url in (
        reverse("admin:integrations_intacctconnection_changelist"),
        reverse("admin:integrations_intacctconnection_history", args=[conn.pk]),
        url,
    ):
        body = admin_client.get(page_url).content.decode()
        assert "new-user-pw" not in body and SENDER_PW not in body


def test_admin_refuses_bad_endpoint_and_loses_nothing(admin_client):
    resp = admin_client.post(
        reverse("admin:integrations_intacctconnection_add"),
        form_data(endpoint_url="https://intacct.example.org/ia/xml/xmlgw.phtml"),
    )
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "not an intacct.com host" in body
    assert 'value="ACME"' in body  # what was typed stays in the form
    assert not IntacctConnection.objects.exists()


def test_site_header_names_the_product(admin_client):
    assert "Intacct Sync Hub" in admin_client.get(reverse("admin:index")).content.decode()
