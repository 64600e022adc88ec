"""Cursor pages over data that changes between requests; queries per page do not grow."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ar.models import Invoice
from tests.api.data import make_book
from tests.factories.ar import (
    CustomerFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    PaymentApplicationFactory,
)


def walk(client, url):
    seen = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen.extend(r["id"] for r in body["results"])
        yield body
        url = body["next"]
    return seen


def test_no_row_lost_or_repeated_while_rows_are_added_and_removed(staff_api, db):
    customer = CustomerFactory()
    invoices = [InvoiceFactory(customer=customer) for _ in range(25)]
    first_ids = {i.pk for i in invoices}
    seen: list[int] = []
    added: list[int] = []
    removed: set[int] = set()
    url = "/api/v1/invoices/?page_size=7&ordering=id"
    page_no = 0
    while url:
        body = staff_api.get(url).json()
        seen.extend(r["id"] for r in body["results"])
        url = body["next"]
        page_no += 1
        # Between pages: a new invoice arrives and one not yet read is deleted.
        added.append(InvoiceFactory(customer=customer).pk)
        unread = Invoice.objects.exclude(pk__in=seen).exclude(pk__in=added).order_by("-pk")
        victim = unread.first()
        if victim is not None:
            removed.add(victim.pk)
            victim.delete()
    assert len(seen) == len(set(seen)), "a row was repeated"
    # Every row that existed throughout was read; new rows after the cursor are read too.
    assert first_ids - removed <= set(seen)
    assert not removed & set(seen)
    assert page_no > 3


def test_default_order_newest_first_and_ordering_on_indexed_fields(staff_api, db):
    customer = CustomerFactory()
    made = [InvoiceFactory(customer=customer, number=f"N-{n}") for n in (3, 1, 2)]
    newest_first = [r["id"] for r in staff_api.get("/api/v1/invoices/").json()["results"]]
    assert newest_first == sorted((i.pk for i in made), reverse=True)
    by_number = staff_api.get("/api/v1/invoices/?ordering=number").json()["results"]
    assert [r["number"] for r in by_number] == ["N-1", "N-2", "N-3"]


@pytest.mark.parametrize(
    "cursor",
    [
        base64.b64encode(b"p=not-a-number").decode(),
        base64.b64encode(b"o=-5&p=1").decode(),
    ],
)
def test_a_forged_cursor_is_a_404_problem(staff_api, db, cursor):
    InvoiceFactory()
    response = staff_api.get("/api/v1/invoices/", {"cursor": cursor})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Invalid cursor"


LISTS = ["invoices", "customers", "payments", "credit-memos", "sync-errors", "sync-runs"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", LISTS)
def test_queries_per_page_do_not_grow_with_rows(consultant_api, db, path):
    make_book()
    few = _queries(consultant_api, f"/api/v1/{path}/")
    for _ in range(3):
        make_book()
    many = _queries(consultant_api, f"/api/v1/{path}/")
    assert many == few


def test_invoice_detail_queries_do_not_grow_with_lines_and_applications(consultant_api, db):
    invoice = InvoiceFactory()
    InvoiceLineFactory(invoice=invoice)
    few = _queries(consultant_api, f"/api/v1/invoices/{invoice.pk}/")
    for _ in range(5):
        InvoiceLineFactory(invoice=invoice)
        PaymentApplicationFactory(invoice=invoice, connection=invoice.connection)
    assert _queries(consultant_api, f"/api/v1/invoices/{invoice.pk}/") == few
