"""Writes of what the app owns, through the services: invoices made here (create, change,
issue, push preview, dry run), bank lines, payments (create, apply, split) — by role."""

from datetime import date
from decimal import Decimal

import pytest

from ar.models import BankTransaction, Invoice, Payment
from integrations.models import IntacctConnection, SyncRun
from integrations.services import sync_run_execute, sync_start
from tests.factories.ar import CustomerFactory, InvoiceFactory


@pytest.fixture
def customer(db):
    return CustomerFactory()


def invoice_body(customer, **extra):
    return {
        "connection": customer.connection_id,
        "customer": customer.pk,
        "number": "APP-1",
        "invoice_date": "2026-11-02",
        "due_date": "2026-12-02",
        "lines": [
            {"gl_account": "4000", "amount": "120.50", "memo": "Consulting"},
            {"amount": "9.50"},
        ],
        **extra,
    }


def test_staff_create_a_draft_invoice_and_issue_it(staff_api, customer):
    created = staff_api.post("/api/v1/invoices/", invoice_body(customer), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["origin"] == "app"
    assert body["app_state"] == "draft"
    assert [e["amount"] for e in body["entries"]] == ["120.50", "9.50"]
    invoice = Invoice.objects.get(pk=body["id"])
    assert invoice.sync_state == "skipped"  # a draft is not pushed
    issued = staff_api.post(f"/api/v1/invoices/{invoice.pk}/issue/")
    assert issued.status_code == 200
    assert issued.json()["app_state"] == "issued"
    assert issued.json()["sync_state"] == "pending_push"


def test_staff_change_an_app_invoice_but_not_an_imported_one(staff_api, customer):
    made = staff_api.post("/api/v1/invoices/", invoice_body(customer), format="json").json()
    changed = staff_api.patch(
        f"/api/v1/invoices/{made['id']}/", {"number": "APP-1B"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert Invoice.objects.get(pk=made["id"]).number == "APP-1B"
    imported = InvoiceFactory(customer=customer)
    refused = staff_api.patch(f"/api/v1/invoices/{imported.pk}/", {"number": "X"}, format="json")
    assert refused.status_code == 409
    imported.refresh_from_db()
    assert imported.number != "X"
    assert staff_api.put(f"/api/v1/invoices/{made['id']}/", {}, format="json").status_code == 405


def test_consultants_and_users_without_a_role_write_no_invoice(api_for, customer):
    for client in (api_for("consultant"), api_for(None)):
        response = client.post("/api/v1/invoices/", invoice_body(customer), format="json")
        assert response.status_code == 403
    assert not Invoice.objects.exists() or not Invoice.objects.filter(number="APP-1").exists()


def test_an_invoice_body_is_checked_by_field(staff_api, customer):
    response = staff_api.post(
        "/api/v1/invoices/",
        invoice_body(customer, lines=[{"amount": "1.234"}]),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lines.0.amount"}
    unknown = staff_api.post(
        "/api/v1/invoices/", {**invoice_body(customer), "customer": 999_999}, format="json"
    )
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["customer"]


@pytest.mark.django_db
def test_push_preview_and_dry_run_against_the_sandbox(api_for, sandbox, connect):
    conn = connect(sandbox, credentials_status="ok", ar_gl_account="4000")
    run = sync_start(
        connection=conn, trigger="command", stage="historical", objects=["customers"], enqueue=False
    )
    assert sync_run_execute(run=run, follow_up="none").status == "succeeded"
    customer = (
        conn
        and __import__("ar.models", fromlist=["Customer"])
        .Customer.objects.filter(connection=conn)
        .first()
    )
    staff = api_for("staff")
    made = staff.post("/api/v1/invoices/", invoice_body(customer, issue=True), format="json").json()
    preview = staff.post(f"/api/v1/invoices/{made['id']}/push-preview/")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["action"] == "create"
    assert "<create_invoice>" in body["xml"] or "create_invoice" in body["xml"]
    assert sandbox.credentials["user_password"] not in body["xml"]
    assert sandbox.credentials["sender_password"] not in body["xml"]
    dry = api_for("consultant").post(
        "/api/v1/operations/push-dry-run/", {"connection": conn.pk}, format="json"
    )
    assert dry.status_code == 200, dry.content
    assert any(w["record"].startswith("APP-1") or "APP-1" in w["record"] for w in dry.json())
    assert (
        staff.post(
            "/api/v1/operations/push-dry-run/", {"connection": conn.pk}, format="json"
        ).status_code
        == 403
    )
    # Nothing was sent: the invoice is still waiting for its push.
    assert Invoice.objects.get(pk=made["id"]).intacct_recordno is None
    assert not SyncRun.objects.filter(parameters__direction="push").exists()


def bank_line_body(connection: IntacctConnection, **extra):
    return {
        "connection": connection.pk,
        "date": "2026-11-20",
        "amount": "130.00",
        "currency": "USD",
        "payer_name": "Acme Corp",
        "reference": "DEP-1",
        **extra,
    }


def test_a_bank_feed_posts_a_line_once(staff_api, customer):
    body = bank_line_body(customer.connection)
    first = staff_api.post("/api/v1/bank-transactions/", body, format="json",
                           HTTP_IDEMPOTENCY_KEY="feed-1")  # fmt: skip
    assert first.status_code == 201, first.content
    assert first.json()["amount"] == "130.00"
    retried = staff_api.post("/api/v1/bank-transactions/", body, format="json",
                             HTTP_IDEMPOTENCY_KEY="feed-1")  # fmt: skip
    assert retried.status_code == 201 and retried.json() == first.json()
    # The same line under a new key is recognised as already recorded.
    again = staff_api.post("/api/v1/bank-transactions/", body, format="json",
                           HTTP_IDEMPOTENCY_KEY="feed-2")  # fmt: skip
    assert again.status_code == 409
    assert BankTransaction.objects.count() == 1


def test_consultants_post_no_bank_line(consultant_api, customer):
    response = consultant_api.post(
        "/api/v1/bank-transactions/", bank_line_body(customer.connection), format="json"
    )
    assert response.status_code == 403
    assert not BankTransaction.objects.exists()


def test_payment_from_a_bank_line_applied_and_split(staff_api, customer):
    line = BankTransaction.objects.create(
        connection=customer.connection, date=date(2026, 11, 20), amount=Decimal("130.00"),
        currency="USD", payer_name="Acme",
    )  # fmt: skip
    first_invoice = InvoiceFactory(customer=customer, total_entered=Decimal("100.00"))
    other_customer = CustomerFactory(connection=customer.connection)
    second_invoice = InvoiceFactory(customer=other_customer, total_entered=Decimal("30.00"))

    created = staff_api.post(
        "/api/v1/payments/", {"bank_transaction": line.pk, "customer": customer.pk}, format="json"
    )
    assert created.status_code == 201, created.content
    payment = created.json()
    assert payment["amount"] == "130.00"
    assert payment["origin"] == "app" and payment["app_status"] == "draft"

    applied = staff_api.post(
        f"/api/v1/payments/{payment['id']}/apply/",
        {"invoice": first_invoice.pk, "amount": "100.00"},
        format="json",
    )
    assert applied.status_code == 200, applied.content
    assert [a["amount"] for a in applied.json()["applications"]] == ["100.00"]

    split = staff_api.post(
        f"/api/v1/payments/{payment['id']}/split/",
        {"invoice": second_invoice.pk, "amount": "30.00"},
        format="json",
    )
    assert split.status_code == 201, split.content
    assert split.json()["customer"] == other_customer.pk
    assert Payment.objects.get(pk=payment["id"]).amount == Decimal("100.00")
    assert line.payments_total() == Decimal("130.00")

    too_much = staff_api.post(
        f"/api/v1/payments/{payment['id']}/split/",
        {"invoice": second_invoice.pk, "amount": "500.00"},
        format="json",
    )
    assert too_much.status_code == 422
    assert line.payments_total() == Decimal("130.00")


def test_a_second_payment_for_a_bank_line_is_a_conflict(staff_api, consultant_api, customer):
    line = BankTransaction.objects.create(
        connection=customer.connection, date=date(2026, 11, 20), amount=Decimal("10.00"),
        currency="USD",
    )  # fmt: skip
    body = {"bank_transaction": line.pk, "customer": customer.pk}
    assert consultant_api.post("/api/v1/payments/", body, format="json").status_code == 403
    assert staff_api.post("/api/v1/payments/", body, format="json").status_code == 201
    assert staff_api.post("/api/v1/payments/", body, format="json").status_code == 409
    assert Payment.objects.filter(bank_transaction=line).count() == 1
