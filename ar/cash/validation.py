"""Checks a payment passes before it is posted, each with a message on its field."""

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce

from ar.cash.accounts import bank_tied_to
from ar.cash.errors import PaymentInvalid
from ar.models import BankAccount, Origin, Payment, PaymentApplication
from ar.models.cash import AccountType, PaymentMethod
from integrations.models import GLAccount

OPEN_INVOICE_STATES = ("Posted", "Partially Paid", "")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def applied_total(payment: Payment) -> Decimal:
    """Cash applied to invoices, in the invoices' currency."""
    total = payment.applications.aggregate(total=Sum("trx_amount"))["total"]
    return total or Decimal("0")


def invoice_available(application: PaymentApplication) -> Decimal:
    """What is still due on the application's invoice: Intacct's amount due as last pulled,
    less what other app payments apply to it that this amount does not reflect yet (drafts,
    and posted payments pushed after the invoice was last pulled)."""
    invoice = application.invoice
    assert invoice is not None
    due = invoice.trx_total_due if invoice.trx_total_due is not None else invoice.total_due
    if due is None and invoice.origin == Origin.APP:
        # Made in the app and not pulled back yet: nothing is paid on it but what the app knows.
        due = invoice.entries.aggregate(total=Sum("amount"))["total"]
    unseen = Q(payment__app_status=Payment.Status.DRAFT) | Q(
        payment__app_status__in=(Payment.Status.POSTED, Payment.Status.REVERSAL_REQUESTED)
    ) & (
        Q(payment__last_pushed_at__isnull=True)
        | Q(payment__last_pushed_at__gt=Coalesce(F("invoice__last_synced_at"), Value(EPOCH)))
    )
    others = (
        PaymentApplication.objects.filter(invoice=invoice, payment__origin=Payment.Origin.APP)
        .filter(unseen)
        .exclude(payment=application.payment_id)
        .aggregate(cash=Sum("trx_amount"), credit=Sum("credit_amount"))
    )
    return (due or Decimal("0")) - (others["cash"] or 0) - (others["credit"] or 0)


def payment_problems(payment: Payment) -> dict[str, list[str]]:
    """Every problem that stops ``payment`` from being posted, by field ("__all__" for the
    payment as a whole); empty when it can be posted."""
    problems: dict[str, list[str]] = defaultdict(list)
    applications = list(
        payment.applications.select_related("invoice", "credit_memo", "overpayment")
    )
    has_credit = any(a.credit_amount for a in applications)
    if payment.customer_id is None:
        problems["customer"].append("Choose the customer who paid.")
    if payment.amount is None or payment.amount < 0 or (payment.amount == 0 and not has_credit):
        problems["amount"].append("Enter the payment amount (greater than zero).")
    elif payment.amount != payment.amount.quantize(Decimal("0.01")):
        problems["amount"].append("Amounts have at most two decimals.")
    if not payment.currency:
        problems["currency"].append("Enter the payment currency.")
    if payment.received_date is None:
        problems["received_date"].append("Enter the date the bank recorded the payment.")
    if payment.method not in PaymentMethod.values:
        problems["method"].append("Choose one of Intacct's payment methods.")
    if not applications:
        problems["__all__"].append("Apply the payment to at least one invoice.")

    invoice_currencies = {
        a.invoice.currency for a in applications if a.invoice and a.invoice.currency
    }
    if len(invoice_currencies) > 1:
        problems["__all__"].append(
            "The invoices are in different currencies ("
            + ", ".join(sorted(invoice_currencies))
            + "); one payment pays invoices of one currency."
        )
    multi_currency = bool(invoice_currencies) and payment.currency not in invoice_currencies
    if multi_currency and not payment.translated_amount:
        problems["translated_amount"].append(
            "The invoices are in another currency: enter the amount in their currency."
        )
    paying = (payment.translated_amount if multi_currency else payment.amount) or Decimal("0")
    applied = sum((a.trx_amount or Decimal("0") for a in applications), Decimal("0"))
    if applied > paying:
        problems["amount"].append(
            f"{applied} is applied but the payment is only {paying}: reduce the applications."
        )
    partial = False
    for application in applications:
        if application.invoice is None:
            problems["__all__"].append("An application has no invoice.")
            continue
        label = application.invoice.number
        if application.invoice.state not in OPEN_INVOICE_STATES:
            problems["__all__"].append(f"Invoice {label} is {application.invoice.state}.")
        if application.invoice.customer_id != payment.customer_id:
            problems["__all__"].append(
                f"Invoice {label} belongs to another customer: split the payment instead."
            )
        memo = application.credit_memo
        if memo is not None and memo.customer_id != payment.customer_id:
            problems["__all__"].append(f"Credit memo {memo} belongs to another customer.")
        credit_left = _credit_left(application)
        if credit_left is not None and (application.credit_amount or 0) > credit_left:
            problems["__all__"].append(
                f"Only {credit_left} of that credit is left to apply to invoice {label}."
            )
        used = (application.trx_amount or 0) + (application.credit_amount or 0)
        if used <= 0:
            problems["__all__"].append(f"The amount applied to invoice {label} must be positive.")
        available = invoice_available(application)
        if used > available:
            problems["__all__"].append(
                f"{used} applied to invoice {label} is more than its amount due {available}."
            )
        elif used < available:
            partial = True
    if (partial or multi_currency) and payment.subsidiary_id is None:
        problems["subsidiary"].append(
            "Choose the location (entity): it is required for partial and multi-currency payments."
        )
    _account_problems(payment, problems)
    return dict(problems)


