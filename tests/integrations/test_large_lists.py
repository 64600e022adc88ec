"""Admin lists of large tables: estimated and capped counts, cached filter choices, sorts
that an index serves, and a bounded number of queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ar.models import Invoice
from integrations.admin import large_lists
from integrations.admin.large_lists import EstimatedCountPaginator, ListCount, table_estimate
from tests.ar.helpers import changelist
from tests.factories.ar import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's row estimate (pg_class); CI's PostgreSQL stage runs it",
)


@pytest.fixture
def large(monkeypatch):
    """Every table counts as large, as at a million rows (estimate: 1,000,000 rows)."""
    monkeypatch.setattr(large_lists, "table_estimate", lambda model, using: 1_000_000)


def invoices(n: int) -> list[Invoice]:
    customer = CustomerFactory()
    return [InvoiceFactory(customer=customer, connection=customer.connection) for _ in range(n)]


def count_queries(ctx) -> list[str]:
    """Queries that count rows (not those whose columns count related rows)."""
    return [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]


def test_list_count_says_whether_it_is_estimated_or_capped():
    assert str(ListCount.of(12)) == "12"
    assert str(ListCount.of(1_000_000, estimated=True)) == "about 1,000,000"
    assert str(ListCount.of(10_000, capped=True)) == "10,000+"
    assert ListCount.of(10_000, capped=True) == 10_000


def test_small_table_is_counted_exactly():
    invoices(3)
    paginator = EstimatedCountPaginator(Invoice.objects.all(), 2)
    assert paginator.count == 3
    assert not paginator.count.estimated and paginator.num_pages == 2


def test_unfiltered_large_list_takes_the_estimate_and_runs_no_count(large):
    invoices(3)
    with CaptureQueriesContext(connection) as ctx:
        count = EstimatedCountPaginator(Invoice.objects.all(), 100).count
    assert count == 1_000_000 and count.estimated
    assert count_queries(ctx) == []


def test_filtered_large_list_counts_up_to_the_cap(large, monkeypatch):
    monkeypatch.setattr(large_lists, "COUNT_CAP", 2)
    rows = invoices(4)
    many = EstimatedCountPaginator(Invoice.objects.filter(pk__gt=0), 100).count
    assert many == 2 and many.capped and str(many) == "2+"
    few = EstimatedCountPaginator(Invoice.objects.filter(pk=rows[0].pk), 100).count
    assert few == 1 and not few.capped and not few.estimated


def test_large_list_page_shows_the_estimate_and_runs_no_full_count(staff_client, large):
    invoices(3)
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get(changelist("invoice"))
    assert response.status_code == 200
    assert "about 1,000,000" in response.content.decode()
    assert not any('FROM "ar_invoice"' in sql for sql in count_queries(ctx))
    assert len(response.context["cl"].result_list) == 3


def test_sort_ties_break_in_the_sorts_direction(staff_client):
    invoices(2)
    state_column = response_columns(staff_client).index("status_column")
    up = staff_client.get(changelist("invoice"), {"o": str(state_column)}).context["cl"]
    down = staff_client.get(changelist("invoice"), {"o": f"-{state_column}"}).context["cl"]
    # One index on (state, id) serves both.
    assert list(up.queryset.query.order_by)[-2:] == ["state", "pk"]
    assert list(down.queryset.query.order_by)[-2:] == ["-state", "-pk"]


def response_columns(client) -> list[str]:
    return list(client.get(changelist("invoice")).context["cl"].list_display)


def test_large_list_sorts_only_by_indexed_columns_of_its_own_table(staff_client, large):
    invoices(2)
    cl = staff_client.get(changelist("invoice")).context["cl"]
    sortable = {f for f in cl.list_display if cl.get_ordering_field(f) is not None}
    assert {"number", "dates_column", "status_column", "amount_money"} <= sortable
    # The customer's name (another table) and the JSON custom field would sort every row.
    assert "customer_link" not in sortable
    assert "entity_code" not in sortable
    # A sort the list no longer offers is ignored, not an error.
    customer_column = cl.list_display.index("customer_link")
    response = staff_client.get(changelist("invoice"), {"o": str(customer_column)})
    assert response.status_code == 200


def test_small_list_sorts_by_every_column(staff_client):
    invoices(2)
    cl = staff_client.get(changelist("invoice")).context["cl"]
    assert cl.get_ordering_field("customer_link") == "customer__name"


def test_filter_choices_are_read_once_and_reused(staff_client):
    rows = invoices(2)
    Invoice.objects.filter(pk=rows[0].pk).update(state="Posted")
    Invoice.objects.filter(pk=rows[1].pk).update(state="Paid")
    staff_client.get(changelist("invoice"))
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get(changelist("invoice"))
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]
    state = next(s for s in response.context["cl"].filter_specs if s.title == "state")
    assert list(state.lookup_choices) == ["Paid", "Posted"]


def test_date_hierarchy_is_a_date_range_filter(staff_client):
    invoices(1)
    response = staff_client.get(changelist("invoice"))
    cl = response.context["cl"]
    assert cl.date_hierarchy is None
    assert "invoice date" in [spec.title for spec in cl.filter_specs]
    response = staff_client.get(changelist("invoice") + "?invoice_date__gte=2000-01-01")
    assert len(response.context["cl"].result_list) == 1


@on_postgresql
def test_table_estimate_is_postgresqls_row_estimate():
    invoices(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ar_invoice")
    assert table_estimate(Invoice, "default") == 5
