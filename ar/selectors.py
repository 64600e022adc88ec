"""Read-side queries for AR screens: open items, aging buckets and balances as annotations.

Every figure a list shows is computed by the database in the list's own query, so a page of
100 rows costs the same number of queries as a page of 1.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from ar.models import CreditMemo, Customer, Invoice, Payment
from ar.sync import INACTIVE_PAYMENT_STATES, OPEN_STATES

MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
CENT = Decimal("0.01")
ZERO = Value(Decimal("0.00"), output_field=MONEY_FIELD)


@dataclass(frozen=True)
class AgingBucket:
    """Open invoices ``low``..``high`` days past due (inclusive; ``None``: unbounded)."""

    key: str
    label: str
    low: int | None
    high: int | None

    def due_date_q(self, today: date, prefix: str = "") -> Q:
        """Due dates that put an invoice in this bucket on ``today``."""
        q = Q(**{f"{prefix}due_date__isnull": False})
        if self.low is not None:
            q &= Q(**{f"{prefix}due_date__lte": today - timedelta(days=self.low)})
        if self.high is not None:
            q &= Q(**{f"{prefix}due_date__gte": today - timedelta(days=self.high)})
        return q


# Days past due = today - due date, so an invoice due today is 0 days past due and sits in
# the first bucket; "current" is an invoice whose due date is still ahead.
CURRENT = AgingBucket("current", "Not yet due", None, -1)
AGING_BUCKETS = (
    AgingBucket("0-30", "0-30 days", 0, 30),
    AgingBucket("31-60", "31-60 days", 31, 60),
    AgingBucket("61-90", "61-90 days", 61, 90),
    AgingBucket("90+", "Over 90 days", 91, None),
)
BUCKETS_BY_KEY = {b.key: b for b in (CURRENT, *AGING_BUCKETS)}


def open_q(prefix: str = "") -> Q:
    """Invoices (or credit memos) with something left to pay or apply."""
    return (
        Q(**{f"{prefix}state__in": OPEN_STATES})
        & ~Q(**{f"{prefix}total_due": 0})
        & Q(**{f"{prefix}total_due__isnull": False})
    )


def overdue_q(today: date, prefix: str = "") -> Q:
    """Open invoices whose due date has passed (due today is not yet overdue)."""
    return open_q(prefix) & Q(**{f"{prefix}due_date__lt": today})


def invoices_with_aging(queryset: QuerySet[Invoice], *, today: date) -> QuerySet[Invoice]:
    """Annotate ``balance``, ``days_past_due`` (open invoices only) and ``aging`` (bucket key)."""
    is_open = open_q()
    buckets = [When(is_open & b.due_date_q(today), then=Value(b.key)) for b in AGING_BUCKETS]
    return queryset.annotate(
        balance=Case(When(is_open, then=F("total_due")), default=ZERO, output_field=MONEY_FIELD),
        days_past_due=Case(
            When(
                is_open & Q(due_date__isnull=False),
                then=ExpressionWrapper(Value(today) - F("due_date"), output_field=DurationField()),
            ),
            default=None,
            output_field=DurationField(),
        ),
        aging=Case(
            *buckets,
            When(is_open & CURRENT.due_date_q(today), then=Value(CURRENT.key)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def unapplied_q(prefix: str = "") -> Q:
    """Payments with money not yet applied to anything (advances, overpayments)."""
    return (
        ~Q(**{f"{prefix}state__in": INACTIVE_PAYMENT_STATES})
        & ~Q(**{f"{prefix}total_due": 0})
        & Q(**{f"{prefix}total_due__isnull": False})
    )


def _customer_sum(queryset: QuerySet[Any]) -> Coalesce:
    """Sum of ``total_due`` over the customer's rows of ``queryset``, as a subquery."""
    rows = (
        queryset.filter(customer=OuterRef("pk"))
        .order_by()
        .values("customer")
        .annotate(total=Sum("total_due"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY_FIELD), ZERO)


def _open_total(extra: Q) -> Coalesce:
    """Sum of the customer's open invoice balances matching ``extra``, as a subquery."""
    return _customer_sum(Invoice.objects.filter(open_q() & extra))


def customer_balance() -> CombinedExpression:
    """What the customer owes by its local documents, as Intacct's TOTALDUE counts it.

    Open invoices, less open credit memos (their amount due is negative) and payments not yet
    applied, whatever their age.
    """
    return (
        _customer_sum(Invoice.objects.filter(open_q()))
        + _customer_sum(CreditMemo.objects.filter(open_q()))
        - _customer_sum(Payment.objects.filter(unapplied_q()))
    )


def customers_with_aging(queryset: QuerySet[Customer], *, today: date) -> QuerySet[Customer]:
    """Annotate ``balance``, ``open_balance`` (open invoices), ``overdue_balance`` and
    ``aging_<key>`` per bucket.

    Correlated subqueries rather than a join: a page only evaluates them for its own rows,
    and the changelist's count query drops them.
    """
    annotations: dict[str, Any] = {
        "balance": customer_balance(),
        "open_balance": _open_total(Q()),
        "overdue_balance": _open_total(Q(due_date__lt=today)),
    }
    for bucket in AGING_BUCKETS:
        annotations[aging_attr(bucket)] = _open_total(bucket.due_date_q(today))
    return queryset.annotate(**annotations)


def money(value: Decimal | None) -> Decimal | None:
    """An amount to the cent: SQLite returns sums of decimals with float noise."""
    return None if value is None else Decimal(value).quantize(CENT)


def aging_attr(bucket: AgingBucket) -> str:
    """The annotation name of a bucket's total (``aging_0_30`` ...)."""
    return "aging_" + bucket.key.replace("-", "_").replace("+", "_plus")
