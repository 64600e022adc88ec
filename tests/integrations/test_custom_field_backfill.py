"""Ticking a custom field offers a backfill: one run re-reads every record of the object, and
the custom field list shows how many records have a value."""

import pytest
from django.urls import reverse

from ar.models import Customer
from integrations.custom_fields import (
    custom_field_value_counts,
    custom_fields_backfill,
    custom_fields_discover,
)
from integrations.models import CustomField, SyncRun
from integrations.services import sync_run_execute, sync_start

pytestmark = pytest.mark.django_db

MASTER = ["subsidiaries", "payment_terms", "contacts", "customers"]


def test_backfill_fills_every_record_in_one_run(sandbox, connect, admin_client):
    conn = connect(sandbox)
    first = sync_start(
        connection=conn, trigger="command", stage="historical", objects=MASTER, enqueue=False
    )
    assert sync_run_execute(run=first, follow_up="none").status == "succeeded"
    custom_fields_discover(connection=conn)
    tier = CustomField.objects.get(connection=conn, field_id="CUSTOMER_TIER")
    tier.enabled = True
    tier.save()
    assert custom_field_value_counts([tier]) == {tier.pk: 0}  # ticking alone fills nothing

    expected = len(
        sandbox.query_rows(
            "SELECT RECORDNO FROM customer WHERE CUSTOMER_TIER IS NOT NULL "
            "AND CUSTOMER_TIER <> '' AND STATUS <> 'inactive'"
        )
    )
    assert expected > 0
    run = custom_fields_backfill(connection=conn, object_name="CUSTOMER", user="consultant")
    assert run.trigger == SyncRun.Trigger.BACKFILL
    done = sync_run_execute(run=run, follow_up="none")
    assert done.status == "succeeded", done.message
    assert done.counts["customers"]["read"] == Customer.objects.filter(connection=conn).count()
    assert "subsidiaries" not in done.counts or done.counts["subsidiaries"]["read"] == 0
    assert custom_field_value_counts([tier]) == {tier.pk: expected}

    listing = admin_client.get(reverse("admin:integrations_customfield_changelist"))
    assert "Records with a value" in listing.content.decode()
    row = next(f for f in listing.context["cl"].result_list if f.pk == tier.pk)
    assert row.value_count == expected


def test_the_backfill_action_queues_one_run_per_object(admin_client):
    from tests.factories.connections import IntacctConnectionFactory

    conn = IntacctConnectionFactory()
    fields = [
        CustomField.objects.create(
            connection=conn, object_name="CUSTOMER", field_id=f, label=f, enabled=True
        )
        for f in ("CUSTOMER_TIER", "CREDIT_SCORE")
    ]
    response = admin_client.post(
        reverse("admin:integrations_customfield_changelist"),
        {"action": "backfill_fields", "_selected_action": [f.pk for f in fields]},
        follow=True,
    )
    run = SyncRun.objects.get()
    assert run.trigger == "backfill" and run.parameters == {"backfill_objects": ["CUSTOMER"]}
    assert f"run #{run.pk}" in response.content.decode()
