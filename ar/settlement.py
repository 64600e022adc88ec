"""How much of an invoice was settled by cash and how much by credit, as Invoiced shows it.

Intacct's TOTALPAID on an invoice counts credit memos applied to it as paid. Staff read an
invoice the way Invoiced shows it: payments, credits applied and the balance apart, and a
status that says when a credit (not cash) settled it. Credits applied are the invoice's
ARPYMTDETAIL rows that name a credit memo; payments are the rest of what Intacct counts
as paid. The balance is Intacct's TOTALDUE.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ar.models import Invoice, PaymentApplication
from ar.selectors import MONEY_FIELD, ZERO

NOTHING = Decimal("0.00")


def with_credits_applied(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate ``credits_applied``: credit memo amounts applied to each invoice (base)."""
    credits = (
        PaymentApplication.objects.filter(
            invoice=OuterRef("pk"), credit_memo_recordno__isnull=False
        )
        .exclude(state="Draft")
        .order_by()
        .values("invoice")
        .annotate(total=Sum("credit_amount"))
        .values("total")
    )
    return queryset.annotate(
        credits_applied=Coalesce(Subquery(credits, output_field=MONEY_FIELD), ZERO)
    )


@dataclass(frozen=True)
class Settlement:
    total: Decimal
    payments: Decimal
    credits: Decimal
    balance: Decimal
    status: str


def settlement(invoice: Invoice, credits_applied: Decimal | None) -> Settlement:
    """The invoice's payments, credits and balance, and the status Invoiced would show."""
    credits = credits_applied or NOTHING
    paid = invoice.total_paid or NOTHING
    payments = max(paid - credits, NOTHING)
    balance = invoice.total_due if invoice.total_due is not None else NOTHING
    return Settlement(
        total=invoice.total_entered or NOTHING,
        payments=payments,
        credits=credits,
        balance=balance,
        status=_status(invoice.state, balance=balance, payments=payments, credits=credits),
    )


def _status(state: str, *, balance: Decimal, payments: Decimal, credits: Decimal) -> str:
    if state not in ("Paid", "Partially Paid") and not (payments or credits):
        return state
    if balance <= 0:
        if credits and not payments:
            return "Paid in full by credit"
        return "Paid by payment and credit" if credits else "Paid"
    if credits and payments:
        return "Partially paid; partial credit applied"
    if credits:
        return "Partial credit applied"
    return "Partially paid"
