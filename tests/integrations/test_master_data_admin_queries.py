"""The shared master data lists and pages make no query per row: counts stay flat as rows grow."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations.models import Class, Contact, Department, GLAccount, Location, Subsidiary
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(50_000)

ROWS = {
    Subsidiary: lambda n: {"location_id": f"E{n}", "name": f"Entity {n}", "currency": "USD"},
    Contact: lambda n: {"contact_name": f"Contact {n}", "email": f"c{n}@example.com"},
    GLAccount: lambda n: {"account_no": str(n), "title": f"Account {n}"},
    Department: lambda n: {"department_id": f"D{n}", "title": f"Department {n}"},
    Location: lambda n: {"location_id": f"L{n}", "name": f"Location {n}", "entity_id": "US"},
    Class: lambda n: {"class_id": f"K{n}", "name": f"Class {n}"},
}


def add_rows(conn, model, n: int):
    rows = []
    for _ in range(n):
        number = next(_numbers)
        rows.append(
            model.objects.create(
                connection=conn,
                intacct_recordno=number,
                intacct_id=str(number),
                **ROWS[model](number),
            )
        )
    return rows


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("model", list(ROWS), ids=lambda m: m.__name__)
def test_list_query_count_is_flat(admin_client, django_assert_max_num_queries, model):
    conn = IntacctConnectionFactory()
    IntacctConnectionFactory()  # a second connection: lists show the connection column
    add_rows(conn, model, 1)
    url = reverse(f"admin:integrations_{model._meta.model_name}_changelist")
    few = queries_for(admin_client, url)
    add_rows(conn, model, 40)
    with django_assert_max_num_queries(few):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 41


@pytest.mark.parametrize("model", list(ROWS), ids=lambda m: m.__name__)
def test_view_page_query_count_is_flat(admin_client, django_assert_max_num_queries, model):
    conn = IntacctConnectionFactory()
    (first,) = add_rows(conn, model, 1)
    url = reverse(f"admin:integrations_{model._meta.model_name}_change", args=[first.pk])
    few = queries_for(admin_client, url)
    add_rows(conn, model, 40)
    with django_assert_max_num_queries(few):
        admin_client.get(url)
