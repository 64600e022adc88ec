"""Test connection checks write permissions for the enabled pushes, without writing."""

from dataclasses import replace

import pytest
from django.urls import reverse

from ar.models import Invoice
from integrations.models import Contact
from integrations.services import connection_test
from integrations.sync.registry import registry
from integrations.sync.steps import PushStep

pytestmark = pytest.mark.django_db

LIMITED = {"user_id": "ws_limited", "user_password": "ws_limited_pw"}


def _unused(*args):  # the test steps never push: Test connection only reads their declaration
    raise AssertionError("a test connection must not build or send writes")


INVOICE_PUSH = PushStep(
    name="test_invoice_push",
    object_name="ARINVOICE",
    model=Invoice,
    select_pending=_unused,
    build=_unused,
    find_existing=_unused,
    key_from_outcome=_unused,
    rights=("Add", "Edit"),
)
CONTACT_PUSH = PushStep(
    name="test_contact_push",
    object_name="CONTACT",
    model=Contact,
    select_pending=_unused,
    build=_unused,
    find_existing=_unused,
    key_from_outcome=_unused,
)


@pytest.fixture
def no_pushes(monkeypatch):
    """The registered pull steps only (push steps other work registers are set aside)."""
    pulls = {n: registry.get(n) for n in registry.names()}
    monkeypatch.setattr(
        registry, "_steps", {n: s for n, s in pulls.items() if not isinstance(s, PushStep)}
    )


@pytest.fixture
def pushes(no_pushes):
    steps = [INVOICE_PUSH, CONTACT_PUSH]
    for step in steps:
        registry.register(step)
    return steps


def as_limited(conn):
    conn.user_id, conn.user_password = LIMITED["user_id"], LIMITED["user_password"]
    conn.save()
    return conn


def counts(sandbox) -> dict[str, int]:
    return {
        table: sandbox.query_rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
        for table in ("arinvoice", "contact", "customer")
    }


def test_a_user_without_write_access_is_told_which_permission_to_grant(sandbox, connect, pushes):
    sandbox.configure(read_only_objects=["ARINVOICE"])
    conn = as_limited(connect(sandbox))
    before = counts(sandbox)
    result = connection_test(connection=conn)
    assert not result.ok
    assert result.missing_permissions == [
        "ARINVOICE: ws_limited may not write it. Grant Accounts Receivable > Invoices: Add, Edit "
        "in Company > Admin > Web Services users (or the user's roles under Company > Admin > "
        "Roles)."
    ]
    assert "no write access to 1 of 2 objects pushed" in result.message
    # Nothing was written: reads only, the data as it was.
    status = sandbox.status()
    assert status["functions"]["getUserPermissions"] == 1
    assert not {"create", "update", "delete"} & set(status["functions"])
    assert counts(sandbox) == before


def test_full_rights_pass_and_only_enabled_pushes_are_checked(sandbox, connect, pushes):
    conn = connect(sandbox)
    result = connection_test(connection=conn)
    assert result.ok, result.missing_permissions
    assert result.message.endswith("write access to all 2 objects the enabled pushes write.")

    # The limited user, with invoice pushes switched off for this connection: nothing missing.
    sandbox.configure(read_only_objects=["ARINVOICE"])
    registry.unregister(INVOICE_PUSH.name)
    registry.register(replace(INVOICE_PUSH, name="test_invoice_push_off", enabled=lambda c: False))
    try:
        as_limited(conn)
        result = connection_test(connection=conn)
        assert result.ok, result.missing_permissions
        assert "write access to all 1 objects" in result.message
    finally:
        registry.unregister("test_invoice_push_off")


def test_without_pushes_nothing_is_asked(sandbox, connect, no_pushes):
    conn = connect(sandbox)
    result = connection_test(connection=conn)
    assert result.ok
    assert "write access" not in result.message
    assert "getUserPermissions" not in sandbox.status()["functions"]


def test_the_connection_page_names_the_missing_permission(
    sandbox, connect, pushes, consultant_client
):
    sandbox.configure(read_only_objects=["CONTACT"])
    conn = as_limited(connect(sandbox))
    response = consultant_client.post(
        reverse("admin:integrations_intacctconnection_test", args=[conn.pk]), follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(
        m.startswith(
            "Missing permission — CONTACT: ws_limited may not write it. Grant Company > "
            "Contacts: Add"
        )
        for m in shown
    ), shown
    conn.refresh_from_db()
    assert conn.credentials_status == "ok"
