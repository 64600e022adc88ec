"""One invoice made here, operated through the API: push now (the admin's button) and line
edits, through the services the admin uses; Intacct's refusals come back as problems."""

from decimal import Decimal

import pytest

from ar.models import Customer, Invoice, InvoiceEntry
from integrations.models import SyncRun, SyncState
from integrations.services import sync_run_execute, sync_start
from integrations.tasks import run_sync_task
from tests.api.test_problems import assert_problem
from tests.api.test_writes import invoice_body
from tests.factories.ar import CustomerFactory, InvoiceFactory


def entries(invoice_id: int) -> list[tuple[int, Decimal]]:
    rows = InvoiceEntry.objects.filter(invoice_id=invoice_id).order_by("line_no", "id")
    return [(e.line_no, e.amount) for e in rows]


def in_sandbox(sandbox, number: str) -> list[dict]:
    return sandbox.query_rows(f"SELECT RECORDNO FROM arinvoice WHERE RECORDID = '{number}'")


# --- Push now, over HTTP against the sandbox --------------------------------------------------


@pytest.mark.django_db
def test_push_now_lands_the_invoice_in_intacct_once(api_for, sandbox, connect):
    conn = connect(sandbox, credentials_status="ok", ar_gl_account="4000", push_location_id="US")
    pulled = sync_start(
        connection=conn, trigger="command", stage="historical", objects=["customers"], enqueue=False
    )
    assert sync_run_execute(run=pulled, follow_up="none").status == "succeeded"
    customer = Customer.objects.filter(connection=conn).first()
    staff = api_for("staff")
    made = staff.post(
        "/api/v1/invoices/", invoice_body(customer, number="API-PUSH-1", issue=True), format="json"
    ).json()

    pushed = staff.post(f"/api/v1/invoices/{made['id']}/push/", HTTP_IDEMPOTENCY_KEY="push-1")
    assert pushed.status_code == 202, pushed.content
    run = pushed.json()
    assert pushed["Location"] == f"/api/v1/sync-runs/{run['id']}/"
    assert run["status"] == "queued"
    assert run["parameters"] == {"direction": "push"}
    # The same key again: the first answer, not a second run.
    again = staff.post(f"/api/v1/invoices/{made['id']}/push/", HTTP_IDEMPOTENCY_KEY="push-1")
    assert again.status_code == 202
    assert again.json()["id"] == run["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert SyncRun.objects.filter(parameters__direction="push").count() == 1

    assert run_sync_task(run["id"]).endswith("succeeded")
    invoice = Invoice.objects.get(pk=made["id"])
    assert invoice.intacct_recordno is not None
    assert invoice.sync_state == SyncState.SYNCED
    assert [int(r["RECORDNO"]) for r in in_sandbox(sandbox, "API-PUSH-1")] == [
        invoice.intacct_recordno
    ]
    assert staff.get(pushed["Location"]).json()["status"] == "succeeded"

    # Pushing again sends nothing new: Intacct still holds the invoice once.
    second = staff.post(f"/api/v1/invoices/{made['id']}/push/")
    assert second.status_code == 202
    assert run_sync_task(second.json()["id"]).endswith("succeeded")
    assert len(in_sandbox(sandbox, "API-PUSH-1")) == 1


@pytest.fixture
def customer(db):
    return CustomerFactory()


def app_invoice(customer, staff_api, **extra) -> dict:
    made = staff_api.post("/api/v1/invoices/", invoice_body(customer, **extra), format="json")
    assert made.status_code == 201, made.content
    return made.json()


def test_push_now_is_refused_for_other_roles_drafts_and_imported_invoices(
    api_for, staff_api, customer
):
    draft = app_invoice(customer, staff_api)
    for client in (api_for("consultant"), api_for(None)):
        assert_problem(client.post(f"/api/v1/invoices/{draft['id']}/push/"), 403)
    body = assert_problem(staff_api.post(f"/api/v1/invoices/{draft['id']}/push/"), 409)
    assert "draft" in body["detail"]
    imported = InvoiceFactory(customer=customer)
    assert_problem(staff_api.post(f"/api/v1/invoices/{imported.pk}/push/"), 409)
    assert_problem(staff_api.post("/api/v1/invoices/999999999/push/"), 404)
    assert not SyncRun.objects.exists()


def test_push_now_requeues_a_failed_invoice_and_refuses_while_a_run_is_active(staff_api, customer):
    made = app_invoice(customer, staff_api, issue=True)
    Invoice.objects.filter(pk=made["id"]).update(sync_state=SyncState.FAILED)
    pushed = staff_api.post(f"/api/v1/invoices/{made['id']}/push/")
    assert pushed.status_code == 202, pushed.content
    assert Invoice.objects.get(pk=made["id"]).sync_state == SyncState.PENDING_PUSH
    # The queued run is still active: a second push now is a conflict.
    body = assert_problem(staff_api.post(f"/api/v1/invoices/{made['id']}/push/"), 409)
    assert body["detail"]


# --- Line edits -------------------------------------------------------------------------------


def test_staff_add_change_and_remove_lines_of_an_issued_invoice(staff_api, customer):
    made = app_invoice(customer, staff_api, issue=True)
    url = f"/api/v1/invoices/{made['id']}/lines/"
    Invoice.objects.filter(pk=made["id"]).update(sync_state=SyncState.SYNCED)

    added = staff_api.post(url, {"amount": "30.00", "memo": "Travel"}, format="json")
    assert added.status_code == 201, added.content
    assert [e["amount"] for e in added.json()["entries"]] == ["120.50", "9.50", "30.00"]
    assert added.json()["sync_state"] == "pending_push"  # queued again: the lines changed
    assert entries(made["id"])[-1] == (3, Decimal("30.00"))

    second = added.json()["entries"][1]["id"]
    changed = staff_api.patch(f"{url}{second}/", {"amount": "10.00"}, format="json")
    assert changed.status_code == 200, changed.content
    assert InvoiceEntry.objects.get(pk=second).amount == Decimal("10.00")

    removed = staff_api.delete(f"{url}{second}/")
    assert removed.status_code == 200, removed.content
    assert entries(made["id"]) == [(1, Decimal("120.50")), (3, Decimal("30.00"))]


def test_line_edits_of_a_draft_are_saved_not_queued(staff_api, customer):
    made = app_invoice(customer, staff_api)
    added = staff_api.post(
        f"/api/v1/invoices/{made['id']}/lines/", {"amount": "5.00"}, format="json"
    )
    assert added.status_code == 201
    assert added.json()["sync_state"] == "skipped"


def pushed(made: dict, **state) -> Invoice:
    """The invoice as after its push: Intacct holds its two lines."""
    Invoice.objects.filter(pk=made["id"]).update(
        intacct_recordno=7001, pushed_line_count=2, sync_state=SyncState.SYNCED, **state
    )
    return Invoice.objects.get(pk=made["id"])


def test_after_the_push_a_held_line_cannot_be_removed_but_a_new_one_can(staff_api, customer):
    made = app_invoice(customer, staff_api, issue=True)
    pushed(made, state="Posted")
    url = f"/api/v1/invoices/{made['id']}/lines/"
    held = made["entries"][0]["id"]
    body = assert_problem(staff_api.delete(f"{url}{held}/"), 409)
    assert "cannot remove" in body["detail"]
    assert InvoiceEntry.objects.filter(pk=held).exists()

    # Changing a held line and adding one are updates Intacct takes.
    assert staff_api.patch(f"{url}{held}/", {"memo": "Changed"}, format="json").status_code == 200
    added = staff_api.post(url, {"amount": "1.00"}, format="json").json()
    new = added["entries"][-1]["id"]
    assert staff_api.delete(f"{url}{new}/").status_code == 200
    assert len(entries(made["id"])) == 2


def _change_form_data(response) -> dict[str, object]:
    """What the admin's change form posts back unchanged: the main form and every inline."""
    data: dict[str, object] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.management_form.prefix}-{k}": v
                for k, v in formset.management_form.initial.items()
            }
        )
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or (field.disabled and name != "id"):
                continue
            data[form.add_prefix(name)] = value
    return data