def _credit_left(application: PaymentApplication) -> Decimal | None:
    """What the application's credit memo or overpayment still has (None: not known here)."""
    if application.credit_memo is not None:
        due = application.credit_memo.trx_total_due
        return None if due is None else abs(due)
    if application.overpayment is not None:
        source = application.overpayment
        if source.trx_total_due is not None:
            return source.trx_total_due
        if source.origin == Payment.Origin.APP and source.amount is not None:
            return source.amount - applied_total(source)
    return None


def _account_problems(payment: Payment, problems: dict[str, list[str]]) -> None:
    entity = payment.subsidiary.location_id if payment.subsidiary else ""
    if payment.account_type == AccountType.BANK:
        if not payment.bank_account:
            problems["bank_account"].append("Choose the bank account the money went to.")
            return
        known = BankAccount.objects.filter(connection_id=payment.connection_id)
        if known.exists():
            account = known.filter(account_id=payment.bank_account).first()
            if account is None:
                problems["bank_account"].append(
                    f"Bank account {payment.bank_account} does not exist in Intacct."
                )
            elif entity and account.location_id and account.location_id != entity:
                problems["bank_account"].append(
                    f"Bank account {payment.bank_account} belongs to entity "
                    f"{account.location_id}, not {entity}."
                )
        return
    if not payment.undeposited_account:
        problems["undeposited_account"].append("Choose the undeposited funds GL account.")
        return
    if not GLAccount.objects.filter(
        connection_id=payment.connection_id, account_no=payment.undeposited_account
    ).exists():
        problems["undeposited_account"].append(
            f"GL account {payment.undeposited_account} does not exist in Intacct."
        )


def payment_warnings(payment: Payment) -> list[str]:
    """What the app knows Intacct will refuse but cannot fix itself."""
    warnings = []
    if payment.account_type == AccountType.UNDEPOSITED:
        bank = bank_tied_to(connection=payment.connection, gl_account=payment.undeposited_account)
        if bank is not None:
            warnings.append(
                f"Undeposited funds account {payment.undeposited_account} is the GL account of "
                f"bank account {bank.account_id}: Intacct will refuse the payment. Pick another "
                "undeposited funds account or deposit to the bank directly."
            )
    return warnings


def payment_validate(*, payment: Payment) -> None:
    """Raise :class:`PaymentInvalid` with every problem when ``payment`` cannot be posted."""
    problems = payment_problems(payment)
    if problems:
        raise PaymentInvalid(problems)
