"""Bill payments made here: paid (with the amount per bill and the credits applied), paid
manually outside the app, and deleted (voided in Intacct, the bills owe again). Each one is
queued for the next push (``ap.push.payments``)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from ap.bill_lifecycle import bill_paid_status
from ap.models import Bill, BillPayment, PaymentApplication, VendorCredit
from ap.models.lifecycle import BillStatus, DocumentOrigin, PaidManuallyAccount
from integrations.sync.pending import record_mark_pending_push


class PaymentError(ValueError):
    """A payment that cannot be made or changed."""


class NotAnAppPayment(PaymentError):
    """A payment pulled from Intacct: it is voided in Intacct, never here."""


class BillNotPayable(PaymentError):
    """A bill whose status does not allow a payment (not approved, disputed, deleted)."""


class Overpayment(PaymentError):
    """More cash and credit applied to a bill than it still owes, or an amount below zero."""


# A bill in these statuses owes nothing yet, or no longer: Intacct refuses its payment.
UNPAYABLE = {
    BillStatus.PENDING_APPROVAL: "is pending approval",
    BillStatus.DISPUTED: "is disputed",
    BillStatus.DELETED: "is deleted",
}


def _paid_here(bill: Bill) -> Decimal:
    applied = PaymentApplication.objects.filter(bill=bill, payment__deleted_on__isnull=True)
    cash = applied.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    credits = applied.aggregate(total=Sum("credit_amount"))["total"] or Decimal(0)
    return cash + credits


def _still_owed(bill: Bill) -> Decimal:
    """What the bill still owes: its total less what was paid here; for a bill pulled from
    Intacct, never more than Intacct's own amount due (payments made there count too)."""
    owed = (bill.total_entered or Decimal(0)) - _paid_here(bill)
    if bill.origin == DocumentOrigin.INTACCT and bill.total_due is not None:
        owed = min(owed, bill.total_due)
    return owed


def _check_payable(
    bills: Sequence[tuple[Bill, Decimal]], credits: Sequence[tuple[Bill, VendorCredit, Decimal]]
) -> None:
    applied: dict[int, Decimal] = {}
    for bill, amount in [*bills, *((b, a) for b, _, a in credits)]:
        if amount < 0:
            raise Overpayment(f"Bill {bill.number}: an amount cannot be below zero ({amount}).")
        applied[bill.pk] = applied.get(bill.pk, Decimal(0)) + amount
    for pk, amount in applied.items():
        bill = Bill.objects.select_for_update().get(pk=pk)
        reason = UNPAYABLE.get(BillStatus(bill.app_status)) if bill.app_status else None
        if reason:
            raise BillNotPayable(f"Bill {bill.number} {reason}: it cannot be paid.")
        if amount <= 0:
            raise Overpayment(f"Bill {bill.number}: nothing is applied to it.")
        owed = _still_owed(bill)
        if amount > owed:
            raise Overpayment(f"Bill {bill.number} owes {owed}; {amount} would be applied to it.")


def payment_make(
    *,
    bills: Sequence[tuple[Bill, Decimal]],
    submitted_on: date,
    reference_code: str = "",
    transaction_reference: str = "",
    credits: Sequence[tuple[Bill, VendorCredit, Decimal]] = (),
    fx_fee: Decimal | None = None,
    paid_manually: bool = False,
    manual_account_type: str = "",
) -> BillPayment:
    """A payment of ``bills`` (bill, cash amount), applying ``credits`` (bill, credit, amount)."""
    if not bills:
        raise PaymentError("A payment pays at least one bill.")
    vendors = {b.vendor_id for b, _ in bills} | {b.vendor_id for b, _, _ in credits}
    if len(vendors) != 1:
        raise PaymentError("A payment pays the bills of one vendor.")
    first = bills[0][0]
    with transaction.atomic():
        _check_payable(bills, credits)
        payment = BillPayment(
            connection=first.connection,
            origin=DocumentOrigin.APP,
            vendor=first.vendor,
            vendor_intacct_id=first.vendor.vendor_id if first.vendor else "",
            submitted_on=submitted_on,
            payment_date=submitted_on,
            reference_code=reference_code,
            transaction_reference=transaction_reference,
            currency=first.currency,
            fx_fee=fx_fee,
            paid_manually=paid_manually,
            manual_account_type=manual_account_type,
            total_entered=sum((amount for _, amount in bills), Decimal(0)),
        )
        record_mark_pending_push(record=payment)
        for bill, amount in bills:
            PaymentApplication.objects.create(payment=payment, bill=bill, amount=amount)
        for bill, credit, amount in credits:
            PaymentApplication.objects.create(
                payment=payment, bill=bill, amount=Decimal(0), credit=credit, credit_amount=amount
            )
        for bill in {b.pk: b for b, _ in [*bills, *((b, a) for b, _, a in credits)]}.values():
            bill_paid_status(bill=bill, paid=_paid_here(bill))
    return payment


def bill_paid_manually(
    *, bill: Bill, account_type: str, paid_on: date, amount: Decimal | None = None
) -> BillPayment:
    """A bill paid outside the app: a payment from the chosen kind of GL account, that day."""
    if account_type not in PaidManuallyAccount.values:
        raise PaymentError(f"Unknown account type {account_type!r}.")
    due = amount if amount is not None else _still_owed(bill)
    return payment_make(
        bills=[(bill, due)],
        submitted_on=paid_on,
        reference_code=f"manual-{bill.number}-{paid_on.isoformat()}",
        paid_manually=True,
        manual_account_type=account_type,
    )


def payment_delete(*, payment: BillPayment, deleted_on: date) -> BillPayment:
    """Delete a payment made here: voided in Intacct that day; its bills owe again here."""
    with transaction.atomic():
        payment.refresh_from_db()
        if payment.origin != DocumentOrigin.APP:
            raise NotAnAppPayment(
                f"Payment {payment} was imported from Intacct: void it in Intacct."
            )
        if payment.deleted_on is not None:
            raise PaymentError("The payment is already deleted.")
        payment.deleted_on = deleted_on
        if payment.intacct_recordno is None:
            payment.save()  # never written: nothing to void
        else:
            record_mark_pending_push(record=payment)
        for app in PaymentApplication.objects.filter(payment=payment).select_related("bill"):
            bill_paid_status(bill=app.bill, paid=_paid_here(app.bill))
    return payment
