"""Control characters are refused where values are entered, the client refuses them with a
typed error, and stored bad data gives failed runs and clear pages, never a crash or a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from integrations.forms import IntacctConnectionForm
from integrations.intacct import IntacctClient, RequestValueError
from integrations.intacct import filters as F
from integrations.models import IntacctConnection, ObjectFilter, SyncRun
from integrations.services import connection_test, sync_run_execute, sync_start
from integrations.sync.clients import client_config, credentials_for
from tests.factories.ar import InvoiceFactory

pytestmark = pytest.mark.django_db

FIELDS = ("company_id", "entity_id", "user_id", "sender_id", "user_password", "sender_password")
BAD = ("\x1b", "\x0b")


def form_data(**overrides):
    data = {
        "name": "Acme",
        "company_id": "ACME",
        "entity_id": "",
        "endpoint_url": "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "user_id": "ws",
        "user_password": "user-pw-1",
        "sender_id": "snd",
        "sender_password": "sender-pw-1",
        "enabled": "on",
        "notification_emails": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("field", FIELDS)
def test_each_control_character_is_refused_at_entry_with_a_message(field, char):
    form = IntacctConnectionForm(data=form_data(**{field: f"AB{char}CD"}))
    assert not form.is_valid()
    assert f"U+{ord(char):04X}" in " ".join(form.errors[field])
    assert not IntacctConnection.objects.exists()


@pytest.mark.parametrize("char", BAD)
def test_a_pull_filter_value_with_a_control_character_is_refused(char):
    conn = IntacctConnection.objects.create(name="c", company_id="C", user_id="u", sender_id="s")
    flt = ObjectFilter(connection=conn, step="customers", field="CUSTTYPE", value=f"a{char}")
    with pytest.raises(ValidationError) as caught:
        flt.full_clean()
    assert "control character" in " ".join(caught.value.message_dict["value"])


def test_an_in_filter_of_only_commas_is_refused_at_entry():
    conn = IntacctConnection.objects.create(name="c", company_id="C", user_id="u", sender_id="s")
    flt = ObjectFilter(
        connection=conn, step="customers", field="CUSTTYPE", operator="in", value=","
    )
    with pytest.raises(ValidationError, match="one or more values"):
        flt.full_clean()


def test_intacct_connect_refuses_a_control_character(sandbox_server, settings):
    settings.INTACCT_ENDPOINT_ALLOWLIST = [sandbox_server.base_url]
    creds = sandbox_server.credentials
    with pytest.raises(CommandError, match="control character"):
        call_command(
            "intacct_connect",
            *("--name", "X", "--endpoint", sandbox_server.gateway_url),
            *("--sender-id", creds["sender_id"], "--sender-password", "pw\x1b"),
            *("--company-id", creds["company_id"], "--user-id", creds["user_id"]),
            *("--user-password", creds["user_password"]),
        )
    assert not IntacctConnection.objects.exists()


def test_the_client_refuses_xml_incompatible_text_with_a_typed_error():
    conn = IntacctConnection(
        name="c",
        company_id="C\x1b",
        user_id="u",
        sender_id="s",
        user_password="p",
        sender_password="q",
        endpoint_url="https://api.intacct.com/ia/xml/xmlgw.phtml",
    )
    client = IntacctClient(credentials_for(conn), client_config())
    with pytest.raises(RequestValueError, match="U\\+001B") as caught:
        client.open_session()
    assert caught.value.retry_safe is False and caught.value.party == "configuration"
    with pytest.raises(RequestValueError):
        F.equal("CUSTTYPE", "a\x0bb")
    with pytest.raises(RequestValueError):
        F.in_("CUSTTYPE", [])


@pytest.fixture
def stored_bad(sandbox_server, connect):
    """A connection whose stored user ID holds ESC (saved before validation existed)."""
    conn = connect(sandbox_server)
    IntacctConnection.objects.filter(pk=conn.pk).update(user_id="ws\x1buser")
    conn.refresh_from_db()
    return conn


def test_stored_bad_data_gives_a_failed_run_not_a_crash(stored_bad):
    run = sync_start(connection=stored_bad, trigger="command", stage="initial", enqueue=False)
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == SyncRun.Status.FAILED
    assert "Crashed" not in run.message and "U+001B" in run.message


def test_stored_bad_filter_value_fails_its_step_only(sandbox_server, connect):
    conn = connect(sandbox_server)
    ObjectFilter.objects.create(
        connection=conn, step="contacts", field="CONTACTNAME", operator="in", value=","
    )
    run = sync_start(connection=conn, trigger="command", stage="initial", enqueue=False)
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == SyncRun.Status.PARTIALLY_FAILED, run.message
    assert "Contacts" in run.message and "Crashed" not in run.message


def test_stored_bad_data_gives_clear_pages_not_500(stored_bad, staff_client, admin_client):
    result = connection_test(connection=stored_bad)
    assert not result.ok and "U+001B" in result.message

    invoice = InvoiceFactory(connection=stored_bad)
    pdf = staff_client.post(reverse("ar:invoice_pdf", args=[invoice.pk]))
    assert pdf.status_code == 502 and b"U+001B" in pdf.content

    discover = admin_client.post(
        reverse("admin:integrations_intacctconnection_discover", args=[stored_bad.pk]),
        follow=True,
    )
    assert discover.status_code == 200
    assert "custom fields not discovered" in discover.content.decode()

    test = admin_client.post(
        reverse("admin:integrations_intacctconnection_test", args=[stored_bad.pk]), follow=True
    )
    assert test.status_code == 200 and "U+001B" in test.content.decode()
