"""Bills entered here and their life: approval (and its retraction), payment statuses,
dispute and deletion. Each change that moves what Intacct should hold queues the bill for the
next push (``ap.push.bills``); a change between payment statuses of a posted bill does not.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ap.models import Bill, BillEntry, BillStatus, Vendor
from ap.models.lifecycle import DocumentOrigin
from ap.push.bills import bill_target, push_settings
from integrations.models import IntacctConnection
from integrations.sync.pending import record_mark_pending_push


class BillLifecycleError(ValueError):
    """A transition the bill's status does not allow."""


# Fields whose change Intacct must see (the rest are the life of the bill here).
_LOCAL_ONLY = frozenset({"app_status", "approved_by"})


def _held(bill: Bill) -> str:
    return bill.pushed_as if bill.intacct_recordno is not None else "absent"


def _store(bill: Bill) -> bool:
    """Save; queue for Intacct when what it should hold or a written value changed."""
    target = bill_target(bill, push_settings(bill.connection))
    if bill.pk is not None and target == _held(bill) and target == "absent":
        bill.save()
        return False
    if bill.pk is not None and target == _held(bill):
        stored = Bill.objects.get(pk=bill.pk)
        changed = {
            f.attname
            for f in Bill._meta.concrete_fields
            if getattr(stored, f.attname) != getattr(bill, f.attname)
        }
        if changed <= _LOCAL_ONLY:
            Bill.objects.filter(pk=bill.pk).update(
                **{name: getattr(bill, name) for name in changed}
            )
            return False
    return record_mark_pending_push(record=bill)


def bill_create(
    *,
    connection: IntacctConnection,
    vendor: Vendor,
    number: str,
    bill_date: date,
    lines: Iterable[Mapping[str, Any]],
    due_date: date | None = None,
    reference: str = "",
    reference_code: str = "",
    description: str = "",
    currency: str = "",
) -> Bill:
    """A bill entered here, pending approval (lines: gl_account, amount, memo, location_id,
    department_id, amortization_start, amortization_template_id)."""
    entries = [dict(line) for line in lines]
    if not entries:
        raise BillLifecycleError("A bill needs at least one line.")
    total = sum((Decimal(str(e["amount"])) for e in entries), Decimal(0))
    with transaction.atomic():
        bill = Bill(
            connection=connection,
            origin=DocumentOrigin.APP,
            app_status=BillStatus.PENDING_APPROVAL,
            vendor=vendor,
            vendor_intacct_id=vendor.vendor_id,
            number=number,
            bill_date=bill_date,
            due_date=due_date,
            reference=reference,
            reference_code=reference_code,
            description=description,
            currency=currency,
            total_entered=total,
            total_due=total,
        )
        _store(bill)
        _entries_create(bill, entries)
    return bill


def _entries_create(bill: Bill, entries: list[dict[str, Any]]) -> None:
    BillEntry.objects.bulk_create(
        BillEntry(
            bill=bill,
            line_no=n,
            gl_account=str(e["gl_account"]),
            amount=Decimal(str(e["amount"])),
            memo=str(e.get("memo", "")),
            location_id=str(e.get("location_id", "")),
            department_id=str(e.get("department_id", "")),
            amortization_start=e.get("amortization_start"),
            amortization_template_id=str(e.get("amortization_template_id", "")),
        )
        for n, e in enumerate(entries, start=1)
    )


class NotAnAppBill(BillLifecycleError):
    """A bill pulled from Intacct: it changes in Intacct, never here."""


# What may change on a bill entered here before it is approved.
BILL_HEADER_FIELDS = frozenset(
    {"number", "bill_date", "due_date", "reference", "reference_code", "description"}
)


def bill_owned(bill: Bill) -> Bill:
    """``bill`` if it was entered here; NotAnAppBill for a bill Intacct owns."""
    if bill.origin != DocumentOrigin.APP:
        raise NotAnAppBill(
            f"Bill {bill} was imported from Intacct: it is read-only here (change it in Intacct)."
        )
    return bill


def bill_change(
    *,
    bill: Bill,
    changes: Mapping[str, Any],
    lines: Iterable[Mapping[str, Any]] | None = None,
) -> Bill:
    """Change a bill entered here while it is pending approval: header fields (``changes``,
    of BILL_HEADER_FIELDS) and, when given, all its lines (the totals follow them)."""
    bill.refresh_from_db()
    bill_owned(bill)
    if bill.app_status != BillStatus.PENDING_APPROVAL or bill.source_document_id is not None:
        raise BillLifecycleError(
            f"Only bills pending approval and not matched to a PO can change ({bill.app_status})."
        )
    unknown = sorted(set(changes) - BILL_HEADER_FIELDS)
    if unknown:
        raise BillLifecycleError(f"These fields cannot change here: {', '.join(unknown)}.")
    entries = None if lines is None else [dict(line) for line in lines]
    if entries is not None and not entries:
        raise BillLifecycleError("A bill needs at least one line.")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(bill, name, value)
        if entries is not None:
            total = sum((Decimal(str(e["amount"])) for e in entries), Decimal(0))
            bill.total_entered = total
            bill.total_due = total
        queued = _store(bill)
        if entries is not None:
            before = _entry_values(bill)
            BillEntry.objects.filter(bill=bill).delete()
            _entries_create(bill, entries)
            held = bill_target(bill, push_settings(bill.connection)) != "absent"
            if not queued and held and _entry_values(bill) != before:
                # Same total, other lines: Intacct holds the old ones until it is sent again.
                record_mark_pending_push(record=bill, related_changed=True)
    return bill


