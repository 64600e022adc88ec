"""Vendors to Intacct: created or updated (generic VENDOR create/update) with the pull's field
map, so what is written is exactly what the next pull reads back.

An update sends only the fields changed here since the last agreement with Intacct (the
vendor's ``VendorSyncBase``), so a field changed only in Intacct is never overwritten. A field
changed on both sides to different values is a conflict: nothing is sent, the SyncError names
both values, and staff pick one (``ap.vendor_sync.vendor_conflict_choose``).
"""

from typing import Any

from ap.declarations.parties import VENDOR
from ap.models import Vendor, VendorSyncBase
from integrations.intacct import FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.writes import Create, Update
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import PushBatch
from integrations.sync.steps import PushStep

CONFLICT = "AP-VENDOR-CONFLICT"
# What the pull reads and the push writes: every field the declaration sends both ways.
PUSHED_FIELDS = tuple(f.local for f in VENDOR.pushed)


def comparable(value: Any) -> str:
    """A field value as compared between the two sides (``None`` and "" are the same)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def vendor_values(vendor: Vendor) -> dict[str, str]:
    return {name: comparable(getattr(vendor, name)) for name in PUSHED_FIELDS}


def intacct_values(record: Record) -> dict[str, str]:
    pulled = VENDOR.pull_values(record)
    return {name: comparable(pulled.get(name)) for name in PUSHED_FIELDS}


def pending_vendors(connection: IntacctConnection) -> Any:
    return Vendor.objects.filter(connection=connection, sync_state=SyncState.PENDING_PUSH).order_by(
        "pk"
    )


def _intacct_vendors(client: Any, vendor_ids: list[str]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for start in range(0, len(vendor_ids), 1000):
        chunk = vendor_ids[start : start + 1000]
        for page in client.query("VENDOR", VENDOR.select_list(), filter=F.in_("VENDORID", chunk)):
            for record in page.records:
                found[record.text("VENDORID") or ""] = record
    return found


def conflicts(vendor: Vendor, base: dict[str, str], theirs: dict[str, str]) -> dict[str, Any]:
    """Fields changed here and in Intacct since the base, to different values."""
    mine = vendor_values(vendor)
    return {
        name: (mine[name], theirs[name])
        for name in PUSHED_FIELDS
        if mine[name] != base.get(name, "")
        and theirs[name] != base.get(name, "")
        and mine[name] != theirs[name]
    }


def prepare_vendors(batch: PushBatch) -> None:
    """Updates are checked against Intacct's current values (one query per batch)."""
    vendors: list[Vendor] = [v for v in batch.records if v.intacct_recordno is not None]
    if not vendors:
        return
    bases = {b.vendor_id: b.values for b in VendorSyncBase.objects.filter(vendor__in=vendors)}
    current = _intacct_vendors(batch.client, [v.vendor_id for v in vendors])
    for vendor in vendors:
        base = bases.get(vendor.pk)
        record = current.get(vendor.vendor_id)
        if record is None or base is None:
            vendor.push_changed = list(PUSHED_FIELDS)  # type: ignore[attr-defined]
            continue
        theirs = intacct_values(record)
        found = conflicts(vendor, base, theirs)
        if found:
            VendorSyncBase.objects.filter(vendor_id=vendor.pk).update(seen_in_intacct=theirs)
            field_labels = {f.name: str(f.verbose_name) for f in Vendor._meta.fields}
            detail = "; ".join(
                f"{field_labels.get(name, name)}: here {mine or '(blank)'!r}, "
                f"in Intacct {their or '(blank)'!r}"
                for name, (mine, their) in found.items()
            )
            batch.refuse(
                vendor,
                f"Changed both here and in Intacct since the last sync ({detail}). Choose "
                "which value to keep for each field.",
                errorno=CONFLICT,
            )
            continue
        mine = vendor_values(vendor)
        vendor.push_changed = [  # type: ignore[attr-defined]
            name for name in PUSHED_FIELDS if mine[name] != base.get(name, "")
        ]


def _fields(vendor: Vendor, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    chosen = {f.intacct for f in VENDOR.pushed if f.local in names}
    values = VENDOR.push_values(vendor)

    def keep(node: dict[str, Any], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict):
                inner = keep(value, f"{path}.")
                if inner:
                    out[key] = inner
            elif path in chosen:
                out[key] = value
        return out

    return keep(values, "")


def vendor_create(vendor: Vendor, controlid: str) -> Create:
    if not vendor.vendor_id.strip() or not vendor.name.strip():
        raise ValueError("A vendor needs a vendor ID and a name.")
    fields = _fields(vendor, PUSHED_FIELDS)
    contact = fields.setdefault("DISPLAYCONTACT", {})
    contact.setdefault("PRINTAS", vendor.name.strip())
    return Create("VENDOR", fields, controlid=controlid)


def vendor_update(vendor: Vendor, controlid: str) -> Update:
    changed = getattr(vendor, "push_changed", list(PUSHED_FIELDS))
    fields = _fields(vendor, [n for n in changed if n != "vendor_id"])
    # A blanked field is sent empty (Intacct clears it).
    for name in changed:
        field = next(f for f in VENDOR.pushed if f.local == name)
        if comparable(getattr(vendor, name)) == "" and "." not in field.intacct:
            fields[field.intacct] = None
    return Update("VENDOR", {"RECORDNO": vendor.intacct_recordno, **fields}, controlid=controlid)


def _vendor_key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    if outcome.records:
        return outcome.records[0].int("RECORDNO"), outcome.records[0].text("VENDORID") or ""
    return None, ""


def find_vendor(client: Any, vendor: Vendor) -> Record | None:
    return _intacct_vendors(client, [vendor.vendor_id]).get(vendor.vendor_id)


def vendor_pushed(vendor: Vendor) -> None:
    """What Intacct now holds is the new base."""
    VendorSyncBase.objects.update_or_create(
        vendor_id=vendor.pk, defaults={"values": vendor_values(vendor)}
    )


PUSH_VENDORS = PushStep(
    name="vendors_push",
    label="vendors (write-back)",
    object_name="VENDOR",
    model=Vendor,
    select_pending=pending_vendors,
    build=vendor_create,
    build_update=vendor_update,
    prepare=prepare_vendors,
    find_existing=find_vendor,
    key_from_outcome=_vendor_key,
    on_pushed=vendor_pushed,
)
