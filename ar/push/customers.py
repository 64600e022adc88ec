"""Customers of app-made invoices: matched to Intacct's by name, or created first.

An invoice whose customer Intacct already holds uses its ID. Otherwise the customer's name is
matched (case and spacing ignored, accents kept) against the Intacct customers the hub has
pulled, plus those Intacct changed since (one read per push): one match is used, none means
the customer is created in the same request just before the invoice, several mean the
consultant chooses (``CustomerNameChoice``) and the invoice fails until then, naming them.
"""

from datetime import timedelta
from typing import Any

from django.db.models import Max

from ar.models import Customer, CustomerNameChoice, Invoice
from ar.push.names import name_key
from integrations.intacct import FunctionOutcome
from integrations.intacct.functions.writes import Create
from integrations.models import IntacctConnection
from integrations.sync.decisions import AMBIGUOUS, PushBatch
from integrations.sync.steps import PushStep

OVERLAP = timedelta(days=1)


def customer_create(customer: Customer, controlid: str) -> Create:
    return Create(
        "CUSTOMER",
        {
            "CUSTOMERID": customer.customer_id,
            "NAME": customer.name.strip(),
            "STATUS": "active",
            "DISPLAYCONTACT": {"PRINTAS": customer.name.strip()},
        },
        controlid=controlid,
    )


def _customer_key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    if outcome.records:
        return outcome.records[0].int("RECORDNO"), outcome.records[0].text("CUSTOMERID") or ""
    return None, ""


def _find_customer(client: Any, customer: Customer) -> Any:
    found = client.read_by_name("CUSTOMER", [customer.customer_id], fields=["RECORDNO"])
    return found[0] if found else None


PUSH_CUSTOMERS = PushStep(
    name="customers_push",
    label="customers (created for invoices)",
    object_name="CUSTOMER",
    model=Customer,
    # Customers are created only as the prerequisite of an invoice that names them.
    select_pending=lambda connection: Customer.objects.none(),
    build=customer_create,
    find_existing=_find_customer,
    key_from_outcome=_customer_key,
)


def _local_index(connection: IntacctConnection) -> dict[str, list[str]]:
    """name key -> IDs of the Intacct customers the hub has pulled."""
    index: dict[str, list[str]] = {}
    rows = Customer.objects.filter(connection=connection, intacct_recordno__isnull=False)
    for name, customer_id in rows.values_list("name", "customer_id").order_by("customer_id"):
        index.setdefault(name_key(name), []).append(customer_id)
    return index


def _recent_customers(client: Any, connection: IntacctConnection) -> dict[str, list[str]]:
    """name key -> IDs of the Intacct customers changed since the hub's newest pulled one
    (with a day of overlap): the customers made in Intacct since the last pull."""
    newest = (
        Customer.objects.filter(connection=connection, intacct_modified_at__isnull=False)
        .aggregate(at=Max("intacct_modified_at"))
        .get("at")
    )
    since = newest.replace(tzinfo=None) - OVERLAP if newest is not None else None
    out: dict[str, list[str]] = {}
    for page in client.query_modified_since("CUSTOMER", ["CUSTOMERID", "NAME"], since=since):
        for record in page.records:
            out.setdefault(name_key(record.text("NAME") or ""), []).append(
                record.text("CUSTOMERID") or ""
            )
    return out


def _new_customer_id(customer: Customer) -> str:
    return customer.customer_id or f"HUB-C{customer.pk}"


def resolve_customers(batch: PushBatch, invoices: list[Invoice]) -> dict[Any, str]:
    """The Intacct customer ID of each invoice (refusing or requiring as the rules say)."""
    memo = batch.memo
    if "customers" not in memo:
        known = _local_index(batch.connection)
        if batch.client is not None:
            for key, ids in _recent_customers(batch.client, batch.connection).items():
                known.setdefault(key, [])
                known[key].extend(i for i in ids if i not in known[key])
        memo["customers"] = known
        memo["created"] = {}  # name key -> customer created (or being created) by this push
    index: dict[str, list[str]] = memo["customers"]
    created: dict[str, Customer] = memo["created"]
    choices = {
        c.name_key: c.customer_id
        for c in CustomerNameChoice.objects.filter(connection=batch.connection)
    }
    out: dict[Any, str] = {}
    for invoice in invoices:
        customer = invoice.customer
        if customer is None:
            continue
        if customer.intacct_recordno is not None:
            out[invoice.pk] = customer.customer_id
            continue
        key = name_key(customer.name)
        if key in choices:
            out[invoice.pk] = choices[key]
            continue
        ids = index.get(key, [])
        if len(ids) == 1:
            out[invoice.pk] = ids[0]
        elif len(ids) > 1:
            batch.refuse(
                invoice,
                f"{len(ids)} Intacct customers are named {customer.name.strip()!r}: "
                f"{', '.join(ids)}. Choose the one to use in Customer name choices; the choice "
                "is remembered for every later invoice of that name.",
                errorno=AMBIGUOUS,
            )
        else:
            first = created.setdefault(key, customer)
            if not first.customer_id:
                first.customer_id = _new_customer_id(first)
                Customer.objects.filter(pk=first.pk).update(customer_id=first.customer_id)
            batch.require(invoice, PUSH_CUSTOMERS, first)
            out[invoice.pk] = first.customer_id
    return out
