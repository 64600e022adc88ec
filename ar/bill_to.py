"""Customers from bill-to contacts, for connections whose customers are the invoices' bill-tos.

Such a connection does not import Intacct's customers. Each (Intacct customer, bill-to contact)
pair an invoice names becomes one customer here, carrying the contact's name and details and a
number made here: the Intacct customer ID, a dash and a counter (``C-00001-2``), since several
customers here share one Intacct customer. Payments and credit memos follow the invoices they
are applied to; one applied to nothing goes to its own pay-to / bill-to contact, else to its
Intacct customer's default bill-to contact (read from Intacct, one query per page).

These run after each committed page of the invoice, credit memo, payment and application
pulls (``PullStep.after_page``) and do nothing on other connections.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from ar.models import CreditMemo, Customer, Invoice, Payment, PaymentApplication
from integrations.intacct import filters as F
from integrations.models import Contact, IntacctConnection
from integrations.sync.context import RunContext

Pair = tuple[str, str]  # (Intacct customer ID, bill-to contact name)


def bill_to_customers(
    *, connection: IntacctConnection, pairs: Iterable[Pair]
) -> dict[Pair, Customer]:
    """The customers of these pairs, created (numbered) when new and refreshed from the contact."""
    wanted = {p for p in pairs if p[0]}
    if not wanted:
        return {}
    ours = Customer.objects.filter(connection=connection, source=Customer.Source.BILL_TO_CONTACT)
    found = {
        (c.intacct_customer_id, c.bill_to_name): c
        for c in ours.filter(intacct_customer_id__in={p[0] for p in wanted})
    }
    contacts = {
        c.contact_name: c
        for c in Contact.objects.filter(
            connection=connection, contact_name__in={p[1] for p in wanted if p[1]}
        )
    }
    now = timezone.now()
    for pair in sorted(wanted):
        contact = contacts.get(pair[1])
        details = _details(pair, contact)
        customer = found.get(pair)
        if customer is None:
            customer = Customer.objects.create(
                connection=connection,
                source=Customer.Source.BILL_TO_CONTACT,
                intacct_customer_id=pair[0],
                bill_to_name=pair[1],
                customer_id=_next_number(connection, pair[0]),
                last_synced_at=now,
                **details,
            )
            found[pair] = customer
        elif any(getattr(customer, k) != v for k, v in details.items()):
            for name, value in details.items():
                setattr(customer, name, value)
            customer.last_synced_at = now
            customer.save(update_fields=[*details, "last_synced_at"])
    return {p: found[p] for p in wanted}


def _details(pair: Pair, contact: Contact | None) -> dict[str, object]:
    """What a bill-to customer shows of its contact (the pair's names when it is not here)."""
    if contact is None:
        return {"name": pair[1] or pair[0], "bill_to_contact": None, "display_contact": None}
    name = contact.print_as or contact.company_name or contact.contact_name
    return {"name": name, "bill_to_contact": contact, "display_contact": contact}


def _next_number(connection: IntacctConnection, intacct_customer_id: str) -> str:
    """``<Intacct customer ID>-<n>``: the lowest counter not yet used on this connection."""
    taken = set(
        Customer.objects.filter(
            connection=connection, customer_id__startswith=f"{intacct_customer_id}-"
        ).values_list("customer_id", flat=True)
    )
    n = 1
    while f"{intacct_customer_id}-{n}" in taken:
        n += 1
    return f"{intacct_customer_id}-{n}"


def _assign(
    model: type[Model], connection: IntacctConnection, targets: dict[int, Customer | None]
) -> None:
    by_customer: dict[int | None, list[int]] = {}
    for pk, customer in targets.items():
        by_customer.setdefault(customer.pk if customer else None, []).append(pk)
    for customer_pk, pks in by_customer.items():
        if customer_pk is not None:
            model._default_manager.filter(connection=connection, pk__in=pks).exclude(
                customer_id=customer_pk
            ).update(customer_id=customer_pk)


def invoices_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    """Put the page's invoices under their bill-to customers."""
    connection = ctx.connection
    if not connection.customers_are_bill_to_contacts:
        return
    rows = list(
        Invoice.objects.filter(connection=connection, intacct_recordno__in=recordnos).values_list(
            "pk", "customer_intacct_id", "bill_to_name"
        )
    )
    with transaction.atomic():
        customers = bill_to_customers(connection=connection, pairs=[(c, b) for _, c, b in rows])
        _assign(Invoice, connection, {pk: customers.get((c, b)) for pk, c, b in rows})


def credit_memos_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    if ctx.connection.customers_are_bill_to_contacts:
        _follow_invoices(ctx, CreditMemo, recordnos)


def payments_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    if ctx.connection.customers_are_bill_to_contacts:
        _follow_invoices(ctx, Payment, recordnos)


def applications_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    """Applications just pulled may tie payments and credit memos to invoices: follow them."""
    connection = ctx.connection
    if not connection.customers_are_bill_to_contacts:
        return
    rows = PaymentApplication.objects.filter(connection=connection, intacct_recordno__in=recordnos)
    payments = {n for n in rows.values_list("payment_recordno", flat=True) if n is not None}
    credits = {n for n in rows.values_list("credit_memo_recordno", flat=True) if n is not None}
    _follow_invoices(ctx, Payment, sorted(payments))
    _follow_invoices(ctx, CreditMemo, sorted(credits))


def _follow_invoices(
    ctx: RunContext, model: type[Payment] | type[CreditMemo], recordnos: list[int]
) -> None:
    """Each document goes to the customer of the invoice it applies most to, else to its own
    bill-to contact, else to its Intacct customer's default bill-to contact."""
    if not recordnos:
        return
    connection = ctx.connection
    documents = list(
        model.objects.filter(connection=connection, intacct_recordno__in=recordnos).values_list(
            "pk", "intacct_recordno", "customer_intacct_id", "bill_to_name"
        )
    )
    key = "payment_recordno" if model is Payment else "credit_memo_recordno"
    amount = "amount" if model is Payment else "credit_amount"
    followed: dict[int, tuple[Decimal, int]] = {}
    applied = PaymentApplication.objects.filter(
        connection=connection, **{f"{key}__in": recordnos}, invoice__customer__isnull=False
    ).values_list(key, "invoice__customer", amount)
    for recordno, customer_pk, value in applied:
        best = followed.get(recordno)
        if best is None or (value or 0) > best[0]:
            followed[recordno] = (value or Decimal(0), customer_pk)
    # Applied to nothing and naming no contact: the Intacct customer's default bill-to.
    defaults = _default_bill_tos(
        ctx, {c for _, n, c, b in documents if not b and n not in followed and c}
    )
    pairs: dict[int, Pair] = {}
    for pk, recordno, intacct_customer, bill_to in documents:
        if recordno not in followed:
            pairs[pk] = (intacct_customer, bill_to or defaults.get(intacct_customer, ""))
    with transaction.atomic():
        own = bill_to_customers(connection=connection, pairs=pairs.values())
        customers = Customer.objects.in_bulk({pk for _, pk in followed.values()})
        targets: dict[int, Customer | None] = {}
        for pk, recordno, _, _ in documents:
            if recordno in followed:
                targets[pk] = customers.get(followed[recordno][1])
            else:
                targets[pk] = own.get(pairs[pk])
        _assign(model, connection, targets)


def _default_bill_tos(ctx: RunContext, intacct_ids: set[str]) -> dict[str, str]:
    """``{CUSTOMERID: default bill-to CONTACTNAME}`` (display contact when none), from Intacct."""
    if not intacct_ids:
        return {}
    found: dict[str, str] = {}
    for page in ctx.client.query(
        "CUSTOMER",
        ["CUSTOMERID", "BILLTO.CONTACTNAME", "DISPLAYCONTACT.CONTACTNAME"],
        filter=F.in_("CUSTOMERID", sorted(intacct_ids)),
        page_size=1000,
    ):
        for record in page.records:
            name = record.text("BILLTO.CONTACTNAME") or record.text("DISPLAYCONTACT.CONTACTNAME")
            if record.text("CUSTOMERID") and name:
                found[record.text("CUSTOMERID") or ""] = name
    return found
