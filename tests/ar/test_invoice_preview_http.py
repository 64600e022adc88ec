"""The preview of an invoice's write is the request that is sent: create_invoice and
update_invoice, valid against Intacct's api.xsd, credentials and session masked."""

from datetime import date

import pytest
from lxml import etree

from ar.invoicing import app_invoice_change, app_invoice_create
from ar.models import Customer
from integrations.models import IntacctConnection
from integrations.push_services import push_start, record_push_preview
from integrations.services import sync_run_execute, sync_start
from tests.shared_docs import XSD, require
from tests.sync.hostile_gateway import HostileGateway

pytestmark = pytest.mark.django_db

FLAT = etree.XMLParser(remove_blank_text=True)


@pytest.fixture
def recorder(sandbox):
    gateway = HostileGateway(sandbox.gateway_url)
    yield gateway
    gateway.stop()


@pytest.fixture
def conn(sandbox, recorder, connect, settings):
    connect  # noqa: B018 - fast client retries
    settings.INTACCT_ENDPOINT_ALLOWLIST = [recorder.base_url]
    conn = IntacctConnection.objects.create(
        name="Recorded", endpoint_url=recorder.gateway_url, credentials_status="ok",
        ar_gl_account="4000", push_location_id="US-NY", push_department_id="D300",
        **sandbox.credentials,
    )  # fmt: skip
    run = sync_start(connection=conn, trigger="command", stage="historical",
                     objects=["customers"], enqueue=False)  # fmt: skip
    assert sync_run_execute(run=run, follow_up="none").status == "succeeded"
    return conn


def sent_writes(recorder, name):
    return [
        etree.tostring(f, method="c14n")
        for body in recorder.received
        for f in etree.fromstring(body).iter("function")
        if f.find(name) is not None
    ]


def previewed(preview):
    root = etree.fromstring(preview.xml.encode(), FLAT)
    return [etree.tostring(f, method="c14n") for f in root.iter("function")]


def test_create_and_update_previews_validate_and_are_what_is_sent(conn, recorder, sandbox):
    schema = etree.XMLSchema(etree.parse(str(require(XSD))))
    customer = Customer.objects.get(connection=conn, customer_id="C-00001")
    invoice = app_invoice_create(
        connection=conn,
        customer=customer,
        number="PV-1",
        invoice_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        description="Zoë & <Partners>",
        reference="PO-77",
        lines=[{"amount": "10.00", "memo": "a"}, {"amount": "2.50", "gl_account": "4100"}],
        issue=True,
    )
    create = record_push_preview(record=invoice)
    assert create.schema_errors == []
    assert schema.validate(etree.fromstring(create.xml.encode())), schema.error_log
    for secret in (sandbox.credentials["sender_password"], sandbox.credentials["user_password"]):
        assert secret not in create.xml
    assert sync_run_execute(run=push_start(connection=conn, enqueue=False)).status == "succeeded"
    assert sent_writes(recorder, "create_invoice") == previewed(create)

    invoice.refresh_from_db()
    app_invoice_change(invoice=invoice, description="Changed", invoice_date=date(2026, 11, 3))
    update = record_push_preview(record=invoice)
    assert update.decision.action == "update"
    assert update.schema_errors == []
    assert schema.validate(etree.fromstring(update.xml.encode())), schema.error_log
    assert sync_run_execute(run=push_start(connection=conn, enqueue=False)).status == "succeeded"
    assert sent_writes(recorder, "update_invoice") == previewed(update)
    (row,) = sandbox.query_rows(
        "SELECT DESCRIPTION, WHENCREATED FROM arinvoice WHERE RECORDID = 'PV-1'"
    )
    assert row == {"DESCRIPTION": "Changed", "WHENCREATED": "2026-11-03"}
