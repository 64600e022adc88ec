"""Vendor credits for a payee's fees, and the payment that settles a bill with them.

When a payment is submitted, a credit holds the payee's transaction fee. When it is paid:
a NetNow payment adds the NetNow fee as a line on that credit, withholding makes a second
credit, and the bill payment carries the net amount plus the NetNow fee plus the payee's FX
fee — the cash that leaves the payer's bank.

How the NetNow line posts (so nothing is counted twice): the NetNow fee is paid in cash
within the bill payment, so in Intacct it is counted there only. The credit here shows the
NetNow line (the payee sees every fee taken), but the credit written to Intacct carries the
transaction-fee line alone, and only that amount is applied to the bill. With the seed's
example: bill 1,000.00 = payment 993.00 (990.00 net + 2.00 NetNow + 1.00 FX) + credit 1
3.00 + credit 2 4.00: the bill closes at exactly zero due and both credits are fully used.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from ap.models import Bill, BillPayment, BillStatus, CreditEntry, VendorCredit
from ap.models.lifecycle import DocumentOrigin
from ap.payments import PaymentError, payment_make
from ap.push.bills import push_settings
from integrations.sync.pending import record_mark_pending_push


class FeesDoNotAddUp(PaymentError):
    """The payment and the fee credits do not add up to the bill."""


def _credit(*, bill: Bill, number: str, on: date, description: str) -> VendorCredit:
    credit = VendorCredit(
        connection=bill.connection,
        origin=DocumentOrigin.APP,
        for_bill=bill,
        vendor=bill.vendor,
        vendor_intacct_id=bill.vendor.vendor_id if bill.vendor else "",
        number=number,
        credit_date=on,
        description=description,
    )
    record_mark_pending_push(record=credit)
    return credit


def applied_amount(credit: VendorCredit) -> Decimal:
    """What the credit takes off its bill in Intacct: its lines but the NetNow fee."""
    total = (
        CreditEntry.objects.filter(credit=credit)
        .exclude(kind=CreditEntry.Kind.NETNOW_FEE)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal(0)


def payment_submit(
    *, bill: Bill, submitted_on: date, transaction_fee: Decimal, credit_number: str
) -> VendorCredit:
    """The payment is submitted: the bill is submitted for payment and a credit holds the
    payee's transaction fee (both are written with the next push)."""
    settings = push_settings(bill.connection)
    with transaction.atomic():
        bill.refresh_from_db()
        if bill.app_status not in (BillStatus.SCHEDULED, BillStatus.SUBMITTED):
            raise PaymentError("Only an approved bill can be submitted for payment.")
        Bill.objects.filter(pk=bill.pk).update(app_status=BillStatus.SUBMITTED)
        credit = _credit(
            bill=bill,
            number=credit_number,
            on=submitted_on,
            description=f"Payee fees on {bill.number}",
        )
        CreditEntry.objects.create(
            credit=credit,
            kind=CreditEntry.Kind.TRANSACTION_FEE,
            gl_account=settings.fee_gl_account,
            amount=transaction_fee,
        )
    return credit


def payment_paid_with_fees(
    *,
    bill: Bill,
    paid_on: date,
    net_amount: Decimal,
    netnow_fee: Decimal = Decimal(0),
    withholding: Decimal = Decimal(0),
    fx_fee: Decimal = Decimal(0),
    withholding_number: str = "",
    reference_code: str = "",
    transaction_reference: str = "",
) -> BillPayment:
    """The payment is paid: the NetNow fee joins the fee credit, withholding makes a second
    credit, and the bill payment (net + NetNow fee + FX fee) applies both credits."""
    settings = push_settings(bill.connection)
    with transaction.atomic():
        bill.refresh_from_db()
        credits = list(VendorCredit.objects.filter(for_bill=bill, origin=DocumentOrigin.APP))
        if not credits:
            raise PaymentError("Submit the payment first (it makes the fee credit).")
        fee_credit = credits[0]
        if netnow_fee:
            CreditEntry.objects.create(
                credit=fee_credit,
                kind=CreditEntry.Kind.NETNOW_FEE,
                gl_account=settings.netnow_gl_account or settings.fee_gl_account,
                amount=netnow_fee,
            )
        if withholding:
            withheld = _credit(
                bill=bill,
                number=withholding_number or f"{fee_credit.number}-WH",
                on=paid_on,
                description=f"Withholding on {bill.number}",
            )
            CreditEntry.objects.create(
                credit=withheld,
                kind=CreditEntry.Kind.WITHHOLDING,
                gl_account=settings.withholding_gl_account or settings.fee_gl_account,
                amount=withholding,
            )
            credits.append(withheld)
        cash = net_amount + netnow_fee + fx_fee
        applied = [(bill, c, applied_amount(c)) for c in credits]
        total = bill.total_entered or Decimal(0)
        if cash + sum(a for _, _, a in applied) != total:
            raise FeesDoNotAddUp(
                f"The payment ({cash}) and the credits ({sum(a for _, _, a in applied)}) do not "
                f"add up to the bill ({total})."
            )
        return payment_make(
            bills=[(bill, cash)],
            credits=applied,
            submitted_on=paid_on,
            reference_code=reference_code,
            transaction_reference=transaction_reference,
            fx_fee=fx_fee or None,
        )