_ENTRY_VALUES = (
    "gl_account",
    "amount",
    "memo",
    "location_id",
    "department_id",
    "amortization_start",
    "amortization_template_id",
)


def _entry_values(bill: Bill) -> list[tuple[Any, ...]]:
    return list(
        BillEntry.objects.filter(bill=bill).order_by("line_no", "id").values_list(*_ENTRY_VALUES)
    )


def bill_approve(*, bill: Bill, approved_on: date, approved_by: str) -> Bill:
    """Approve (or approve again after a retraction): scheduled for payment."""
    bill.refresh_from_db()  # what the last push recorded, not a stale copy
    if bill.app_status not in (BillStatus.PENDING_APPROVAL,):
        raise BillLifecycleError(
            f"Only bills pending approval can be approved ({bill.app_status})."
        )
    bill.approved_on = approved_on
    bill.approved_by = approved_by
    bill.retracted_on = None
    bill.app_status = BillStatus.SCHEDULED
    _store(bill)
    return bill


def bill_retract_approval(*, bill: Bill, retracted_on: date) -> Bill:
    """Send an approved bill back to AP: a posted bill is reversed in Intacct that day."""
    bill.refresh_from_db()  # what the last push recorded, not a stale copy
    if bill.app_status not in (BillStatus.SCHEDULED, BillStatus.SUBMITTED):
        raise BillLifecycleError(
            f"Only approved, unpaid bills can be sent back ({bill.app_status})."
        )
    bill.retracted_on = retracted_on
    bill.approved_on = None
    bill.approved_by = ""
    bill.app_status = BillStatus.PENDING_APPROVAL
    _store(bill)
    return bill


_MOVES: dict[str, frozenset[str]] = {
    BillStatus.SUBMITTED: frozenset({BillStatus.SCHEDULED}),
    BillStatus.SCHEDULED: frozenset({BillStatus.SUBMITTED}),
    BillStatus.PARTIALLY_PAID: frozenset(
        {BillStatus.SCHEDULED, BillStatus.SUBMITTED, BillStatus.PARTIALLY_PAID, BillStatus.PAID}
    ),
    BillStatus.PAID: frozenset(
        {BillStatus.SCHEDULED, BillStatus.SUBMITTED, BillStatus.PARTIALLY_PAID}
    ),
    BillStatus.DISPUTED: frozenset(
        {BillStatus.PENDING_APPROVAL, BillStatus.SCHEDULED, BillStatus.SUBMITTED}
    ),
    BillStatus.DELETED: frozenset(
        {
            BillStatus.PENDING_APPROVAL,
            BillStatus.SCHEDULED,
            BillStatus.SUBMITTED,
            BillStatus.DISPUTED,
        }
    ),
}


def bill_set_status(*, bill: Bill, status: str) -> Bill:
    """Move a bill to ``status`` (submitted, paid, disputed, deleted, ...)."""
    bill.refresh_from_db()  # what the last push recorded, not a stale copy
    allowed = _MOVES.get(status)
    if allowed is None or bill.app_status not in allowed:
        raise BillLifecycleError(f"A bill cannot go from {bill.app_status} to {status}.")
    bill.app_status = status
    _store(bill)
    return bill


def bill_restore(*, bill: Bill) -> Bill:
    """Undispute or undelete: back to approved (scheduled) when it was, else pending."""
    bill.refresh_from_db()  # what the last push recorded, not a stale copy
    if bill.app_status not in (BillStatus.DISPUTED, BillStatus.DELETED):
        raise BillLifecycleError("Only disputed or deleted bills can be restored.")
    bill.app_status = BillStatus.SCHEDULED if bill.approved_on else BillStatus.PENDING_APPROVAL
    _store(bill)
    return bill


def bill_paid_status(*, bill: Bill, paid: Decimal) -> None:
    """Status from what the payments made here cover (no write to Intacct of its own)."""
    total = bill.total_entered or Decimal(0)
    if paid >= total:
        status = BillStatus.PAID
    else:
        status = BillStatus.PARTIALLY_PAID if paid > 0 else BillStatus.SCHEDULED
    Bill.objects.filter(pk=bill.pk).update(app_status=status)
    bill.app_status = status
