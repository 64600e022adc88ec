"""Custom field discovery, selection and import over real HTTP against the sandbox."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ar.models import Customer
from integrations.custom_fields import custom_fields_discover
from integrations.intacct.functions.writes import Update
from integrations.models import CustomField, SyncError, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

MASTER = ["subsidiaries", "payment_terms", "contacts", "customers"]
SEEDED = {
    ("CUSTOMER", "CRM_ACCOUNT_ID"): ("CRM account ID", "TEXT", []),
    ("CUSTOMER", "CUSTOMER_SINCE"): ("Customer since", "DATE", []),
    ("CUSTOMER", "CUSTOMER_TIER"): ("Customer tier", "ENUM", ["Gold", "Silver", "Bronze"]),
    ("CUSTOMER", "CREDIT_SCORE"): ("Credit score", "DECIMAL", []),
    ("ARINVOICE", "CONTRACT_REF"): ("Contract reference", "TEXT", []),
    ("ARINVOICE", "SERVICE_START"): ("Service start", "DATE", []),
    ("ARINVOICE", "SALES_CHANNEL"): ("Sales channel", "ENUM", ["Direct", "Partner", "Online"]),
    ("ARINVOICE", "COMMISSION_RATE"): ("Commission rate", "DECIMAL", []),
    # AP bills store custom fields too (the AP steps declare them).
    ("APBILL", "AMORTIZATION_START"): ("Amortization start", "DATE", []),
    ("APBILL", "AMORTIZATION_MONTHS"): ("Amortization months", "DECIMAL", []),
}


def run_sync(conn, stage, objects=MASTER) -> SyncRun:
    run = sync_start(
        connection=conn, trigger="command", stage=stage, objects=list(objects), enqueue=False
    )
    return sync_run_execute(run=run, follow_up="none")


def rows(conn):
    return {(f.object_name, f.field_id): f for f in CustomField.objects.filter(connection=conn)}


def test_discovery_finds_the_custom_fields_and_never_enables_one(sandbox_server, connect):
    conn = connect(sandbox_server)
    result = custom_fields_discover(connection=conn)
    found = rows(conn)
    assert {k: (f.label, f.datatype, f.valid_values) for k, f in found.items()} == SEEDED
    assert not any(f.enabled or f.missing_in_intacct for f in found.values())
    assert len(result.created) == len(SEEDED) and not result.updated

    # The consultant renames one and picks it; a field Intacct dropped is kept but flagged.
    CustomField.objects.filter(field_id="CUSTOMER_TIER").update(label="Tier", enabled=True)
    CustomField.objects.create(
        connection=conn, object_name="CUSTOMER", field_id="RETIRED_FIELD", label="Old", enabled=True
    )
    again = custom_fields_discover(connection=conn)
    found = rows(conn)
    tier = found[("CUSTOMER", "CUSTOMER_TIER")]
    assert (tier.label, tier.enabled) == ("Tier", True)
    assert found[("CUSTOMER", "RETIRED_FIELD")].missing_in_intacct
    assert again.missing == again.missing_enabled == ["CUSTOMER.RETIRED_FIELD"]
    assert not again.created and len(again.unchanged) == len(SEEDED)


def test_consultants_discover_from_the_connection_and_staff_cannot(
    sandbox_server, connect, consultant_client, staff_user
):
    conn = connect(sandbox_server)
    staff_client = Client()
    staff_client.force_login(staff_user)
    url = reverse("admin:integrations_intacctconnection_discover", args=[conn.pk])
    assert staff_client.post(url).status_code == 403
    assert not CustomField.objects.exists()

    page = consultant_client.get(
        reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    )
    assert b'id="discover-custom-fields"' in page.content
    response = consultant_client.post(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(
        reverse("admin:integrations_customfield_changelist")
    )
    assert f"{len(SEEDED)} new" in response.content.decode()
    assert len(rows(conn)) == len(SEEDED)

    # The connection list's action does the same (nothing new the second time).
    response = consultant_client.post(
        reverse("admin:integrations_intacctconnection_changelist"),
        {"action": "discover_custom_fields", "_selected_action": [conn.pk]},
        follow=True,
    )
    assert f"0 new, 0 updated, {len(SEEDED)} unchanged" in response.content.decode()

    # Picking a field with a label and type in its form.
    field = CustomField.objects.get(field_id="CREDIT_SCORE")
    change = reverse("admin:integrations_customfield_change", args=[field.pk])
    assert staff_client.get(change).status_code == 403
    response = consultant_client.post(
        change, {"label": "Score", "datatype": "INTEGER", "enabled": "on"}
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.label, field.datatype, field.enabled) == ("Score", "INTEGER", True)


def test_a_chosen_field_intacct_no_longer_has_gives_the_catalogue_error(sandbox, connect):
    conn = connect(sandbox)
    custom_fields_discover(connection=conn)
    CustomField.objects.filter(field_id="CUSTOMER_TIER").update(enabled=True)
    # Chosen when Intacct still had it; the sandbox cannot drop a field at run time, so the
    # row stands for one that was deleted in Intacct since.
    CustomField.objects.create(
        connection=conn,
        object_name="CUSTOMER",
        field_id="LOYALTY_LEVEL",
        label="Loyalty level",
        datatype="TEXT",
        enabled=True,
    )

    run = run_sync(conn, "historical")
    assert run.status == "partially_failed", run.message
    assert "Customers" in run.message
    assert run.counts["contacts"]["created"] > 0
    error = SyncError.objects.get(step="customers", status="open")
    assert error.errorno == "DL02000001"
    assert error.catalogue_entry is not None
    assert error.catalogue_entry.title == "Unknown field in query"
    assert "LOYALTY_LEVEL" in " ".join(e["correction"] for e in error.errors)
    assert "LOYALTY_LEVEL" in error.raw_response
    assert not Customer.objects.exists()

    # Unticking it lets the next run through and resolves the error.
    CustomField.objects.filter(field_id="LOYALTY_LEVEL").update(enabled=False)
    later = run_sync(conn, "historical")
    assert later.status == "succeeded", later.message
    assert Customer.objects.exists()
    error.refresh_from_db()
    assert error.status == "resolved"


def test_a_custom_field_change_in_intacct_arrives_incrementally(sandbox, connect):
    conn = connect(sandbox)
    custom_fields_discover(connection=conn)
    CustomField.objects.filter(field_id__in=["CUSTOMER_TIER", "CREDIT_SCORE"]).update(enabled=True)
    assert run_sync(conn, "historical").status == "succeeded"
    seeded = {
        r["RECORDNO"]: r
        for r in sandbox.query_rows(
            "SELECT RECORDNO, CUSTOMER_TIER, CREDIT_SCORE FROM customer WHERE STATUS <> 'inactive'"
        )
    }
    for customer in Customer.objects.all():
        row = seeded[customer.intacct_recordno]
        values = customer.custom_fields
        assert set(values) == {"CUSTOMER_TIER", "CREDIT_SCORE"}
        assert values["CUSTOMER_TIER"] == row["CUSTOMER_TIER"]
        score = values["CREDIT_SCORE"]
        assert (score and Decimal(score)) == (
            row["CREDIT_SCORE"] and Decimal(str(row["CREDIT_SCORE"]))
        )

    target = Customer.objects.exclude(custom_fields__CUSTOMER_TIER="Gold").first()
    [outcome] = client_for(conn).execute(
        [
            Update(
                "CUSTOMER",
                {"CUSTOMERID": target.customer_id, "CUSTOMER_TIER": "Gold", "CREDIT_SCORE": "812"},
                controlid="cf-update-1",
            )
        ]
    )
    assert outcome.ok, outcome.errors

    run = run_sync(conn, "incremental")
    assert run.status == "succeeded", run.message
    assert run.counts["customers"]["updated"] == 1
    target.refresh_from_db()
    assert target.custom_fields == {"CUSTOMER_TIER": "Gold", "CREDIT_SCORE": "812"}