def test_the_admin_refuses_to_delete_a_line_intacct_holds_too(staff_api, staff_client, customer):
    made = app_invoice(customer, staff_api, issue=True)
    invoice = pushed(made, state="Posted")
    url = f"/admin/ar/appinvoice/{invoice.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    data = _change_form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-0-DELETE"] = "on"
    refused = staff_client.post(url, data)
    assert refused.status_code == 200  # the form again, with the reason
    assert "Intacct cannot remove lines" in refused.content.decode()
    assert len(entries(made["id"])) == 2
    # A line added after the push can go.
    InvoiceEntry.objects.create(invoice=invoice, line_no=3, gl_account="4000", amount="1.00")
    page = staff_client.get(url)
    data = _change_form_data(page)
    data[f"{prefix}-2-DELETE"] = "on"
    removed = staff_client.post(url, data)
    assert removed.status_code == 302, removed.content.decode()[:2000]
    assert len(entries(made["id"])) == 2


@pytest.mark.parametrize(
    ("state", "paid", "words"),
    [
        ("Paid", 0, "payments are applied"),
        ("Posted", 5, "payments are applied"),
        ("Reversed", 0, "reversed"),
    ],
)
def test_a_paid_or_reversed_invoice_refuses_every_line_edit(
    staff_api, customer, state, paid, words
):
    made = app_invoice(customer, staff_api, issue=True)
    pushed(made, state=state, total_paid=Decimal(paid))
    url = f"/api/v1/invoices/{made['id']}/lines/"
    line = made["entries"][1]["id"]
    before = entries(made["id"])
    for response in (
        staff_api.post(url, {"amount": "1.00"}, format="json"),
        staff_api.patch(f"{url}{line}/", {"amount": "1.00"}, format="json"),
        staff_api.delete(f"{url}{line}/"),
    ):
        body = assert_problem(response, 409)
        assert words in body["detail"]
    assert entries(made["id"]) == before


