"""No secret on any error page: the debug page and the exception reporter, for a crash inside
the Intacct client, opened by an Accounting staff user (issue: staff could read the sender
password from the technical 500 page)."""

import sys

import pytest
from django.test import override_settings
from django.urls import reverse
from django.views.debug import ExceptionReporter

from config.bootstrap_env import render_env, turn_off_generated_debug
from integrations.intacct import gateway as gateway_module
from tests.factories.ar import InvoiceFactory

pytestmark = pytest.mark.django_db

SENDER_PW = "Snd&r-pw-<7Q>'x"
USER_PW = "usr-pw-Zq81"


class ClientBug(RuntimeError):
    """Stands for any bug deep in the client, after the request body is written."""


@pytest.fixture
def crashing_client(monkeypatch):
    def crash(*args, **kwargs):
        raise ClientBug("the parser fell over")

    # The body with both passwords has been written and sent when this runs.
    monkeypatch.setattr(gateway_module, "parse_response", crash)


@pytest.fixture
def invoice(sandbox_server, connect):
    conn = connect(sandbox_server)
    conn.sender_password = SENDER_PW
    conn.user_password = USER_PW
    conn.save()
    return InvoiceFactory(connection=conn)


def _secret_forms() -> list[str]:
    escaped = SENDER_PW.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [SENDER_PW, escaped, escaped.replace("'", "&#x27;"), USER_PW, "ws_user_pw"]


@override_settings(DEBUG=True)
def test_debug_page_for_a_client_crash_shows_no_password(
    client, staff_user, invoice, crashing_client
):
    client.force_login(staff_user)
    client.raise_request_exception = False
    response = client.post(reverse("ar:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "ClientBug" in page and "Local vars" in page  # the technical page, with variables
    assert "sender_password" in page or "body" in page
    for form in _secret_forms():
        assert form not in page, form


def test_exception_reporter_html_and_text_show_no_password(
    rf, staff_user, invoice, crashing_client
):
    from ar.documents import invoice_documents_ensure

    request = rf.get("/ar/")
    request.user = staff_user
    try:
        invoice_documents_ensure(invoice=invoice)
    except ClientBug:
        exc_type, exc, tb = sys.exc_info()
    from django.views.debug import get_exception_reporter_class

    reporter_class = get_exception_reporter_class(request)
    assert reporter_class is not ExceptionReporter
    reporter = reporter_class(request, exc_type, exc, tb)
    frames = reporter.get_traceback_frames()
    shown = " ".join(repr(v) for f in frames for _, v in f["vars"])
    assert "b'<?xml" in shown or "<request>" in shown  # the request body is among the variables
    html, text = reporter.get_traceback_html(), reporter.get_traceback_text()
    for form in _secret_forms():
        assert form not in html and form not in text and form not in shown, form


def test_generated_env_has_debug_off_and_an_old_generated_default_is_turned_off(tmp_path):
    assert "DEBUG=false" in render_env().splitlines()
    old = tmp_path / ".env"
    old.write_text(
        "# Generated on first run by config/bootstrap_env.py. Local only: never commit.\n"
        "SECRET_KEY=x\nDEBUG=true\n",
        encoding="utf-8",
    )
    assert turn_off_generated_debug(old)
    assert "DEBUG=false" in old.read_text().splitlines()
    hand_made = tmp_path / "mine.env"
    hand_made.write_text("DEBUG=true\n", encoding="utf-8")
    assert not turn_off_generated_debug(hand_made)
