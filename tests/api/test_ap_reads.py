"""AP reads: vendors, bills (with lines), bill payments, vendor credits, purchasing documents
(POs, receivers), units — by role, with constant queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ap.models import Unit
from tests.factories.ap import PurchasingDocumentFactory, PurchasingLineFactory
from tests.factories.ap_documents import (
    BillFactory,
    BillLineFactory,
    BillPaymentFactory,
    VendorCreditFactory,
)


def make_ap():
    bill = BillFactory()
    BillLineFactory(bill=bill)
    vendor = bill.vendor
    po = PurchasingDocumentFactory(connection=bill.connection, vendor=vendor)
    PurchasingLineFactory(document=po)
    receiver = PurchasingDocumentFactory(
        connection=bill.connection, vendor=vendor, kind="receiver", source=po
    )
    unit = Unit.objects.create(connection=bill.connection, intacct_recordno=None, unit="Each")
    return {
        "vendors": vendor,
        "bills": bill,
        "bill-payments": BillPaymentFactory(vendor=vendor),
        "vendor-credits": VendorCreditFactory(vendor=vendor),
        "purchasing-documents": receiver,
        "units": unit,
    }


@pytest.mark.parametrize(
    "path",
    ["vendors", "bills", "bill-payments", "vendor-credits", "purchasing-documents", "units"],
)
@pytest.mark.parametrize("role", ["staff", "consultant", None])
def test_ap_records_by_role(api_for, db, path, role):
    record = make_ap()[path]
    client = api_for(role)
    listed = client.get(f"/api/v1/{path}/")
    if role is None:
        assert listed.status_code == 403
        return
    assert listed.status_code == 200, listed.content
    assert record.pk in [r["id"] for r in listed.json()["results"]]
    one = client.get(f"/api/v1/{path}/{record.pk}/").json()
    assert one["id"] == record.pk
    assert "sync_hash" not in one


def test_a_bill_shows_its_lines_ids_and_amounts(consultant_api, db):
    bill = make_ap()["bills"]
    body = consultant_api.get(f"/api/v1/bills/{bill.pk}/").json()
    assert body["intacct_recordno"] == bill.intacct_recordno
    assert body["total_entered"] == "100.00"
    assert [line["amount"] for line in body["lines"]] == ["100.00"]
    pos = consultant_api.get("/api/v1/purchasing-documents/?kind=po").json()["results"]
    assert [d["kind"] for d in pos] == ["po"]


@pytest.mark.parametrize("path", ["vendors", "bills", "bill-payments", "purchasing-documents"])
def test_ap_queries_per_page_do_not_grow(consultant_api, db, path):
    make_ap()
    with CaptureQueriesContext(connection) as few:
        consultant_api.get(f"/api/v1/{path}/")
    for _ in range(3):
        make_ap()
    with CaptureQueriesContext(connection) as many:
        consultant_api.get(f"/api/v1/{path}/")
    assert len(many.captured_queries) == len(few.captured_queries)
