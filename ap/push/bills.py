"""Bills entered here to Intacct, by status (generic APBILL create/update/delete and the
legacy ``reverse_bill``).

What Intacct should hold follows the bill's status (``bill_target``):

- *scheduled*, *submitted*, *partially paid*, *paid*: a posted bill;
- *pending approval*: a draft when the connection syncs before approval (never for bills
  from PO matching), else nothing;
- *disputed*, *deleted*, or an approval retracted: nothing.

One function per bill and version moves Intacct there: create (draft or posted), update
(``ACTION Submit`` posts a draft), delete, or ``reverse_bill`` dated with the retraction
date when an approved, posted bill's approval is retracted. A reversed bill keeps its number
in Intacct, so a bill approved again is written as a new bill numbered ``<number>-<n>``.
"""

from typing import Any, Literal

from ap.models import APPushSettings, Bill, BillEntry, BillStatus
from ap.models.lifecycle import POSTED_STATUSES, DocumentOrigin
from integrations.intacct import Function, FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.legacy import ReverseBill
from integrations.intacct.functions.writes import Create, Delete, Update
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import INVALID, PushBatch
from integrations.sync.steps import PushStep

Target = Literal["posted", "draft", "absent"]
PAID_STATES = ("Paid", "Partially Paid", "Selected")


def push_settings(connection: IntacctConnection) -> APPushSettings:
    settings, _ = APPushSettings.objects.get_or_create(connection=connection)
    return settings


def bill_target(bill: Bill, settings: APPushSettings) -> Target:
    """What Intacct should hold of ``bill``."""
    if bill.origin != DocumentOrigin.APP or bill.retracted_on is not None:
        return "absent"
    if bill.source_document_id is not None:
        return "absent"  # matched to a PO: Intacct's vendor invoice posts the bill
    if bill.app_status in POSTED_STATUSES:
        return "posted"
    if bill.app_status == BillStatus.PENDING_APPROVAL and settings.sync_before_approval:
        return "draft"
    return "absent"


def intacct_number(bill: Bill) -> str:
    number = bill.number.strip()
    return f"{number}-{bill.generation + 1}" if bill.generation else number


def pending_bills(connection: IntacctConnection) -> list[Bill]:
    """Bills to write; a bill Intacct never had and should not have is simply synced."""
    settings = push_settings(connection)
    bills = list(
        Bill.objects.filter(
            connection=connection, origin=DocumentOrigin.APP, sync_state=SyncState.PENDING_PUSH
        )
        .select_related("vendor", "connection")
        .order_by("pk")
    )
    idle = [
        b.pk for b in bills if b.intacct_recordno is None and bill_target(b, settings) == "absent"
    ]
    if idle:
        Bill.objects.filter(pk__in=idle, sync_state=SyncState.PENDING_PUSH).update(
            sync_state=SyncState.SYNCED
        )
    return [b for b in bills if b.pk not in set(idle)]


def prepare_bills(batch: PushBatch) -> None:
    """Each bill's target and lines, checked before anything is sent."""
    if "settings" not in batch.memo:
        batch.memo["settings"] = push_settings(batch.connection)
    settings: APPushSettings = batch.memo["settings"]
    bills: list[Bill] = list(batch.records)
    entries: dict[int, list[BillEntry]] = {b.pk: [] for b in bills}
    for entry in BillEntry.objects.filter(bill__in=bills).order_by("bill_id", "line_no", "id"):
        entries[entry.bill_id].append(entry)
    for bill in bills:
        bill.push_target = bill_target(bill, settings)  # type: ignore[attr-defined]
        bill.push_entries = entries[bill.pk]  # type: ignore[attr-defined]
        problems = _problems(bill, entries[bill.pk])
        if problems and bill_target(bill, settings) != "absent":
            batch.refuse(bill, " ".join(problems), errorno=INVALID)


def _problems(bill: Bill, entries: list[BillEntry]) -> list[str]:
    out = []
    if bill.vendor is None:
        out.append("The bill has no vendor.")
    if bill.bill_date is None:
        out.append("The bill has no date.")
    if not entries:
        out.append("The bill has no lines.")
    for entry in entries:
        if entry.amount.as_tuple().exponent < -2:  # type: ignore[operator]
            out.append(f"Line {entry.line_no}: more than two decimals.")
    return out


def _line(entry: BillEntry, connection: IntacctConnection) -> dict[str, Any]:
    line: dict[str, Any] = {"ACCOUNTNO": entry.gl_account, "TRX_AMOUNT": entry.amount}
    if entry.memo:
        line["ENTRYDESCRIPTION"] = entry.memo
    location = entry.location_id or connection.push_location_id
    if location:
        line["LOCATIONID"] = location
    department = entry.department_id or connection.push_department_id
    if department:
        line["DEPARTMENTID"] = department
    if entry.amortization_template_id:
        line["AMORTIZATIONTEMPLATEID"] = entry.amortization_template_id
    if entry.amortization_start:
        line["AMORTIZATIONSTARTDATE"] = entry.amortization_start
    return line


