"""AP writes through the API, by role: bills entered here (create, change before approval,
approve, retract, dispute, delete, restore), payments (made, paid manually, submitted and paid
with the payee's fees, voided), vendor invoices from PO matching; bills from Intacct are
read-only; bad bodies are field problems; Idempotency-Key; and a bill made and approved here
lands once in the sandbox."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from ap.models import (
    APPushSettings,
    Bill,
    BillEntry,
    BillPayment,
    CreditEntry,
    Vendor,
    VendorCredit,
    VendorInvoiceMatch,
)
from ap.vendor_sync import vendor_save
from tests.ap.push_helpers import pull, push
from tests.factories.ap import PurchasingDocumentFactory, PurchasingLineFactory, VendorFactory
from tests.factories.ap_documents import BillFactory, BillPaymentFactory, VendorCreditFactory

pytestmark = pytest.mark.django_db

LINES = [
    {"gl_account": "6000", "amount": "700.00", "memo": "Paper"},
    {"gl_account": "6200", "amount": "300.00", "department_id": "D100"},
]


@pytest.fixture
def vendor(db):
    return VendorFactory()


def bill_body(vendor: Vendor, **extra: object) -> dict[str, object]:
    return {
        "connection": vendor.connection_id,
        "vendor": vendor.pk,
        "number": "API-BILL-1",
        "bill_date": "2026-11-02",
        "due_date": "2026-12-02",
        "reference": "INV-77",
        "reference_code": "api-ref-1",
        "lines": LINES,
        **extra,
    }


def made_bill(client, vendor: Vendor, **extra: object) -> dict:
    response = client.post("/api/v1/bills/", bill_body(vendor, **extra), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def approved_bill(client, vendor: Vendor, **extra: object) -> dict:
    bill = made_bill(client, vendor, **extra)
    response = client.post(f"/api/v1/bills/{bill['id']}/approve/", {}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


# --- bills -------------------------------------------------------------------------------


def test_staff_enter_a_bill_change_it_then_approve_it(staff_api, vendor):
    body = made_bill(staff_api, vendor)
    assert (body["origin"], body["app_status"]) == ("app", "pending_approval")
    assert body["total_entered"] == "1000.00"
    assert [(e["gl_account"], e["amount"]) for e in body["entries"]] == [
        ("6000", "700.00"),
        ("6200", "300.00"),
    ]
    changed = staff_api.patch(
        f"/api/v1/bills/{body['id']}/",
        {"number": "API-BILL-1B", "lines": [{"gl_account": "6100", "amount": "250.00"}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    bill = Bill.objects.get(pk=body["id"])
    assert (bill.number, bill.total_entered) == ("API-BILL-1B", Decimal("250.00"))
    assert list(BillEntry.objects.filter(bill=bill).values_list("gl_account", "amount")) == [
        ("6100", Decimal("250.00"))
    ]
    approved = staff_api.post(
        f"/api/v1/bills/{bill.pk}/approve/", {"approved_on": "2026-11-03"}, format="json"
    )
    assert approved.status_code == 200, approved.content
    answer = approved.json()
    assert (answer["app_status"], answer["approved_on"]) == ("scheduled", "2026-11-03")
    assert answer["approved_by"].startswith("staff")
    assert answer["sync_state"] == "pending_push"
    # Approved: it no longer changes here, and it cannot be approved twice.
    late = staff_api.patch(f"/api/v1/bills/{bill.pk}/", {"number": "X"}, format="json")
    assert late.status_code == 409 and late.json()["code"] == "state"
    again = staff_api.post(f"/api/v1/bills/{bill.pk}/approve/", {}, format="json")
    assert again.status_code == 409
    assert Bill.objects.get(pk=bill.pk).number == "API-BILL-1B"
    assert staff_api.put(f"/api/v1/bills/{bill.pk}/", {}, format="json").status_code == 405
    detail = staff_api.get(f"/api/v1/bills/{bill.pk}/").json()
    assert [e["amount"] for e in detail["entries"]] == ["250.00"]


def test_bill_status_actions_follow_the_lifecycle(staff_api, vendor):
    bill = approved_bill(staff_api, vendor)
    url = f"/api/v1/bills/{bill['id']}"

    def act(name: str, body: dict | None = None) -> tuple[int, dict]:
        response = staff_api.post(f"{url}/{name}/", body or {}, format="json")
        return response.status_code, response.json()

    disputed = staff_api.post(f"{url}/dispute/")  # no body at all
    assert (disputed.status_code, disputed.json()["app_status"]) == (200, "disputed")
    assert act("dispute")[0] == 409  # already disputed
    code, body = act("restore")
    assert (code, body["app_status"]) == (200, "scheduled")  # it was approved
    code, body = act("retract", {"retracted_on": "2026-11-20"})
    assert (code, body["app_status"], body["retracted_on"]) == (
        200,
        "pending_approval",
        "2026-11-20",
    )
    assert body["approved_on"] is None
    assert act("retract")[0] == 409  # not approved any more
    code, body = act("delete")
    assert (code, body["app_status"]) == (200, "deleted")
    code, body = act("restore")
    assert (code, body["app_status"]) == (200, "pending_approval")
    assert act("restore")[0] == 409  # neither disputed nor deleted


def test_bills_imported_from_intacct_are_read_only(staff_api):
    imported = BillFactory(number="FROM-INTACCT")
    url = f"/api/v1/bills/{imported.pk}"
    changed = staff_api.patch(f"{url}/", {"number": "X"}, format="json")
    assert changed.status_code == 409
    assert changed.json()["code"] == "read_only"
    assert "imported from Intacct" in changed.json()["detail"]
    for name, body in [
        ("approve", {}),
        ("retract", {}),
        ("dispute", {}),
        ("delete", {}),
        ("restore", {}),
        ("paid-manually", {"account_type": "bank"}),
        ("submit-payment", {"transaction_fee": "3.00"}),
        ("pay-with-fees", {"net_amount": "100.00"}),
    ]:
        response = staff_api.post(f"{url}/{name}/", body, format="json")
        assert response.status_code == 409, (name, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "read_only"
    imported.refresh_from_db()
    assert (imported.number, imported.app_status, imported.origin) == (
        "FROM-INTACCT",
        "",
        "intacct",
    )
    assert not BillPayment.objects.exists() and not VendorCredit.objects.filter(origin="app")


def test_bad_bill_bodies_are_field_problems(staff_api, vendor):
    cases = [
        (bill_body(vendor, lines=[]), {"lines.non_field_errors"}),
        (bill_body(vendor, lines=[{"gl_account": "6000", "amount": "1.234"}]), {"lines.0.amount"}),
        (bill_body(vendor, lines=[{"amount": "5.00"}]), {"lines.0.gl_account"}),
        (bill_body(vendor, bill_date="2026-13-40"), {"bill_date"}),
        (bill_body(vendor, currency="usd"), {"currency"}),
        ({**bill_body(vendor), "vendor": VendorFactory().pk}, {"vendor"}),  # another connection
        (bill_body(vendor, connection=999_999), {"connection"}),
        ({"number": "X"}, {"connection", "vendor", "bill_date", "lines"}),
    ]
    for body, fields in cases:
        response = staff_api.post("/api/v1/bills/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        problem = response.json()
        assert problem["status"] == 400 and problem["code"] == "invalid"
        assert set(problem["errors"]) == fields, problem
    assert not Bill.objects.exists()
    bill = made_bill(staff_api, vendor)
    for name, body, field in [
        ("approve", {"approved_on": "soon"}, "approved_on"),
        ("paid-manually", {"account_type": "cash"}, "account_type"),
        ("submit-payment", {"transaction_fee": "-1.00"}, "transaction_fee"),
        ("pay-with-fees", {}, "net_amount"),
    ]:
        response = staff_api.post(f"/api/v1/bills/{bill['id']}/{name}/", body, format="json")
        assert response.status_code == 400, (name, response.content)
        assert list(response.json()["errors"]) == [field]
    patch = staff_api.patch(f"/api/v1/bills/{bill['id']}/", {"lines": []}, format="json")
    assert patch.status_code == 400
    assert list(patch.json()["errors"]) == ["lines.non_field_errors"]


# --- payments and fee credits --------------------------------------------------------------


def test_a_payment_of_bills_with_a_credit_then_voided(staff_api, vendor):
    first = approved_bill(staff_api, vendor)
    second = approved_bill(staff_api, vendor, number="API-BILL-2")
    credit = VendorCreditFactory(vendor=vendor)
    made = staff_api.post(
        "/api/v1/bill-payments/",
        {
            "submitted_on": "2026-11-10",
            "reference_code": "PAY-1",
            "bills": [
                {"bill": first["id"], "amount": "1000.00"},
                {"bill": second["id"], "amount": "400.00"},
            ],
            "credits": [{"bill": second["id"], "credit": credit.pk, "amount": "100.00"}],
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    payment = made.json()
    assert (payment["origin"], payment["total_entered"]) == ("app", "1400.00")
    assert sorted(
        (a["bill"], a["amount"], a["credit_amount"]) for a in payment["applications"]
    ) == sorted(
        [
            (first["id"], "1000.00", None),
            (second["id"], "400.00", None),
            (second["id"], "0.00", "100.00"),
        ]
    )
    statuses = dict(Bill.objects.values_list("pk", "app_status"))
    assert statuses == {first["id"]: "paid", second["id"]: "partially_paid"}
    voided = staff_api.post(
        f"/api/v1/bill-payments/{payment['id']}/void/", {"deleted_on": "2026-11-12"}, format="json"
    )
    assert voided.status_code == 200, voided.content
    assert voided.json()["deleted_on"] == "2026-11-12"
    assert set(Bill.objects.values_list("app_status", flat=True)) == {"scheduled"}
    twice = staff_api.post(f"/api/v1/bill-payments/{payment['id']}/void/", {}, format="json")
    assert twice.status_code == 409 and "already deleted" in twice.json()["detail"]
    # A payment Intacct owns is voided there, never from here.
    imported = BillPaymentFactory(vendor=vendor)
    state = imported.sync_state
    refused = staff_api.post(f"/api/v1/bill-payments/{imported.pk}/void/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "read_only"
    imported.refresh_from_db()
    assert (imported.deleted_on, imported.sync_state) == (None, state)


def test_bad_payments_are_field_problems(staff_api, vendor):
    bill = approved_bill(staff_api, vendor)
    other = approved_bill(staff_api, VendorFactory(connection=vendor.connection), number="O-1")
    cases = [
        ({"submitted_on": "2026-11-10", "bills": []}, 400, {"bills.non_field_errors"}),
        (
            {"submitted_on": "2026-11-10", "bills": [{"bill": bill["id"], "amount": "0.00"}]},
            400,
            {"bills.0.amount"},
        ),
        (
            {"submitted_on": "2026-11-10", "bills": [{"bill": 999_999, "amount": "1.00"}]},
            400,
            {"bills.0.bill"},
        ),
        (
            {
                "submitted_on": "2026-11-10",
                "bills": [{"bill": bill["id"], "amount": "1.00"}],
                "credits": [{"bill": bill["id"], "credit": 999_999, "amount": "1.00"}],
            },
            400,
            {"credits.0.credit"},
        ),
        (  # two vendors: the service refuses it, by field
            {
                "submitted_on": "2026-11-10",
                "bills": [
                    {"bill": bill["id"], "amount": "1.00"},
                    {"bill": other["id"], "amount": "1.00"},
                ],
            },
            422,
            {"bills"},
        ),
    ]
    for body, code, fields in cases:
        response = staff_api.post("/api/v1/bill-payments/", body, format="json")
        assert response.status_code == code, (body, response.content)
        assert set(response.json()["errors"]) == fields
    assert not BillPayment.objects.exists()


def test_a_bill_is_paid_only_while_it_owes_and_never_beyond(staff_api, vendor):
    pending = made_bill(staff_api, vendor, number="PENDING-1")
    disputed = approved_bill(staff_api, vendor, number="DISPUTED-1")
    dispute = staff_api.post(f"/api/v1/bills/{disputed['id']}/dispute/", {}, format="json")
    assert dispute.status_code == 200, dispute.content
    owing = approved_bill(staff_api, vendor, number="OWING-1")
    imported = BillFactory(
        vendor=vendor,
        connection=vendor.connection,
        total_entered=Decimal("500.00"),
        total_due=Decimal("120.00"),
    )
    cases = [
        (pending["id"], "10.00", "is pending approval"),
        (disputed["id"], "10.00", "is disputed"),
        (owing["id"], "1000.01", "owes 1000.00"),
        (imported.pk, "120.01", "owes 120.00"),  # Intacct's amount due counts
    ]
    for bill, amount, reason in cases:
        body = {"submitted_on": "2026-11-10", "bills": [{"bill": bill, "amount": amount}]}
        response = staff_api.post("/api/v1/bill-payments/", body, format="json")
        assert response.status_code == 422, (bill, response.content)
        assert reason in str(response.json()["errors"]["bills"]), response.json()
    assert not BillPayment.objects.exists()
    # What is still owed can be paid, in two parts; a third part is one cent too many.
    for amount, code in (("600.00", 201), ("400.00", 201), ("0.01", 422)):
        body = {"submitted_on": "2026-11-10", "bills": [{"bill": owing["id"], "amount": amount}]}
        response = staff_api.post("/api/v1/bill-payments/", body, format="json")
        assert response.status_code == code, (amount, response.content)
    assert Bill.objects.get(pk=owing["id"]).app_status == "paid"


def test_paid_manually_from_a_card_account(staff_api, vendor):
    bill = approved_bill(staff_api, vendor)
    response = staff_api.post(
        f"/api/v1/bills/{bill['id']}/paid-manually/",
        {"account_type": "card", "paid_on": "2026-11-15"},
        format="json",
    )
    assert response.status_code == 201, response.content
    payment = response.json()
    assert (payment["paid_manually"], payment["manual_account_type"]) == (True, "card")
    assert (payment["total_entered"], payment["payment_date"]) == ("1000.00", "2026-11-15")
    assert Bill.objects.get(pk=bill["id"]).app_status == "paid"


def test_submitted_then_paid_with_the_payees_fees(staff_api, vendor):
    APPushSettings.objects.create(
        connection=vendor.connection, fee_gl_account="6300", withholding_gl_account="6200"
    )
    pending = made_bill(staff_api, vendor, number="EARLY")
    early = staff_api.post(
        f"/api/v1/bills/{pending['id']}/submit-payment/", {"transaction_fee": "3.00"},
        format="json",
    )  # fmt: skip
    assert early.status_code == 409  # not approved yet
    bill = approved_bill(staff_api, vendor)
    url = f"/api/v1/bills/{bill['id']}"
    unpaid = staff_api.post(f"{url}/pay-with-fees/", {"net_amount": "990.00"}, format="json")
    assert unpaid.status_code == 409 and "Submit the payment first" in unpaid.json()["detail"]
    submitted = staff_api.post(f"{url}/submit-payment/", {"transaction_fee": "3.00"},
                               format="json")  # fmt: skip
    assert submitted.status_code == 201, submitted.content
    credit = submitted.json()
    assert (credit["number"], credit["origin"], credit["for_bill"]) == (
        "API-BILL-1-FEE",
        "app",
        bill["id"],
    )
    assert [(e["kind"], e["amount"]) for e in credit["entries"]] == [("transaction_fee", "3.00")]
    fees = {"netnow_fee": "2.00", "withholding": "4.00", "fx_fee": "1.00"}
    short = staff_api.post(f"{url}/pay-with-fees/", {"net_amount": "900.00", **fees},
                           format="json")  # fmt: skip
    assert short.status_code == 422, short.content
    assert list(short.json()["errors"]) == ["net_amount"]
    assert not BillPayment.objects.exists()
    assert CreditEntry.objects.count() == 1  # the refused payment left nothing behind
    paid = staff_api.post(f"{url}/pay-with-fees/", {"net_amount": "990.00", **fees},
                          format="json")  # fmt: skip
    assert paid.status_code == 201, paid.content
    assert (paid.json()["total_entered"], paid.json()["fx_fee"]) == ("993.00", "1.00")
    assert Bill.objects.get(pk=bill["id"]).app_status == "paid"
    assert sorted(VendorCredit.objects.values_list("number", flat=True)) == [
        "API-BILL-1-FEE",
        "API-BILL-1-WH",
    ]
    read = staff_api.get(f"/api/v1/vendor-credits/{credit['id']}/").json()
    assert sorted(e["kind"] for e in read["entries"]) == ["netnow_fee", "transaction_fee"]


# --- vendor invoices from PO matching ----------------------------------------------------


def _po(vendor: Vendor, kind: str = "po"):
    document = PurchasingDocumentFactory(vendor=vendor, kind=kind)
    line = PurchasingLineFactory(document=document, quantity=Decimal("10"),
                                 amount=Decimal("1000.00"))  # fmt: skip
    return document, line


def match_body(bill: dict, document, line, quantity="4", amount="400.00") -> dict:
    return {
        "bill": bill["id"],
        "source_document": document.pk,
        "invoice_number": "SUP-881",
        "reference_code": "VI-REF-1",
        "invoice_date": "2026-11-10",
        "due_date": "2026-12-10",
        "lines": [{"line": line.pk, "quantity": quantity, "amount": amount}],
    }


def test_vendor_invoices_from_po_matching(staff_api, vendor):
    po, po_line = _po(vendor)
    receiver, received = _po(vendor, kind="receiver")
    bill = made_bill(staff_api, vendor, lines=[{"gl_account": "6000", "amount": "400.00"}])
    over = staff_api.post("/api/v1/vendor-invoice-matches/",
                          match_body(bill, po, po_line, quantity="11"), format="json")  # fmt: skip
    assert over.status_code == 422, over.content
    problem = over.json()
    assert list(problem["errors"]) == ["lines"]
    assert "11 of 10" in problem["errors"]["lines"][0]
    made = staff_api.post("/api/v1/vendor-invoice-matches/", match_body(bill, po, po_line),
                          format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    match = made.json()
    assert (match["mode"], match["bill"], match["invoice_number"]) == (
        "2-way",
        bill["id"],
        "SUP-881",
    )
    assert [(m["source_line"], m["quantity"]) for m in match["lines"]] == [(po_line.pk, "4.0000")]
    assert Bill.objects.get(pk=bill["id"]).source_document_id == po.pk
    again = staff_api.post("/api/v1/vendor-invoice-matches/", match_body(bill, po, po_line),
                           format="json")  # fmt: skip
    assert again.status_code == 409
    second = made_bill(staff_api, vendor, number="API-BILL-2")
    three_way = staff_api.post(
        "/api/v1/vendor-invoice-matches/",
        {**match_body(second, receiver, received), "reference_code": "VI-REF-2"},
        format="json",
    )
    assert three_way.status_code == 201, three_way.content
    assert three_way.json()["mode"] == "3-way"
    wrong_line = staff_api.post(
        "/api/v1/vendor-invoice-matches/",
        match_body(made_bill(staff_api, vendor, number="API-BILL-3"), po, received),
        format="json",
    )
    assert wrong_line.status_code == 422 and list(wrong_line.json()["errors"]) == ["lines"]
    imported = staff_api.post(
        "/api/v1/vendor-invoice-matches/",
        match_body({"id": BillFactory(vendor=vendor).pk}, po, po_line),
        format="json",
    )
    assert imported.status_code == 409 and imported.json()["code"] == "read_only"
    listed = staff_api.get("/api/v1/vendor-invoice-matches/?mode=3-way").json()["results"]
    assert [m["id"] for m in listed] == [three_way.json()["id"]]
    assert VendorInvoiceMatch.objects.count() == 2


def test_vendor_invoice_matches_list_in_constant_queries(consultant_api, staff_api, vendor):
    def one_more(n: int) -> None:
        po, line = _po(vendor)
        bill = made_bill(staff_api, vendor, number=f"Q-{n}")
        response = staff_api.post("/api/v1/vendor-invoice-matches/",
                                  match_body(bill, po, line), format="json")  # fmt: skip
        assert response.status_code == 201

    one_more(0)
    with CaptureQueriesContext(db_connection) as few:
        assert consultant_api.get("/api/v1/vendor-invoice-matches/").status_code == 200
    for n in range(1, 4):
        one_more(n)
    with CaptureQueriesContext(db_connection) as many:
        listed = consultant_api.get("/api/v1/vendor-invoice-matches/")
    assert len(listed.json()["results"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


# --- roles ---------------------------------------------------------------------------------

ENDPOINTS = [
    ("post", "/api/v1/bills/", "create"),
    ("patch", "/api/v1/bills/{bill}/", "change"),
    *(
        ("post", f"/api/v1/bills/{{bill}}/{name}/", name)
        for name in (
            "approve",
            "retract",
            "dispute",
            "delete",
            "restore",
            "paid-manually",
            "submit-payment",
            "pay-with-fees",
        )
    ),
    ("post", "/api/v1/bill-payments/", "pay"),
    ("post", "/api/v1/bill-payments/{payment}/void/", "void"),
    ("post", "/api/v1/vendor-invoice-matches/", "match"),
]


@pytest.mark.parametrize(("method", "path", "name"), ENDPOINTS, ids=[e[2] for e in ENDPOINTS])
@pytest.mark.parametrize("role", ["consultant", None])
def test_only_staff_write_ap_records(api_for, staff_api, vendor, method, path, name, role):
    bill = approved_bill(staff_api, vendor)
    payment = staff_api.post(
        "/api/v1/bills/{}/paid-manually/".format(bill["id"]), {"account_type": "bank"},
        format="json",
    ).json()  # fmt: skip
    before = (
        list(Bill.objects.values_list("pk", "app_status", "number")),
        list(BillPayment.objects.values_list("pk", "deleted_on")),
    )
    url = path.format(bill=bill["id"], payment=payment["id"])
    response = getattr(api_for(role), method)(url, bill_body(vendor), format="json")
    assert response.status_code == 403, response.content
    assert response.json()["status"] == 403
    after = (
        list(Bill.objects.values_list("pk", "app_status", "number")),
        list(BillPayment.objects.values_list("pk", "deleted_on")),
    )
    assert after == before
    # Reading stays open to both roles.
    if role == "consultant":
        assert api_for(role).get(f"/api/v1/bills/{bill['id']}/").status_code == 200


# --- idempotency ---------------------------------------------------------------------------


def test_the_same_key_makes_one_bill_and_one_payment(staff_api, vendor):
    body = bill_body(vendor)
    first = staff_api.post("/api/v1/bills/", body, format="json", HTTP_IDEMPOTENCY_KEY="b-1")
    second = staff_api.post("/api/v1/bills/", body, format="json", HTTP_IDEMPOTENCY_KEY="b-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Bill.objects.count() == 1
    other = staff_api.post("/api/v1/bills/", {**body, "number": "OTHER"}, format="json",
                           HTTP_IDEMPOTENCY_KEY="b-1")  # fmt: skip
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert Bill.objects.count() == 1

    bill_id = first.json()["id"]
    staff_api.post(f"/api/v1/bills/{bill_id}/approve/", {}, format="json")
    pay = {"submitted_on": "2026-11-10", "bills": [{"bill": bill_id, "amount": "100.00"}]}
    for _ in range(2):
        answer = staff_api.post("/api/v1/bill-payments/", pay, format="json",
                                HTTP_IDEMPOTENCY_KEY="p-1")  # fmt: skip
        assert answer.status_code == 201
    assert BillPayment.objects.count() == 1
    changed = staff_api.post("/api/v1/bill-payments/", {**pay, "reference_code": "R"},
                             format="json", HTTP_IDEMPOTENCY_KEY="p-1")  # fmt: skip
    assert changed.status_code == 409
    # An action replays too: approving again with the same key is the first answer, not a 409.
    key = {"HTTP_IDEMPOTENCY_KEY": "v-1"}
    payment_id = BillPayment.objects.get().pk
    url = f"/api/v1/bill-payments/{payment_id}/void/"
    assert staff_api.post(url, {}, format="json", **key).status_code == 200
    assert staff_api.post(url, {}, format="json", **key).status_code == 200
    assert staff_api.post(url, {}, format="json").status_code == 409


# --- against the sandbox -----------------------------------------------------------------


def test_a_bill_made_and_approved_through_the_api_lands_once_in_intacct(sandbox, connect, api_for):
    conn = connect(sandbox, push_location_id="US")
    pull(conn, ["ap_terms"], stage="initial")
    APPushSettings.objects.create(connection=conn, bank_account_id="BOA-OPS")
    vendor = Vendor(connection=conn, vendor_id="V-API", name="API Vendor", term_name="N30")
    vendor_save(vendor=vendor)
    staff = api_for("staff")
    body = bill_body(vendor, number="API-HTTP-1")
    made = staff.post("/api/v1/bills/", body, format="json", HTTP_IDEMPOTENCY_KEY="http-1")
    assert made.status_code == 201, made.content
    again = staff.post("/api/v1/bills/", body, format="json", HTTP_IDEMPOTENCY_KEY="http-1")
    assert again.json()["id"] == made.json()["id"]
    approved = staff.post(f"/api/v1/bills/{made.json()['id']}/approve/",
                          {"approved_on": "2026-11-03"}, format="json")  # fmt: skip
    assert approved.status_code == 200, approved.content
    steps = ["vendors_push", "bills_push"]
    for _ in range(2):
        run = push(conn, steps)
        assert run.status == "succeeded", run.message
    rows = sandbox.query_rows(
        "SELECT RECORDNO, RECORDID, STATE, TRX_TOTALENTERED, DOCNUMBER, EXTERNALID, APPROVEDON "
        "FROM apbill WHERE RECORDID LIKE ?",
        ["API-HTTP-1%"],
    )
    assert len(rows) == 1, rows
    (row,) = rows
    assert (row["RECORDID"], row["STATE"]) == ("API-HTTP-1", "Posted")
    assert (row["DOCNUMBER"], row["EXTERNALID"]) == ("INV-77", "api-ref-1")
    assert Decimal(str(row["TRX_TOTALENTERED"])) == Decimal("1000.00")
    assert str(row["APPROVEDON"])[:10] == "2026-11-03"
    read = staff.get(f"/api/v1/bills/{made.json()['id']}/").json()
    assert (read["intacct_recordno"], read["sync_state"]) == (row["RECORDNO"], "synced")
    assert date.fromisoformat(read["approved_on"]) == date(2026, 11, 3)

    # Paid manually from the bank account through the API (sent twice): one payment lands.
    paid_body = {"account_type": "bank", "paid_on": "2026-11-10"}
    url = f"/api/v1/bills/{made.json()['id']}/paid-manually/"
    for _ in range(2):
        paid = staff.post(url, paid_body, format="json", HTTP_IDEMPOTENCY_KEY="http-pay-1")
        assert paid.status_code == 201, paid.content
    for _ in range(2):
        run = push(conn, [*steps, "bill_payments_push"])
        assert run.status == "succeeded", run.message
    payments = sandbox.query_rows(
        "SELECT RECORDNO, FINANCIALENTITY, TRX_TOTALENTERED FROM appymt "
        "WHERE VENDORID = ? AND STATE <> 'Reversal'",
        ["V-API"],
    )
    assert len(payments) == 1, payments
    assert payments[0]["FINANCIALENTITY"] == "BOA-OPS"
    assert Decimal(str(payments[0]["TRX_TOTALENTERED"])) == Decimal("1000.00")
    (bill_row,) = sandbox.query_rows("SELECT STATE FROM apbill WHERE RECORDID = ?", ["API-HTTP-1"])
    assert bill_row["STATE"] == "Paid"
