"""Vendor changes made here, queued for Intacct, and the choice staff make on a conflict."""

from typing import Literal

from django.db import transaction

from ap.models import Vendor, VendorSyncBase
from ap.push.vendors import PUSHED_FIELDS, vendor_values
from integrations.models import SyncState
from integrations.sync.pending import record_mark_pending_push


class VendorConflictError(ValueError):
    """The field has no conflict to resolve."""


def vendor_save(*, vendor: Vendor) -> bool:
    """Save a vendor created or changed here and queue it for Intacct.

    Before the first local change of a synced vendor its stored values become the base the
    next push compares Intacct's values with (what both sides agreed on)."""
    with transaction.atomic():
        if vendor.pk is not None and not VendorSyncBase.objects.filter(vendor_id=vendor.pk):
            stored = Vendor.objects.get(pk=vendor.pk)
            if stored.intacct_recordno is not None and stored.sync_state == SyncState.SYNCED:
                VendorSyncBase.objects.create(vendor=stored, values=vendor_values(stored))
        return record_mark_pending_push(record=vendor)


def vendor_conflict_choose(
    *, vendor: Vendor, field: str, keep: Literal["here", "intacct"]
) -> Vendor:
    """Resolve one conflicting field: keep the value here (it is pushed) or Intacct's (it is
    taken here). The vendor is queued again either way."""
    if field not in PUSHED_FIELDS:
        raise VendorConflictError(f"{field} is not a field written to Intacct.")
    with transaction.atomic():
        base = VendorSyncBase.objects.select_for_update().get(vendor=vendor)
        if field not in base.seen_in_intacct:
            raise VendorConflictError(f"No conflict was found on {field}.")
        theirs = base.seen_in_intacct[field]
        base.values[field] = theirs
        if keep == "intacct":
            model_field = Vendor._meta.get_field(field)
            setattr(vendor, field, model_field.to_python(theirs) if theirs != "" else "")
        base.save(update_fields=["values"])
        vendor.push_version = Vendor.objects.get(pk=vendor.pk).push_version
        Vendor.objects.filter(pk=vendor.pk).update(sync_state=SyncState.PENDING_PUSH)
        vendor.sync_state = SyncState.PENDING_PUSH
        vendor.save()
    return vendor
