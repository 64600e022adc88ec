"""What the domain apps register in ``ready()``: manual imports and custom-field objects.

``integrations`` offers and runs whatever is registered; these tests register their own
import and step, so they show the engine has no list of its own.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from integrations.custom_fields import custom_fields_discover, discoverable_objects
from integrations.models import Contact, SyncRun
from integrations.services import manual_import_start, sync_start
from integrations.sync.declarations import SyncedObject
from integrations.sync.manual_imports import ImportParameter, ManualImport, manual_imports
from integrations.sync.registry import registry
from integrations.sync.steps import PullStep, StageSpec
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

checked: list[str] = []


def vendor_type_check(client, value: str) -> None:
    checked.append(value)
    if value != "Trade":
        raise ValueError(f"No vendors of type {value!r}.")


VENDORS = ManualImport(
    name="test_vendors",
    label="Import every vendor",
    description="All of them",
    steps=("contacts",),
    parameter=ImportParameter(
        name="vendor_type",
        label="Vendor type",
        default="Trade",
        required_message="Name the vendor type.",
        check=vendor_type_check,
    ),
)


@pytest.fixture
def vendors_import():
    checked.clear()
    manual_imports.register(VENDORS)
    yield VENDORS
    manual_imports.unregister(VENDORS.name)


def test_the_connection_page_offers_each_registered_import(admin_client, vendors_import):
    conn = IntacctConnectionFactory(credentials_status="ok")  # imports wait for a passing test
    body = admin_client.get(
        reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    ).content.decode()
    assert 'id="import-test_vendors"' in body and "Import every vendor" in body
    assert 'name="vendor_type"' in body and 'value="Trade"' in body
    # The AR app's own imports come the same way.
    assert 'id="import-customers"' in body and 'name="document_type"' in body


def test_a_registered_import_checks_its_parameter_then_queues_once(
    admin_client, vendors_import, django_capture_on_commit_callbacks
):
    conn = IntacctConnectionFactory()
    url = reverse("admin:integrations_intacctconnection_import", args=[conn.pk, "test_vendors"])
    refused = admin_client.post(url, {"vendor_type": "Retail"}, follow=True)
    assert "No vendors of type &#x27;Retail&#x27;." in refused.content.decode()
    blank = admin_client.post(url, {"vendor_type": " "}, follow=True)
    assert "Name the vendor type." in blank.content.decode()
    assert checked == ["Retail"] and not SyncRun.objects.exists()

    with django_capture_on_commit_callbacks() as enqueued:
        assert admin_client.post(url, {"vendor_type": " Trade "}).status_code == 302
    run = SyncRun.objects.get()
    assert (run.stage, run.objects_requested, run.parameters) == (
        "manual_import",
        ["contacts"],
        {"what": "test_vendors", "vendor_type": "Trade"},
    )
    assert len(enqueued) == 1


def test_manual_import_start_refuses_an_unregistered_import():
    conn = IntacctConnectionFactory()
    with pytest.raises(ValueError, match="Unknown manual import 'test_vendors'"):
        manual_import_start(connection=conn, what="test_vendors")


def test_sync_start_keeps_the_run_parameters():
    conn = IntacctConnectionFactory()
    run = sync_start(
        connection=conn,
        trigger="command",
        stage="manual_import",
        objects=["contacts"],
        parameters={"document_type": "Sales Order"},
        enqueue=False,
    )
    run.refresh_from_db()
    assert run.parameters == {"document_type": "Sales Order"}


class LookupClient:
    """Answers ``lookup`` with no custom fields and remembers what was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, object_name: str):
        self.asked.append(object_name)
        return SimpleNamespace(fields=[])


def test_custom_fields_are_discovered_for_the_objects_of_registered_steps():
    step = PullStep(
        name="test_class_cards",
        declaration=SyncedObject(object_name="CLASS", model=Contact, fields=(), custom_fields=True),
        stages={"incremental": StageSpec()},
    )
    before = discoverable_objects()
    assert "CLASS" not in before
    registry.register(step)
    try:
        assert discoverable_objects() == (*before, "CLASS")
        client = LookupClient()
        custom_fields_discover(connection=IntacctConnectionFactory(), client=client)
        assert client.asked == [*before, "CLASS"]
    finally:
        registry.unregister(step.name)
    assert discoverable_objects() == before