def _header(bill: Bill) -> dict[str, Any]:
    assert bill.vendor is not None
    values: dict[str, Any] = {
        "VENDORID": bill.vendor.vendor_id,
        "WHENCREATED": bill.bill_date,
        "RECORDID": intacct_number(bill),
    }
    if bill.due_date:
        values["WHENDUE"] = bill.due_date
    elif bill.term_name or bill.vendor.term_name:
        values["TERMNAME"] = bill.term_name or bill.vendor.term_name
    if bill.reference.strip():
        values["DOCNUMBER"] = bill.reference.strip()
    if bill.description.strip():
        values["DESCRIPTION"] = bill.description.strip()
    if bill.reference_code:
        values["EXTERNALID"] = bill.reference_code
    if bill.approved_on:
        values["APPROVEDON"] = bill.approved_on
    if bill.currency:
        values["CURRENCY"] = bill.currency
    return values


def bill_create(bill: Bill, controlid: str) -> Create:
    target = getattr(bill, "push_target", "posted")
    lines = [_line(e, bill.connection) for e in getattr(bill, "push_entries", [])]
    return Create(
        "APBILL",
        {
            **_header(bill),
            "ACTION": "Draft" if target == "draft" else "Submit",
            "APBILLITEMS": {"APBILLITEM": lines},
        },
        controlid=controlid,
    )


def bill_update(bill: Bill, controlid: str) -> Function:
    target = getattr(bill, "push_target", "posted")
    if target == "absent":
        if bill.retracted_on is not None and bill.pushed_as == "posted":
            return ReverseBill(
                controlid=controlid,
                key=bill.intacct_recordno,
                datereversed=bill.retracted_on,
                description=f"Approval of {bill.number} retracted",
            )
        return Delete("APBILL", [bill.intacct_recordno or 0], controlid=controlid)
    header = {k: v for k, v in _header(bill).items() if k not in ("VENDORID", "CURRENCY")}
    values: dict[str, Any] = {"RECORDNO": bill.intacct_recordno, **header}
    if target == "posted" and bill.pushed_as == "draft":
        values["ACTION"] = "Submit"
    entries = getattr(bill, "push_entries", [])
    if bill.pushed_as == "draft" and entries:
        # Lines change here only while the bill is pending approval (a draft in Intacct); the
        # set sent replaces Intacct's lines, so a draft always goes with all of its lines.
        values["APBILLITEMS"] = {"APBILLITEM": [_line(e, bill.connection) for e in entries]}
    return Update("APBILL", values, controlid=controlid)


def update_refusal(bill: Bill) -> str:
    """Why Intacct no longer allows the move ("" when it does)."""
    target = getattr(bill, "push_target", "posted")
    if target == "absent" and (bill.state in PAID_STATES or (bill.total_paid or 0) > 0):
        return (
            f"payments are applied to it in Intacct (state: {bill.state or 'paid'}); delete "
            "its payments here first (they are voided in Intacct), then the bill is removed."
        )
    if target == "draft" and bill.pushed_as == "posted":
        return "Intacct cannot turn a posted bill back into a draft."
    return ""


def find_bills(client: Any, bills: list[Bill]) -> dict[Any, Record]:
    wanted = {(intacct_number(b), b.vendor.vendor_id if b.vendor else ""): b.pk for b in bills}
    numbers = sorted({number for number, _ in wanted})
    found: dict[Any, Record] = {}
    for start in range(0, len(numbers), 1000):
        for page in client.query(
            "APBILL",
            ["RECORDNO", "RECORDID", "VENDORID", "STATE"],
            filter=F.in_("RECORDID", numbers[start : start + 1000]),
        ):
            for record in page.records:
                key = (record.text("RECORDID") or "", record.text("VENDORID") or "")
                if key in wanted and record.text("STATE") not in ("Reversed", "Reversal"):
                    found[wanted[key]] = record
    return found


def find_bill(client: Any, bill: Bill) -> Record | None:
    return find_bills(client, [bill]).get(bill.pk)


def _bill_key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    if outcome.function in ("reverse_bill", "delete"):
        return None, ""  # the key of a reversal is its twin's; ``bill_pushed`` forgets the bill
    key = outcome.key or (outcome.records[0].text("RECORDNO") if outcome.records else None)
    return (int(key) if key and str(key).isdigit() else None), ""


def bill_pushed(bill: Bill) -> None:
    """Record what Intacct now holds: removed bills forget their RECORDNO (a later approval
    writes them again); a reversed one is remembered and the next one gets a new number."""
    target = getattr(bill, "push_target", "posted")
    same = Bill.objects.filter(pk=bill.pk, push_version=bill.push_version)
    if target != "absent":
        same.update(pushed_as=target, intacct_id=intacct_number(bill))
        return
    stored = Bill.objects.get(pk=bill.pk)
    reversed_keys = list(stored.reversed_recordnos)
    generation = stored.generation
    if bill.retracted_on is not None and bill.pushed_as == "posted":
        reversed_keys.append(bill.intacct_recordno)
        generation += 1
    same.update(
        intacct_recordno=None,
        intacct_id="",
        pushed_as="",
        reversed_recordnos=reversed_keys,
        generation=generation,
        state="",
        total_paid=None,
    )
    bill.intacct_recordno = None


PUSH_BILLS = PushStep(
    name="bills_push",
    label="bills (write-back)",
    object_name="APBILL",
    model=Bill,
    select_pending=pending_bills,
    build=bill_create,
    build_update=bill_update,
    update_refusal=update_refusal,
    prepare=prepare_bills,
    find_existing=find_bill,
    find_existing_many=find_bills,
    key_from_outcome=_bill_key,
    on_pushed=bill_pushed,
    depends_on=("vendors_push",),
)
