"""Payments made in the app: from a bank line, applied to invoices and credits, split across
customers, posted, reversed. The bank line's total always equals the sum of its payments."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from ar.cash.accounts import cash_default_for
from ar.cash.errors import CashError, SplitRefused
from ar.cash.methods import payment_method_for
from ar.cash.validation import payment_validate
from ar.models import BankTransaction, CreditMemo, Customer, Invoice, Payment, PaymentApplication
from ar.models.cash import CARD_METHODS, AccountType
from integrations.models import SyncState
from integrations.sync.pending import record_mark_pending_push

CENT = Decimal("0.01")


def _fill_accounts(payment: Payment) -> None:
    default = cash_default_for(connection=payment.connection, subsidiary=payment.subsidiary)
    if default is None:
        return
    payment.account_type = default.account_type
    payment.bank_account = default.bank_account if default.account_type == AccountType.BANK else ""
    payment.undeposited_account = (
        default.undeposited_account if default.account_type == AccountType.UNDEPOSITED else ""
    )
    payment.batch_key = default.batch_key


def _memo(bank_line: BankTransaction, method: str) -> str:
    if method in CARD_METHODS and bank_line.reference:
        # Card settlements share one memo line: keep the card payment's own ID in front.
        return f"{bank_line.reference} {bank_line.memo}".strip()
    return bank_line.memo


def payment_new_for_bank_line(
    *,
    bank_line: BankTransaction,
    customer: Customer | None,
    amount: Decimal | None = None,
) -> Payment:
    """A draft payment prefilled from the bank line (amount: what its payments do not yet
    cover), the customer's entity defaults and the payment-method rules. Not saved."""
    covered = bank_line.payments_total()
    method, _rule = payment_method_for(bank_line=bank_line)
    payment = Payment(
        connection=bank_line.connection,
        origin=Payment.Origin.APP,
        app_status=Payment.Status.DRAFT,
        sync_state=SyncState.SKIPPED,
        bank_transaction=bank_line,
        customer=customer,
        customer_intacct_id=customer.customer_id if customer else "",
        subsidiary=customer.created_in_entity if customer else None,
        amount=amount if amount is not None else bank_line.amount - covered,
        currency=bank_line.currency,
        received_date=bank_line.date,
        payment_date=bank_line.date,
        method=method,
        description=_memo(bank_line, method),
    )
    _fill_accounts(payment)
    return payment


def payment_create_for_bank_line(*, bank_line: BankTransaction, customer: Customer) -> Payment:
    """The first payment of a bank line: it takes the whole amount."""
    with transaction.atomic():
        BankTransaction.objects.select_for_update().get(pk=bank_line.pk)
        if bank_line.payments.exists():
            raise CashError("This bank line already has its payment; split it instead.")
        payment = payment_new_for_bank_line(bank_line=bank_line, customer=customer)
        payment.save()
    return payment


def _editable(payment: Payment) -> None:
    if payment.origin != Payment.Origin.APP or payment.app_status != Payment.Status.DRAFT:
        raise CashError("Only draft payments made in the app can change.")


def payment_apply(
    *,
    payment: Payment,
    invoice: Invoice,
    amount: Decimal = Decimal("0"),
    credit_memo: CreditMemo | None = None,
    overpayment: Payment | None = None,
    credit_amount: Decimal = Decimal("0"),
) -> PaymentApplication | None:
    """Apply cash (``amount``, in the invoice's currency) and/or one credit to ``invoice``;
    replaces what this payment applied to it before. Zero everywhere removes the application."""
    _editable(payment)
    if credit_amount and (credit_memo is None) == (overpayment is None):
        raise CashError("A credit applied comes from one credit memo or one overpayment.")
    with transaction.atomic():
        payment.applications.filter(invoice=invoice).delete()
        if not amount and not credit_amount:
            return None
        return PaymentApplication.objects.create(
            connection=payment.connection,
            payment=payment,
            invoice=invoice,
            invoice_recordno=invoice.intacct_recordno,
            trx_amount=amount or None,
            amount=amount or None,
            credit_memo=credit_memo,
            credit_memo_recordno=credit_memo.intacct_recordno if credit_memo else None,
            overpayment=overpayment,
            credit_amount=credit_amount or None,
            currency=invoice.currency,
            payment_date=payment.received_date,
            sync_state=SyncState.SKIPPED,
        )


def payment_unapplied(payment: Payment) -> Decimal:
    """Payment amount minus cash applied (in the payment's currency when single-currency)."""
    applied = payment.applications.aggregate(t=Sum("trx_amount"))["t"] or Decimal("0")
    paying = payment.translated_amount or payment.amount or Decimal("0")
    return paying - applied


def payment_split(
    *, payment: Payment, invoice: Invoice, amount: Decimal, create: bool = True
) -> Payment:
    """Move ``amount`` of ``payment`` to a new payment of the invoice's customer, applied to
    ``invoice``. The original payment's amount goes down by as much, so the bank line's
    payments still add up to it. With ``create=False`` the new payment is only prefilled
    (for its form) and nothing changes."""
    _editable(payment)
    bank_line = payment.bank_transaction
    if bank_line is None:
        raise SplitRefused("Only a payment made from a bank line can be split.")
    if invoice.customer is None:
        raise SplitRefused(f"Invoice {invoice.number} has no customer here.")
    if amount <= 0 or amount != amount.quantize(CENT):
        raise SplitRefused("The amount to split off must be positive, with two decimals.")
    if payment.currency != invoice.currency and invoice.currency:
        raise SplitRefused("Split payments are in the bank's currency; this invoice is not.")
    new = payment_new_for_bank_line(bank_line=bank_line, customer=invoice.customer, amount=amount)
    if not create:
        return new
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        remaining = (locked.amount or Decimal("0")) - amount
        applied = locked.applications.aggregate(t=Sum("trx_amount"))["t"] or Decimal("0")
        if remaining < applied or remaining <= 0:
            raise SplitRefused(
                f"Only {(locked.amount or 0) - applied} of this payment is unapplied: "
                "reduce its applications before splitting off more."
            )
        Payment.objects.filter(pk=payment.pk).update(amount=remaining)
        new.save()
        due = invoice.trx_total_due if invoice.trx_total_due is not None else amount
        payment_apply(payment=new, invoice=invoice, amount=min(amount, due))
        payment.amount = remaining
        bank_line_check(bank_line=bank_line)
    return new


def bank_line_check(*, bank_line: BankTransaction) -> None:
    """The invariant: a bank line's payments add up to its amount."""
    total = bank_line.payments_total()
    if total != bank_line.amount:
        raise SplitRefused(f"The payments add up to {total}, the bank line is {bank_line.amount}.")


def payment_post(*, payment: Payment) -> Payment:
    """Check the payment and queue it for Intacct; from now on it cannot change here."""
    _editable(payment)
    payment_validate(payment=payment)
    payment.app_status = Payment.Status.POSTED
    record_mark_pending_push(record=payment)
    return payment


def payment_reverse(*, payment: Payment, on: date) -> Payment:
    """Ask for a posted payment's reversal in Intacct (the next push sends it)."""
    if payment.origin != Payment.Origin.APP or payment.app_status != Payment.Status.POSTED:
        raise CashError("Only posted payments made in the app can be reversed here.")
    if payment.intacct_recordno is None:
        raise CashError("The payment is not in Intacct yet: wait for the push, then reverse.")
    if payment.received_date and on < payment.received_date:
        raise CashError("The reversal date must be on or after the payment date.")
    payment.app_status = Payment.Status.REVERSAL_REQUESTED
    payment.reversal_date = on
    record_mark_pending_push(record=payment)
    return payment
