"""Reads for the cash application screen."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from ar.cash.matching import CustomerIndex, Suggestion
from ar.models import AppState, BankTransaction, CreditMemo, Customer, Invoice, Origin, Payment

# One matching index per connection, rebuilt when its customers or open invoices change.
_indexes: dict[int, tuple[tuple[Any, ...], CustomerIndex]] = {}


def _fingerprint(connection_id: int) -> tuple[Any, ...]:
    customers = Customer.objects.filter(connection_id=connection_id).aggregate(
        n=Count("pk"), top=Max("pk"), synced=Max("last_synced_at")
    )
    invoices = Invoice.objects.filter(connection_id=connection_id).aggregate(
        n=Count("pk"), top=Max("pk"), synced=Max("last_synced_at")
    )
    return (*customers.values(), *invoices.values())


def matching_index(connection_id: int) -> CustomerIndex:
    fingerprint = _fingerprint(connection_id)
    built = _indexes.get(connection_id)
    if built is None or built[0] != fingerprint:
        built = (fingerprint, CustomerIndex.from_database(connection_id))
        _indexes[connection_id] = built
    return built[1]


def matching_index_forget(connection_id: int) -> None:
    _indexes.pop(connection_id, None)


def customer_suggestions(
    *, bank_line: BankTransaction, limit: int = 5
) -> list[tuple[Suggestion, Customer]]:
    """Ranked customers for a bank line, each with its local record."""
    ranked = matching_index(bank_line.connection_id).suggest(
        payer_name=bank_line.payer_name,
        memo=f"{bank_line.memo} {bank_line.reference}",
        amount=bank_line.amount,
        limit=limit,
    )
    customers = {
        c.customer_id: c
        for c in Customer.objects.filter(
            connection_id=bank_line.connection_id, customer_id__in=[s.customer_id for s in ranked]
        )
    }
    return [(s, customers[s.customer_id]) for s in ranked if s.customer_id in customers]


def open_invoices_for(
    *, payment: Payment, all_customers: bool = False, search: str = ""
) -> QuerySet[Invoice]:
    """Invoices the payment may pay: its customer's open ones, or every customer's."""
    invoices = Invoice.objects.filter(
        Q(state__in=("Posted", "Partially Paid"), trx_total_due__gt=0)
        | Q(origin=Origin.APP, app_state=AppState.ISSUED, trx_total_due__isnull=True),
        connection_id=payment.connection_id,
    ).select_related("customer")
    if not all_customers:
        invoices = invoices.filter(customer=payment.customer)
    if search:
        invoices = invoices.filter(number__icontains=search) | invoices.filter(
            customer__name__icontains=search
        )
    return invoices.order_by("due_date", "number")


def open_credits_for(*, payment: Payment) -> list[CreditMemo]:
    return list(
        CreditMemo.objects.filter(
            customer=payment.customer, state__in=("Posted", "Partially Paid")
        ).exclude(trx_total_due=Decimal(0))
    )


def overpayments_for(*, payment: Payment) -> list[Payment]:
    return list(
        Payment.objects.filter(
            customer=payment.customer,
            state="Complete",
            trx_total_due__gt=0,
            intacct_recordno__isnull=False,
        ).exclude(pk=payment.pk)
    )
