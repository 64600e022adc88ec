"""Bill payments and the vendor credits for payees' fees, made here, to Intacct.

Credits: generic APADJUSTMENT create, negative lines (a vendor credit lowers what is owed),
one line per fee. The NetNow fee line is not written to the credit: see ``ap.fees``.

Payments: generic APPYMT create with Tipalti's map — vendor by payee ID, the submitted date
as PAYMENTDATE, the transaction reference as DOCNUMBER (Intacct's "Ref. No."), the reference
code as DESCRIPTION (APPYMT has no External ID field), the currency, one detail per bill
with its cash and one per credit applied to it, and the connection's bank account (or its
charge-card account for a bill paid manually by card). A payment deleted here is voided in
Intacct with ``reverse_appayment`` dated the deletion day: its bills owe again.
"""

from typing import Any

from ap.models import (
    APPushSettings,
    BillPayment,
    CreditEntry,
    PaymentApplication,
    VendorCredit,
)
from ap.models.lifecycle import DocumentOrigin, PaidManuallyAccount
from ap.push.bills import PUSH_BILLS, push_settings
from integrations.intacct import Function, FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.legacy import ReverseApPayment
from integrations.intacct.functions.writes import Create
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import INVALID, PushBatch
from integrations.sync.steps import PushStep

CARD_METHOD = "Charge Card"


def _key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    if outcome.function == "reverse_appayment":
        return None, ""  # the reversal's key; the payment keeps its own
    key = outcome.key or (outcome.records[0].text("RECORDNO") if outcome.records else None)
    return (int(key) if key and str(key).isdigit() else None), ""


# --- vendor credits ---------------------------------------------------------------------


def pending_credits(connection: IntacctConnection) -> Any:
    return (
        VendorCredit.objects.filter(
            connection=connection, origin=DocumentOrigin.APP, sync_state=SyncState.PENDING_PUSH
        )
        .select_related("vendor", "connection")
        .order_by("pk")
    )


def _written_entries(credit: VendorCredit) -> list[CreditEntry]:
    return [
        e
        for e in CreditEntry.objects.filter(credit=credit).order_by("id")
        if e.kind != CreditEntry.Kind.NETNOW_FEE
    ]


def credit_create(credit: VendorCredit, controlid: str) -> Create:
    entries = _written_entries(credit)
    if credit.vendor is None or not entries or credit.credit_date is None:
        raise ValueError("A vendor credit needs a vendor, a date and at least one fee line.")
    location = credit.connection.push_location_id
    lines = []
    for entry in entries:
        line: dict[str, Any] = {
            "ACCOUNTNO": entry.gl_account,
            "TRX_AMOUNT": -entry.amount,
            "ENTRYDESCRIPTION": entry.get_kind_display(),
        }
        if entry.location_id or location:
            line["LOCATIONID"] = entry.location_id or location
        lines.append(line)
    fields: dict[str, Any] = {
        "VENDORID": credit.vendor.vendor_id,
        "WHENCREATED": credit.credit_date,
        "RECORDID": credit.number,
        "APADJUSTMENTITEMS": {"APADJUSTMENTITEM": lines},
    }
    if credit.description:
        fields["DESCRIPTION"] = credit.description
    return Create("APADJUSTMENT", fields, controlid=controlid)


def find_credit(client: Any, credit: VendorCredit) -> Record | None:
    for page in client.query(
        "APADJUSTMENT",
        ["RECORDNO", "RECORDID", "VENDORID"],
        filter=F.equal("RECORDID", credit.number),
    ):
        for record in page.records:
            if credit.vendor and record.text("VENDORID") == credit.vendor.vendor_id:
                found: Record = record
                return found
    return None


PUSH_CREDITS = PushStep(
    name="vendor_credits_push",
    label="vendor credits for fees (write-back)",
    object_name="APADJUSTMENT",
    model=VendorCredit,
    select_pending=pending_credits,
    build=credit_create,
    find_existing=find_credit,
    key_from_outcome=_key,
    depends_on=(PUSH_BILLS.name,),
)


# --- bill payments ----------------------------------------------------------------------


def pending_payments(connection: IntacctConnection) -> list[BillPayment]:
    """Payments to write whose bills and credits Intacct already holds (the bills and credits
    steps run first in the same run)."""
    payments = list(
        BillPayment.objects.filter(
            connection=connection, origin=DocumentOrigin.APP, sync_state=SyncState.PENDING_PUSH
        )
        .select_related("vendor", "connection")
        .order_by("pk")
    )
    applications: dict[int, list[PaymentApplication]] = {p.pk: [] for p in payments}
    for app in PaymentApplication.objects.filter(payment__in=payments).select_related(
        "bill", "credit"
    ):
        applications[app.payment_id].append(app)
    ready = []
    for payment in payments:
        apps = applications[payment.pk]
        payment.push_applications = apps  # type: ignore[attr-defined]
        waiting = payment.intacct_recordno is None and any(
            a.bill.intacct_recordno is None
            or (a.credit is not None and a.credit.intacct_recordno is None)
            for a in apps
        )
        if not waiting:
            ready.append(payment)
    return ready


