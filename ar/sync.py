"""AR pull steps, registered with the engine from ``ArConfig.ready()``.

Entities and contacts are the shared master data's steps (``integrations.master_data``).

Stages: the initial import takes open invoices (with their lines), customers with an open
balance, contacts and entities; the historical import takes everything of the last
``AR_HISTORY_MONTHS`` months; incremental runs take what changed since the last run; the
manual import takes the whole customer list.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone

from ar import mappers
from ar.documents import invoice_documents_after_page
from ar.models import (
    CreditMemo,
    CreditMemoLine,
    Customer,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentApplication,
    PaymentTerm,
)
from integrations.intacct import filters as F
from integrations.models import Contact, Subsidiary
from integrations.sync.registry import register
from integrations.sync.steps import PullStep, Relation

MASTER = frozenset({"initial", "historical", "incremental", "manual_import"})
HISTORY = frozenset({"historical", "incremental"})
OPEN_STATES = ("Posted", "Partially Paid")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def history_start() -> date:
    return months_before(timezone.localdate(), settings.AR_HISTORY_MONTHS)


def since_history(field: str):
    return lambda: F.greater_than_or_equal(field, history_start())


def invoices_of_document_type(ctx) -> list[int]:
    """RECORDNOs of the AR invoices made from sales documents of the run's document type."""
    document_type = ctx.run.parameters.get("document_type", "")
    keys: list[int] = []
    for page in ctx.client.query(
        "SODOCUMENT",
        ["RECORDNO", "PRRECORDKEY"],
        filter=F.and_(F.equal("DOCPARID", document_type), F.is_not_null("PRRECORDKEY")),
        page_size=2000,
    ):
        keys.extend(n for n in (r.int("PRRECORDKEY") for r in page.records) if n is not None)
    return keys


def open_items():
    return F.and_(F.in_("STATE", OPEN_STATES), F.not_equal("TOTALDUE", "0"))


PAYMENT_TERMS = PullStep(
    name="payment_terms",
    label="AR payment terms",
    object_name="ARTERM",
    model=PaymentTerm,
    fields=("NAME", "DESCRIPTION", "STATUS", "DUEDATE", "DUEFROM", "DISCDATE", "DISCAMOUNT"),
    mapper=mappers.payment_term_values,
    id_field="NAME",
    active_only=True,
    stages=MASTER,
)

CUSTOMERS = PullStep(
    name="customers",
    label="Customers",
    object_name="CUSTOMER",
    model=Customer,
    fields=mappers.CUSTOMER_FIELDS,
    mapper=mappers.customer_values,
    id_field="CUSTOMERID",
    depends_on=("subsidiaries", "payment_terms", "contacts"),
    active_only=True,
    stages=MASTER,
    stage_filters={"initial": lambda: F.not_equal("TOTALDUE", "0")},
    custom_fields=True,
    relations=(
        Relation("payment_term", PaymentTerm, source="term_key", by="intacct_id"),
        Relation("created_in_entity", Subsidiary, source="entity_key", by="intacct_id"),
        Relation("display_contact", Contact, source="display_contact_key", by="intacct_id"),
        Relation("primary_contact", Contact, source="primary_contact_key", by="intacct_id"),
        Relation("bill_to_contact", Contact, source="bill_to_key", by="intacct_id"),
        Relation("ship_to_contact", Contact, source="ship_to_key", by="intacct_id"),
    ),
)

_PARTY = (
    Relation("customer", Customer, source="customer_key", by="intacct_id"),
    Relation("subsidiary", Subsidiary, source="entity_key", by="intacct_id"),
)

INVOICES = PullStep(
    name="invoices",
    label="Invoices",
    object_name="ARINVOICE",
    model=Invoice,
    fields=mappers.INVOICE_FIELDS,
    mapper=mappers.invoice_values,
    id_field="RECORDID",
    depends_on=("customers", "subsidiaries"),
    stages=frozenset({"initial", "historical", "incremental", "manual_import"}),
    stage_filters={"initial": open_items, "historical": since_history("WHENCREATED")},
    stage_keys={"manual_import": invoices_of_document_type},
    relations=_PARTY,
    custom_fields=True,
    rekey_field="number",
    after_page=invoice_documents_after_page,
)

INVOICE_LINES = PullStep(
    name="invoice_lines",
    label="Invoice lines",
    object_name="ARINVOICEITEM",
    model=InvoiceLine,
    fields=mappers.LINE_FIELDS,
    mapper=mappers.invoice_line_values,
    depends_on=("invoices",),
    stages=frozenset({"initial", "historical", "incremental", "manual_import"}),
    stage_filters={"historical": since_history("ENTRY_DATE")},
    parent_keys={
        "initial": ("invoices", "RECORDKEY"),
        "manual_import": ("invoices", "RECORDKEY"),
    },
    relations=(Relation("invoice", Invoice, source="invoice_key"),),
)

CREDIT_MEMOS = PullStep(
    name="credit_memos",
    label="Credit memos",
    object_name="ARADJUSTMENT",
    model=CreditMemo,
    fields=mappers.CREDIT_MEMO_FIELDS,
    mapper=mappers.credit_memo_values,
    id_field="RECORDID",
    depends_on=("customers", "subsidiaries"),
    stages=HISTORY,
    stage_filters={"historical": since_history("WHENCREATED")},
    relations=_PARTY,
)

CREDIT_MEMO_LINES = PullStep(
    name="credit_memo_lines",
    label="Credit memo lines",
    object_name="ARADJUSTMENTITEM",
    model=CreditMemoLine,
    fields=mappers.LINE_FIELDS,
    mapper=mappers.credit_memo_line_values,
    depends_on=("credit_memos",),
    stages=HISTORY,
    stage_filters={"historical": since_history("ENTRY_DATE")},
    relations=(Relation("credit_memo", CreditMemo, source="credit_memo_key"),),
)

PAYMENTS = PullStep(
    name="payments",
    label="Payments",
    object_name="ARPYMT",
    model=Payment,
    fields=mappers.PAYMENT_FIELDS,
    mapper=mappers.payment_values,
    id_field="RECORDID",
    depends_on=("customers", "subsidiaries"),
    stages=HISTORY,
    stage_filters={"historical": since_history("WHENCREATED")},
    relations=_PARTY,
)

PAYMENT_APPLICATIONS = PullStep(
    name="payment_applications",
    label="Payment applications",
    object_name="ARPYMTDETAIL",
    model=PaymentApplication,
    fields=mappers.APPLICATION_FIELDS,
    mapper=mappers.application_values,
    depends_on=("payments", "invoices", "credit_memos"),
    stages=HISTORY,
    stage_filters={"historical": since_history("PAYMENTDATE")},
    relations=(
        Relation("payment", Payment, source="payment_key"),
        Relation("invoice", Invoice, source="invoice_key"),
        Relation("credit_memo", CreditMemo, source="credit_memo_key"),
    ),
)

STEPS = (
    PAYMENT_TERMS,
    CUSTOMERS,
    INVOICES,
    INVOICE_LINES,
    CREDIT_MEMOS,
    CREDIT_MEMO_LINES,
    PAYMENTS,
    PAYMENT_APPLICATIONS,
)


def register_steps() -> None:
    for step in STEPS:
        register(step)
