"""AR list filters return exactly the right rows: aging buckets, overdue, custom fields."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from ar.models import Customer
from integrations.admin.custom_field_columns import MAX_VALUE_CHOICES
from integrations.models import CustomField
from tests.ar.helpers import changelist, days_ago, listed
from tests.factories.ar import CustomerFactory, InvoiceFactory, PaymentFactory

pytestmark = pytest.mark.django_db

# Days past due of each open invoice, chosen at the edges of every bucket.
EDGES = (-5, -1, 0, 1, 30, 31, 60, 61, 90, 91, 400)
BUCKETS = {
    "current": {-5, -1},
    "0-30": {0, 1, 30},
    "31-60": {31, 60},
    "61-90": {61, 90},
    "90+": {91, 400},
}


@pytest.fixture
def aged():
    """Open invoices at each edge, plus closed ones that must never appear in a bucket."""
    customer = CustomerFactory()
    by_days = {d: InvoiceFactory(customer=customer, due_date=days_ago(d)).pk for d in EDGES}
    closed = [
        InvoiceFactory(customer=customer, due_date=days_ago(45), state="Paid", total_paid=100),
        InvoiceFactory(customer=customer, due_date=days_ago(45), state="Draft"),
        InvoiceFactory(customer=customer, due_date=days_ago(45), state="Reversed"),
        # Posted but nothing left to pay (Intacct reports TOTALDUE 0).
        InvoiceFactory(customer=customer, due_date=days_ago(45), total_paid=100),
    ]
    return customer, by_days, {i.pk for i in closed}


@pytest.mark.parametrize("bucket", sorted(BUCKETS))
def test_aging_buckets_at_their_boundaries(staff_client, aged, bucket):
    _, by_days, _ = aged
    assert listed(staff_client, "invoice", aging=bucket) == {by_days[d] for d in BUCKETS[bucket]}


def test_aging_column_matches_the_filter(staff_client, aged):
    _, by_days, closed = aged
    response = staff_client.get(changelist("invoice"))
    rows = {obj.pk: obj for obj in response.context["cl"].result_list}
    for days, pk in by_days.items():
        assert rows[pk].days_past_due.days == days
        expected = next(key for key, members in BUCKETS.items() if days in members)
        assert rows[pk].aging == expected
    for pk in closed:
        assert rows[pk].aging == "" and rows[pk].days_past_due is None
        assert rows[pk].balance == 0


def test_due_filter(staff_client, aged):
    _, by_days, closed = aged
    overdue = {pk for d, pk in by_days.items() if d >= 1}
    assert listed(staff_client, "invoice", due="overdue") == overdue
    assert listed(staff_client, "invoice", due="not_overdue") == set(by_days.values()) - overdue
    assert listed(staff_client, "invoice", due="closed") == closed


def test_customer_aging_totals_and_filters(staff_client):
    late, fine, paid_up = CustomerFactory(), CustomerFactory(), CustomerFactory()
    InvoiceFactory(customer=late, due_date=days_ago(10), total_entered=Decimal("100.00"))
    InvoiceFactory(customer=late, due_date=days_ago(45), total_entered=Decimal("250.50"))
    InvoiceFactory(
        customer=late,
        due_date=days_ago(100),
        total_entered=Decimal("80.00"),
        total_paid=Decimal("30.00"),
        state="Partially Paid",
    )
    InvoiceFactory(customer=late, due_date=days_ago(200), state="Paid", total_paid=100)
    InvoiceFactory(customer=fine, due_date=days_ago(-10), total_entered=Decimal("70.00"))
    PaymentFactory(customer=paid_up)

    response = staff_client.get(changelist("customer"))
    rows = {c.pk: c for c in response.context["cl"].result_list}
    row = rows[late.pk]
    assert row.open_balance == Decimal("400.50")
    assert row.overdue_balance == Decimal("400.50")
    assert (row.aging_0_30, row.aging_31_60, row.aging_61_90, row.aging_90_plus) == (
        Decimal("100.00"),
        Decimal("250.50"),
        Decimal("0.00"),
        Decimal("50.00"),
    )
    assert (rows[fine.pk].open_balance, rows[fine.pk].overdue_balance) == (Decimal("70.00"), 0)
    assert rows[paid_up.pk].open_balance == 0
    # Sums print to the cent on every backend (SQLite sums decimals as floats).
    body = response.content.decode()
    assert "400.50" in body and "400.500" not in body
    page = staff_client.get(reverse("admin:ar_customer_change", args=[late.pk])).content.decode()
    assert "<td>400.50</td><td>400.50</td><td>100.00</td><td>250.50</td>" in page

    assert listed(staff_client, "customer", overdue="yes") == {late.pk}
    assert listed(staff_client, "customer", overdue="no") == {fine.pk, paid_up.pk}
    assert listed(staff_client, "customer", aging="90+") == {late.pk}
    assert listed(staff_client, "customer", aging="61-90") == set()
    assert listed(staff_client, "customer", aging="current") == {fine.pk}


def test_standard_filters(staff_client):
    usd = InvoiceFactory()
    eur = InvoiceFactory(currency="EUR")
    partial = InvoiceFactory(state="Partially Paid", total_paid=10)
    assert listed(staff_client, "invoice", currency="EUR") == {eur.pk}
    assert listed(staff_client, "invoice", state="Partially Paid") == {partial.pk}
    assert listed(staff_client, "invoice", subsidiary__id__exact=usd.subsidiary_id) == {usd.pk}
    assert listed(staff_client, "invoice", sync_state="synced") == {usd.pk, eur.pk, partial.pk}
    assert listed(staff_client, "invoice", sync_state="failed") == set()


@pytest.fixture
def channel(db):
    """The sandbox's SALES_CHANNEL picklist, enabled on one connection."""
    invoices = {
        "Direct": InvoiceFactory(custom_fields={"SALES_CHANNEL": "Direct"}),
        "Partner": InvoiceFactory(custom_fields={"SALES_CHANNEL": "Partner"}),
        "null": InvoiceFactory(custom_fields={"SALES_CHANNEL": None}),
        "missing": InvoiceFactory(custom_fields={}),
    }
    CustomField.objects.create(
        connection=invoices["Direct"].connection,
        object_name="ARINVOICE",
        field_id="SALES_CHANNEL",
        label="Sales channel",
        datatype="ENUM",
        valid_values=["Direct", "Partner", "Online"],
        enabled=True,
    )
    return {k: v.pk for k, v in invoices.items()}


