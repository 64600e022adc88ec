"""Every read endpoint, for each role: allowed and refused; what a record shows."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.api.data import make_book

# (path, attribute of the book whose record it lists)
LISTS = {
    "entities": "entity",
    "contacts": "contact",
    "gl-accounts": "gl_account",
    "customers": "customer",
    "invoices": "invoice",
    "payments": "payment",
    "credit-memos": "credit_memo",
    "sync-runs": "run",
    "sync-errors": "record_error",
    "connections": "connection",
}
STAFF_REFUSED = {"connections"}


@pytest.fixture
def book(db):
    return make_book()


@pytest.mark.parametrize("path", sorted(LISTS))
@pytest.mark.parametrize("role", ["staff", "consultant"])
def test_roles_read_what_the_admin_shows_them(api_for, book, path, role):
    client = api_for(role)
    record = getattr(book, LISTS[path])
    listed = client.get(f"/api/v1/{path}/")
    one = client.get(f"/api/v1/{path}/{record.pk}/")
    if role == "staff" and path in STAFF_REFUSED:
        assert listed.status_code == one.status_code == 403
        assert listed["Content-Type"] == "application/problem+json"
        assert listed.json()["status"] == 403
        return
    assert listed.status_code == 200, listed.content
    assert record.pk in [r["id"] for r in listed.json()["results"]]
    assert one.status_code == 200
    assert one.json()["id"] == record.pk


@pytest.mark.parametrize("path", sorted(LISTS))
def test_a_user_without_a_role_and_an_anonymous_caller_are_refused(api_for, book, path):
    assert api_for(None).get(f"/api/v1/{path}/").status_code == 403
    anonymous = APIClient().get(f"/api/v1/{path}/")
    assert anonymous.status_code == 401
    assert anonymous.json()["title"] == "Unauthorized"
    assert anonymous["WWW-Authenticate"] == "Token"


def test_the_admin_session_works_too(client, staff_user, book):
    client.force_login(staff_user)
    response = client.get("/api/v1/invoices/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_an_invoice_shows_both_ids_strings_for_amounts_iso_dates_and_its_parts(
    consultant_api, book
):
    body = consultant_api.get(f"/api/v1/invoices/{book.invoice.pk}/").json()
    assert body["id"] == book.invoice.pk
    assert body["intacct_recordno"] == book.invoice.intacct_recordno
    assert body["intacct_id"] == book.invoice.number
    assert body["total_entered"] == "1234.50"
    assert Decimal(body["total_due"]) == book.invoice.total_due
    assert body["invoice_date"] == book.invoice.invoice_date.isoformat()
    assert body["entity_id"] == book.entity.location_id
    assert [line["amount"] for line in body["lines"]] == ["1234.50"]
    assert [a["payment"] for a in body["applications"]] == [book.payment.pk]
    (document,) = body["documents"]
    assert document["download_url"] == f"/ar/documents/{book.invoice.documents.get().pk}/"
    assert "file" not in document


def test_a_sync_error_carries_the_catalogue_fix(staff_api, book):
    body = staff_api.get(f"/api/v1/sync-errors/{book.record_error.pk}/").json()
    fix = body["catalogue_fix"]
    assert fix["title"] == "Customer on hold"
    assert fix["fix_steps"] == "Take it off hold."
    assert fix["admin_link"] == (
        f"/admin/integrations/intacctconnection/{book.connection.pk}/change/"
    )


def test_a_sync_run_shows_its_counts_and_progress(staff_api, book):
    body = staff_api.get(f"/api/v1/sync-runs/{book.run.pk}/").json()
    assert body["counts"] == {"ARINVOICE": {"read": 2, "created": 1, "failed": 1}}
    assert body["progress"]["step"] == "invoices"
    assert body["status"] == "partially_failed"


def test_a_connection_never_shows_a_password(consultant_api, book):
    raw = consultant_api.get(f"/api/v1/connections/{book.connection.pk}/").content.decode()
    listed = consultant_api.get("/api/v1/connections/").content.decode()
    for secret in ("ws_user_pw", "demo_sender_pw"):
        assert secret not in raw
        assert secret not in listed
    assert "password" not in raw


def test_filters_match_the_admins(staff_api, book):
    def numbers(query):
        response = staff_api.get(f"/api/v1/invoices/?{query}")
        assert response.status_code == 200, response.content
        return {r["number"] for r in response.json()["results"]}

    both = {book.invoice.number, book.overdue_invoice.number}
    assert numbers("due=overdue") == {book.overdue_invoice.number}
    assert numbers("due=not_overdue") == {book.invoice.number}
    assert numbers("due=open") == both
    assert numbers("currency=EUR") == {book.overdue_invoice.number}
    assert numbers(f"entity={book.entity.location_id}") == both
    assert numbers("entity=NOPE") == set()
    assert numbers("state=Paid") == set()
    assert numbers("sync_state=pending_push") == set()
    assert numbers(f"due_before={book.invoice.due_date.isoformat()}") == both
    assert numbers("updated_since=2000-01-01T00:00:00Z") == set()


def test_a_bad_filter_value_is_a_field_error(staff_api, book):
    response = staff_api.get("/api/v1/invoices/?due=someday&due_before=tomorrow")
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"due", "due_before"}
    assert body["type"] == "about:blank"


def test_times_are_taken_to_utc_and_out_of_range_ones_are_field_errors(staff_api, book):
    # An offset PostgreSQL cannot hold is converted first, not sent to the database.
    odd = staff_api.get("/api/v1/invoices/", {"updated_since": "1272-03-20T04:30:16-16:54"})
    assert odd.status_code == 200
    too_early = staff_api.get("/api/v1/invoices/", {"updated_since": "0001-01-01T00:00:00+05:00"})
    assert too_early.status_code == 400
    assert list(too_early.json()["errors"]) == ["updated_since"]
    huge = staff_api.get("/api/v1/invoices/", {"connection": str(2**70)})
    assert huge.status_code == 400
    assert list(huge.json()["errors"]) == ["connection"]