def prepare_payments(batch: PushBatch) -> None:
    if "settings" not in batch.memo:
        batch.memo["settings"] = push_settings(batch.connection)
    settings: APPushSettings = batch.memo["settings"]
    for payment in batch.records:
        card = payment.manual_account_type == PaidManuallyAccount.CARD
        account = settings.card_account_id if card else settings.bank_account_id
        setattr(payment, "push_account", account)  # noqa: B010
        setattr(payment, "push_method", CARD_METHOD if card else settings.payment_method)  # noqa: B010
        if payment.intacct_recordno is None and not account:
            batch.refuse(
                payment,
                "No Intacct "
                + ("charge-card" if card else "checking")
                + " account is set in the connection's AP write settings.",
                errorno=INVALID,
            )
        elif (
            payment.intacct_recordno is None
            and payment.deleted_on is None
            and not getattr(payment, "push_applications", None)
        ):
            batch.refuse(payment, "The payment pays no bill.", errorno=INVALID)


def payment_description(payment: BillPayment) -> str:
    return payment.reference_code or f"Hub payment {payment.pk}"


def payment_create(payment: BillPayment, controlid: str) -> Create:
    if payment.vendor is None or payment.submitted_on is None:
        raise ValueError("A payment needs a vendor and a submitted date.")
    details = []
    for app in getattr(payment, "push_applications", []):
        if app.amount:
            details.append(
                {"RECORDKEY": app.bill.intacct_recordno, "TRX_PAYMENTAMOUNT": app.amount}
            )
        if app.credit is not None and app.credit_amount:
            details.append(
                {
                    "RECORDKEY": app.bill.intacct_recordno,
                    "ADJUSTMENTKEY": app.credit.intacct_recordno,
                    "TRX_ADJUSTMENTAMOUNT": app.credit_amount,
                }
            )
    fields: dict[str, Any] = {
        "FINANCIALENTITY": getattr(payment, "push_account", ""),
        "PAYMENTMETHOD": getattr(payment, "push_method", "EFT"),
        "VENDORID": payment.vendor.vendor_id,
        "PAYMENTDATE": payment.submitted_on,
        "DESCRIPTION": payment_description(payment),
        "APPYMTDETAILS": {"APPYMTDETAIL": details},
    }
    if payment.transaction_reference:
        fields["DOCNUMBER"] = payment.transaction_reference
    if payment.currency:
        fields["CURRENCY"] = payment.currency
    return Create("APPYMT", fields, controlid=controlid)


def payment_update(payment: BillPayment, controlid: str) -> Function:
    if payment.deleted_on is None:
        raise ValueError("Only a deleted payment is written again (voided).")
    return ReverseApPayment(
        controlid=controlid,
        key=payment.intacct_recordno,
        datereversed=payment.deleted_on,
        description=f"Deleted in the hub: {payment_description(payment)}",
    )


def payment_refusal(payment: BillPayment) -> str:
    if payment.deleted_on is None:
        return (
            "a posted payment cannot be changed in Intacct; delete it here (it is voided) and "
            "make a new one."
        )
    if payment.voided_recordno is not None:
        return "it is already voided in Intacct."
    return ""


def find_payments(client: Any, payments: list[BillPayment]) -> dict[Any, Record]:
    wanted = {
        (payment_description(p), p.vendor.vendor_id if p.vendor else ""): p.pk for p in payments
    }
    descriptions = sorted({d for d, _ in wanted})
    found: dict[Any, Record] = {}
    for start in range(0, len(descriptions), 1000):
        for page in client.query(
            "APPYMT",
            ["RECORDNO", "VENDORID", "DESCRIPTION", "STATE"],
            filter=F.in_("DESCRIPTION", descriptions[start : start + 1000]),
        ):
            for record in page.records:
                key = (record.text("DESCRIPTION") or "", record.text("VENDORID") or "")
                if key in wanted:
                    found[wanted[key]] = record
    return found


def find_payment(client: Any, payment: BillPayment) -> Record | None:
    return find_payments(client, [payment]).get(payment.pk)


def payment_pushed(payment: BillPayment) -> None:
    if payment.deleted_on is not None:
        BillPayment.objects.filter(pk=payment.pk, push_version=payment.push_version).update(
            voided_recordno=payment.intacct_recordno
        )


PUSH_PAYMENTS = PushStep(
    name="bill_payments_push",
    label="bill payments (write-back)",
    object_name="APPYMT",
    model=BillPayment,
    select_pending=pending_payments,
    build=payment_create,
    build_update=payment_update,
    update_refusal=payment_refusal,
    prepare=prepare_payments,
    find_existing=find_payment,
    find_existing_many=find_payments,
    key_from_outcome=_key,
    on_pushed=payment_pushed,
    depends_on=(PUSH_BILLS.name, PUSH_CREDITS.name),
)
