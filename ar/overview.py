"""The AR overview of the admin index: receivables by aging bucket in base currency, overdue,
unapplied cash, open sync errors, last and next sync.

Every figure is one aggregate over its table (grouped by base currency), so the page costs
the same few queries for one invoice or a hundred thousand.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse

from ar.models import Invoice, Payment
from ar.selectors import AGING_BUCKETS, CURRENT, money, open_q, overdue_q, owed_q
from integrations import selectors as sync_selectors
from integrations.models import IntacctConnection, SyncError

BUCKETS = (CURRENT, *AGING_BUCKETS)


@dataclass
class Figure:
    amount: Decimal
    url: str


@dataclass
class CurrencyRow:
    currency: str
    buckets: list[Figure]
    overdue: Figure
    open: Figure
    unapplied: Figure | None = None


@dataclass
class ConnectionLine:
    name: str
    url: str
    last_run: str
    next_run: str


@dataclass
class Overview:
    rows: list[CurrencyRow] = field(default_factory=list)
    bucket_labels: list[str] = field(default_factory=list)
    open_errors: int = 0
    errors_url: str = ""
    connections: list[ConnectionLine] = field(default_factory=list)


def _invoices_url(**params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('admin:ar_invoice_changelist')}?{query}"


def receivables_overview(*, today: date) -> Overview:
    """The overview's figures (a handful of queries, whatever the data size)."""
    # Credits (negative amounts due) lower the open total but are never aged or overdue.
    sums = {b.key: Sum("total_due", filter=owed_q() & b.due_date_q(today)) for b in BUCKETS}
    invoice_rows = (
        Invoice.objects.filter(open_q())
        .order_by()
        .values("base_currency")
        .annotate(
            open_total=Sum("total_due"),
            overdue_total=Sum("total_due", filter=overdue_q(today)),
            **{f"b_{k.replace('-', '_').replace('+', 'p')}": s for k, s in sums.items()},
        )
        .order_by("base_currency")
    )
    unapplied = {
        row["base_currency"]: row["unapplied"]
        for row in Payment.objects.filter(Q(total_due__gt=0))
        .order_by()
        .values("base_currency")
        .annotate(unapplied=Sum("total_due"))
    }
    overview = Overview(bucket_labels=[b.label for b in BUCKETS])
    seen = set()
    for row in invoice_rows:
        currency = row["base_currency"] or ""
        seen.add(currency)
        figures = [
            Figure(
                money(row[f"b_{b.key.replace('-', '_').replace('+', 'p')}"]) or Decimal("0.00"),
                _invoices_url(aging=b.key, base_currency__exact=currency),
            )
            for b in BUCKETS
        ]
        overview.rows.append(
            CurrencyRow(
                currency=currency,
                buckets=figures,
                overdue=Figure(
                    money(row["overdue_total"]) or Decimal("0.00"),
                    _invoices_url(due="overdue", base_currency__exact=currency),
                ),
                open=Figure(
                    money(row["open_total"]) or Decimal("0.00"),
                    _invoices_url(due="open", base_currency__exact=currency),
                ),
            )
        )
    payments_url = reverse("admin:ar_payment_changelist")
    for row in overview.rows:
        if row.currency in unapplied:
            row.unapplied = Figure(
                money(unapplied[row.currency]),
                f"{payments_url}?total_due__gt=0&base_currency__exact={row.currency}",
            )
    for currency in sorted(set(unapplied) - seen):
        overview.rows.append(
            CurrencyRow(
                currency=currency,
                buckets=[],
                overdue=Figure(Decimal("0.00"), ""),
                open=Figure(Decimal("0.00"), ""),
                unapplied=Figure(
                    money(unapplied[currency]),
                    f"{payments_url}?total_due__gt=0&base_currency__exact={currency}",
                ),
            )
        )
    overview.open_errors = SyncError.objects.filter(status__in=sync_selectors.OPEN).count()
    overview.errors_url = (
        reverse("admin:integrations_syncerror_changelist")
        + "?status__in="
        + ",".join(sync_selectors.OPEN)
    )
    for connection in IntacctConnection.objects.all()[:10]:
        status = sync_selectors.connection_status(connection)
        overview.connections.append(
            ConnectionLine(
                name=connection.name,
                url=reverse("admin:integrations_intacctconnection_sync", args=[connection.pk]),
                last_run=status.last_run_text,
                next_run=status.next_run_text,
            )
        )
    return overview