def test_line_edits_are_refused_for_imported_invoices_and_the_last_line(staff_api, customer):
    imported = InvoiceFactory(customer=customer)
    assert_problem(
        staff_api.post(f"/api/v1/invoices/{imported.pk}/lines/", {"amount": "1"}, format="json"),
        409,
    )
    made = app_invoice(customer, staff_api, lines=[{"amount": "10.00"}], number="ONE-LINE")
    only = made["entries"][0]["id"]
    body = assert_problem(staff_api.delete(f"/api/v1/invoices/{made['id']}/lines/{only}/"), 422)
    assert "at least one line" in body["detail"]
    assert InvoiceEntry.objects.filter(pk=only).exists()


def test_line_input_is_checked_by_field_and_lines_are_found_by_invoice(staff_api, customer):
    made = app_invoice(customer, staff_api)
    other = app_invoice(customer, staff_api, number="APP-2")
    url = f"/api/v1/invoices/{made['id']}/lines/"
    body = assert_problem(staff_api.post(url, {"amount": "1.234"}, format="json"), 400)
    assert set(body["errors"]) == {"amount"}
    body = assert_problem(staff_api.post(url, {"memo": "no amount"}, format="json"), 400)
    assert set(body["errors"]) == {"amount"}
    line = made["entries"][0]["id"]
    body = assert_problem(staff_api.patch(f"{url}{line}/", {"amount": "x"}, format="json"), 400)
    assert set(body["errors"]) == {"amount"}
    # A line of another invoice, or none at all, is not found here.
    foreign = other["entries"][0]["id"]
    assert_problem(staff_api.delete(f"{url}{foreign}/"), 404)
    assert_problem(staff_api.delete(f"{url}999999999999999999/"), 404)
    assert InvoiceEntry.objects.filter(pk=foreign).exists()


def test_consultants_and_users_without_a_role_edit_no_line(api_for, staff_api, customer):
    made = app_invoice(customer, staff_api)
    url = f"/api/v1/invoices/{made['id']}/lines/"
    line = made["entries"][0]["id"]
    for client in (api_for("consultant"), api_for(None)):
        assert_problem(client.post(url, {"amount": "1.00"}, format="json"), 403)
        assert_problem(client.patch(f"{url}{line}/", {"amount": "1.00"}, format="json"), 403)
        assert_problem(client.delete(f"{url}{line}/"), 403)
    assert len(entries(made["id"])) == 2


def test_adding_a_line_is_idempotent(staff_api, customer):
    made = app_invoice(customer, staff_api)
    url = f"/api/v1/invoices/{made['id']}/lines/"
    first = staff_api.post(url, {"amount": "2.00"}, format="json", HTTP_IDEMPOTENCY_KEY="line-1")
    again = staff_api.post(url, {"amount": "2.00"}, format="json", HTTP_IDEMPOTENCY_KEY="line-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(entries(made["id"])) == 3
    other = staff_api.post(url, {"amount": "3.00"}, format="json", HTTP_IDEMPOTENCY_KEY="line-1")
    assert_problem(other, 409)
    assert len(entries(made["id"])) == 3