def test_custom_field_picklist_filter(staff_client, channel):
    params = "cf_SALES_CHANNEL"
    assert listed(staff_client, "invoice", **{params: "Direct"}) == {channel["Direct"]}
    assert listed(staff_client, "invoice", **{params: "Online"}) == set()
    assert listed(staff_client, "invoice", **{params: "__blank__"}) == {
        channel["null"],
        channel["missing"],
    }
    assert listed(staff_client, "invoice", **{params: "__present__"}) == {
        channel["Direct"],
        channel["Partner"],
    }
    body = staff_client.get(changelist("invoice")).content.decode()
    # A column and a filter titled with the consultant's label, offering the picklist.
    assert "column-cf_SALES_CHANNEL" in body
    assert "By Sales channel" in body and "?cf_SALES_CHANNEL=Online" in body


def test_disabled_custom_field_is_neither_column_nor_filter(staff_client, channel):
    CustomField.objects.update(enabled=False)
    body = staff_client.get(changelist("invoice")).content.decode()
    assert "cf_SALES_CHANNEL" not in body


def test_custom_field_text_number_and_boolean_filters(staff_client):
    gold = CustomerFactory(custom_fields={"CRM_ACCOUNT_ID": "CRM-1", "VIP": True, "SCORE": "720"})
    other = CustomerFactory(
        connection=gold.connection,
        custom_fields={"CRM_ACCOUNT_ID": "CRM-2", "VIP": False, "SCORE": "610.5"},
    )
    plain = CustomerFactory(connection=gold.connection, custom_fields={})
    for field_id, datatype in (
        ("CRM_ACCOUNT_ID", "TEXT"),
        ("VIP", "BOOLEAN"),
        ("SCORE", "DECIMAL"),
    ):
        CustomField.objects.create(
            connection=gold.connection,
            object_name="CUSTOMER",
            field_id=field_id,
            label=field_id.title(),
            datatype=datatype,
            enabled=True,
        )
    assert listed(staff_client, "customer", cf_CRM_ACCOUNT_ID="CRM-2") == {other.pk}
    assert listed(staff_client, "customer", cf_VIP="true") == {gold.pk}
    assert listed(staff_client, "customer", cf_VIP="false") == {other.pk}
    assert listed(staff_client, "customer", cf_VIP="__blank__") == {plain.pk}
    assert listed(staff_client, "customer", cf_SCORE="610.5") == {other.pk}
    body = staff_client.get(changelist("customer")).content.decode()
    # Text values present in the data are offered as choices, unless there are too many.
    assert "?cf_CRM_ACCOUNT_ID=CRM-1" in body and "?cf_SCORE=720" in body
    for n in range(MAX_VALUE_CHOICES):
        CustomerFactory(connection=gold.connection, custom_fields={"CRM_ACCOUNT_ID": f"X{n}"})
    # Choices are read once per CHOICES_TTL; the cache expiring stands in for the wait.
    cache.clear()
    body = staff_client.get(changelist("customer")).content.decode()
    assert "?cf_CRM_ACCOUNT_ID=CRM-1" not in body and "?cf_CRM_ACCOUNT_ID=__blank__" in body
    assert "?cf_SCORE=720" in body
    assert listed(staff_client, "customer", cf_CRM_ACCOUNT_ID="X7") == {
        c.pk for c in Customer.objects.filter(custom_fields__CRM_ACCOUNT_ID="X7")
    }


def test_bad_filter_values_are_refused_clearly(staff_client):
    InvoiceFactory()
    response = staff_client.get(changelist("payment"), {"invoice": "1 OR 1=1"})
    assert response.status_code == 302 and response.url.endswith("?e=1")
    assert listed(staff_client, "invoice", aging="nonsense") == set(listed(staff_client, "invoice"))
