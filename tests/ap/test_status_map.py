"""The purchasing status map: Tipalti's table in 2-way and 3-way mode, edits re-map, and an
unmapped state is a named error (never a silent default)."""

import pytest

from ap.models import PurchasingDocument, PurchasingSettings, StatusMapping
from ap.purchasing.statuses import purchasing_statuses_apply
from integrations.models import SyncError
from tests.factories.ap import PurchasingDocumentFactory, VendorFactory

pytestmark = pytest.mark.django_db

# (kind, Intacct state) -> (status in 2-way, status in 3-way), as the table says.
EXPECTED = {
    ("po", "Submitted"): ("pending_approval", "pending_approval"),
    ("po", "Partially Approved"): ("pending_approval", "pending_approval"),
    ("po", "Draft"): ("pending_approval", "pending_approval"),
    ("po", "Closed"): ("closed", "closed"),
    ("po", "Converted"): ("closed", "active"),
    ("po", "Pending"): ("active", "active"),
    ("po", "In Progress"): ("active", "active"),
    ("po", "Partially Converted"): ("partially_billed", "active"),
    ("po", "Declined"): ("deleted", "deleted"),
    ("receiver", "Draft"): ("active", "active"),
    ("receiver", "Pending"): ("active", "active"),
    ("receiver", "In Progress"): ("active", "active"),
    ("receiver", "Partially Converted"): ("active", "active"),
    ("receiver", "Closed"): ("closed", "closed"),
    ("receiver", "Converted"): ("closed", "closed"),
    ("receiver", "Declined"): ("deleted", "deleted"),
}


@pytest.fixture
def documents():
    vendor = VendorFactory()
    docs = {
        key: PurchasingDocumentFactory(vendor=vendor, kind=key[0], state=key[1]) for key in EXPECTED
    }
    return vendor.connection, docs


def statuses(docs):
    found = dict(PurchasingDocument.objects.values_list("pk", "status"))
    return {key: found[doc.pk] for key, doc in docs.items()}


@pytest.mark.parametrize("mode, column", [("2-way", 0), ("3-way", 1)])
def test_every_state_maps_as_tipaltis_table(documents, mode, column):
    connection, docs = documents
    PurchasingSettings.objects.create(connection=connection, matching_mode=mode)
    assert purchasing_statuses_apply(connection=connection) == {}
    assert statuses(docs) == {key: pair[column] for key, pair in EXPECTED.items()}
    assert not SyncError.objects.exists()


def test_switching_the_matching_mode_remaps_existing_documents(documents, admin_client):
    connection, docs = documents
    purchasing_statuses_apply(connection=connection)
    assert statuses(docs)[("po", "Converted")] == "closed"
    response = admin_client.post(
        "/admin/ap/purchasingsettings/add/",
        {"connection": connection.pk, "matching_mode": "3-way"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert statuses(docs)[("po", "Converted")] == "active"
    assert statuses(docs)[("po", "Partially Converted")] == "active"


def test_editing_a_mapping_in_the_admin_remaps_existing_documents(documents, admin_client):
    connection, docs = documents
    purchasing_statuses_apply(connection=connection)
    row = StatusMapping.objects.get(document_kind="po", intacct_state="In Progress")
    response = admin_client.post(
        f"/admin/ap/statusmapping/{row.pk}/change/",
        {
            "document_kind": "po",
            "intacct_state": "In Progress",
            "matching_mode": "",
            "status": "pending_approval",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert statuses(docs)[("po", "In Progress")] == "pending_approval"
    assert statuses(docs)[("po", "Pending")] == "active"


def test_an_unmapped_state_is_a_named_error_until_it_is_mapped(documents, admin_client):
    connection, docs = documents
    odd = PurchasingDocumentFactory(vendor=docs[("po", "Pending")].vendor, state="Approved")
    assert purchasing_statuses_apply(connection=connection) == {"Approved": 1}
    odd.refresh_from_db()
    assert odd.status == ""
    error = SyncError.objects.get(errorno="AP-STATUS-UNMAPPED")
    assert "'Approved'" in error.summary and "2-way" in error.summary
    assert error.catalogue_entry.title == "Purchasing state with no status mapping"
    # Mapping the state (in the admin) maps the document and resolves the error.
    response = admin_client.post(
        "/admin/ap/statusmapping/add/",
        {
            "document_kind": "po",
            "intacct_state": "Approved",
            "matching_mode": "",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    odd.refresh_from_db()
    assert odd.status == "active"
    error.refresh_from_db()
    assert error.status == "resolved"
