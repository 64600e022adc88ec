"""Vendors both ways over HTTP against the sandbox: created and updated here (the pull's field
map), suspended here = inactive there and back, terms changed on either side, a field changed
on both sides is a conflict the user resolves, a field changed only in Intacct is kept."""

import pytest
from django.urls import reverse

from ap.models import Vendor, VendorStatus, VendorSyncBase
from ap.vendor_sync import vendor_conflict_choose, vendor_save
from integrations.intacct.functions.writes import Update
from integrations.models import SyncError, SyncState

from .push_helpers import in_intacct, pull, push

pytestmark = pytest.mark.django_db

STEPS = ["vendors_push"]


@pytest.fixture
def conn(sandbox, connect):
    conn = connect(sandbox)
    pull(conn, ["ap_terms"], stage="initial")
    return conn


def intacct_vendor(sandbox, vendor_id):
    (row,) = sandbox.query_rows(
        "SELECT RECORDNO, NAME, STATUS, TERMNAME, TAXID FROM vendor WHERE VENDORID = ?",
        [vendor_id],
    )
    return row


def new_vendor(conn, vendor_id="V-APP-1", name="Northwind Paper"):
    vendor = Vendor(
        connection=conn, vendor_id=vendor_id, name=name, term_name="N30", tax_id="12-345"
    )
    vendor_save(vendor=vendor)
    return vendor


def test_created_updated_suspended_and_terms_both_ways(sandbox, conn):
    vendor = new_vendor(conn)
    run = push(conn, STEPS)
    assert run.status == "succeeded", run.message
    row = intacct_vendor(sandbox, "V-APP-1")
    assert (row["NAME"], row["STATUS"], row["TERMNAME"], row["TAXID"]) == (
        "Northwind Paper", "active", "N30", "12-345",
    )  # fmt: skip
    vendor.refresh_from_db()
    assert vendor.intacct_recordno == row["RECORDNO"]
    assert vendor.sync_state == SyncState.SYNCED

    # Suspended here -> inactive in Intacct; terms changed here -> written.
    vendor.status = VendorStatus.SUSPENDED
    vendor.term_name = "N45"
    assert vendor_save(vendor=vendor)
    push(conn, STEPS)
    row = intacct_vendor(sandbox, "V-APP-1")
    assert (row["STATUS"], row["TERMNAME"]) == ("inactive", "N45")

    # Active and terms changed in Intacct -> active here with Intacct's terms.
    in_intacct(conn, Update("VENDOR", {"RECORDNO": row["RECORDNO"], "STATUS": "active",
                                        "TERMNAME": "N60"}, controlid="t-v1"))  # fmt: skip
    pull(conn, ["vendors"])
    vendor.refresh_from_db()
    assert (vendor.status, vendor.term_name) == (VendorStatus.ACTIVE, "N60")

    # Unchanged since: a push sends nothing.
    assert push(conn, STEPS).status == "succeeded"
    assert intacct_vendor(sandbox, "V-APP-1")["TERMNAME"] == "N60"


def test_a_field_changed_on_both_sides_is_a_conflict_the_user_resolves(sandbox, conn, admin_client):
    vendor = new_vendor(conn, "V-APP-2", "Contoso Supplies")
    push(conn, STEPS)
    recordno = intacct_vendor(sandbox, "V-APP-2")["RECORDNO"]

    # Intacct: name and tax ID changed; here: name changed (conflict), terms changed (only here).
    in_intacct(conn, Update("VENDOR", {"RECORDNO": recordno, "NAME": "Contoso (Intacct)",
                                        "TAXID": "99-999"}, controlid="t-v2"))  # fmt: skip
    vendor.name = "Contoso (hub)"
    vendor.term_name = "N45"
    vendor_save(vendor=vendor)
    push(conn, STEPS)

    vendor.refresh_from_db()
    assert vendor.sync_state == SyncState.FAILED
    error = SyncError.objects.get(local_pk=str(vendor.pk), status=SyncError.Status.OPEN)
    assert error.errorno == "AP-VENDOR-CONFLICT"
    assert "Contoso (hub)" in error.summary and "Contoso (Intacct)" in error.summary
    assert error.catalogue_entry is not None
    row = intacct_vendor(sandbox, "V-APP-2")
    assert (row["NAME"], row["TERMNAME"]) == ("Contoso (Intacct)", "N30")  # nothing sent

    # The conflicts page shows both values; the user keeps the name here: it is written,
    # Intacct's tax ID is not overwritten.
    base = VendorSyncBase.objects.get(vendor=vendor)
    page = admin_client.get(reverse("admin:ap_vendorsyncbase_change", args=[base.pk]))
    text = page.content.decode()
    assert "here <b>Contoso (hub)</b>, in Intacct <b>Contoso (Intacct)</b>" in text
    assert "taxid" not in text.lower().split("choose per field")[-1].split("</form>")[0]
    admin_client.post(reverse("admin:ap_vendorsyncbase_choose", args=[base.pk]), {"here": "name"})
    assert push(conn, STEPS).status == "succeeded"
    row = intacct_vendor(sandbox, "V-APP-2")
    assert (row["NAME"], row["TERMNAME"], row["TAXID"]) == ("Contoso (hub)", "N45", "99-999")
    vendor.refresh_from_db()
    assert vendor.sync_state == SyncState.SYNCED
    assert not SyncError.objects.filter(local_pk=str(vendor.pk), status=SyncError.Status.OPEN)

    # Next time the user keeps Intacct's value: taken here, nothing overwritten there.
    in_intacct(conn, Update("VENDOR", {"RECORDNO": recordno, "NAME": "Contoso Ltd"},
                            controlid="t-v3"))  # fmt: skip
    vendor.name = "Contoso Inc"
    vendor_save(vendor=vendor)
    push(conn, STEPS)
    vendor_conflict_choose(vendor=vendor, field="name", keep="intacct")
    vendor.refresh_from_db()
    assert vendor.name == "Contoso Ltd"
    push(conn, STEPS)
    assert intacct_vendor(sandbox, "V-APP-2")["NAME"] == "Contoso Ltd"
    vendor.refresh_from_db()
    assert vendor.sync_state == SyncState.SYNCED
