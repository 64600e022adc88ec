"""AR pull steps, registered with the engine from ``ArConfig.ready()``.

Stages: the initial import takes the open items of any age (invoices and credit memos with
their lines, unapplied payments) and customers with an open balance (entities and contacts
are the shared master data's steps, registered by ``integrations``); the historical import
takes everything of the last ``AR_HISTORY_MONTHS`` months and, again, what is still open
however old; incremental runs take what changed since the last run; the manual import takes
the whole customer list.
"""

from collections.abc import Callable

from ar import declarations
from ar.cash.steps import INVOICE_PUSH_STEPS, payment_push_step
from ar.documents import invoice_documents_after_page
from integrations.intacct import filters as F
from integrations.sync.context import RunContext
from integrations.sync.history import history_start
from integrations.sync.registry import register, registry
from integrations.sync.steps import ParentKeys, PullStep, StageSpec, every_stage

OPEN_STATES = ("Posted", "Partially Paid")
# Payments in these states hold no money for the customer, whatever their TOTALDUE says.
INACTIVE_PAYMENT_STATES = ("Draft", "Reversed", "Reversal")


def since_history(field: str) -> Callable[[], F.Filter]:
    return lambda: F.greater_than_or_equal(field, history_start())


def invoices_of_document_type(ctx: RunContext) -> list[int]:
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


def open_items() -> F.Filter:
    """Invoices and credit memos with something left to pay or apply."""
    return F.and_(F.in_("STATE", OPEN_STATES), F.not_equal("TOTALDUE", "0"))


def unapplied_payments() -> F.Filter:
    """Payments with money not yet applied (advances, overpayments)."""
    return F.and_(F.not_in("STATE", INACTIVE_PAYMENT_STATES), F.not_equal("TOTALDUE", "0"))


def recent_or_open(field: str, still_open: Callable[[], F.Filter]) -> Callable[[], F.Filter]:
    """History is bounded by ``AR_HISTORY_MONTHS``; what is still open is taken at any age."""
    return lambda: F.or_(since_history(field)(), still_open())


PAYMENT_TERMS = PullStep(
    name="payment_terms",
    label="AR payment terms",
    declaration=declarations.PAYMENT_TERM,
    active_only=True,
    stages=every_stage(),
)

CUSTOMERS = PullStep(
    name="customers",
    label="Customers",
    declaration=declarations.CUSTOMER,
    depends_on=("subsidiaries", "payment_terms", "contacts"),
    active_only=True,
    stages={
        "initial": StageSpec(filter=lambda: F.not_equal("TOTALDUE", "0")),
        "historical": StageSpec(),
        "incremental": StageSpec(),
        "manual_import": StageSpec(),
    },
)

INVOICES = PullStep(
    name="invoices",
    label="Invoices",
    declaration=declarations.INVOICE,
    depends_on=("customers", "subsidiaries"),
    stages={
        "initial": StageSpec(filter=open_items),
        "historical": StageSpec(filter=recent_or_open("WHENCREATED", open_items)),
        "incremental": StageSpec(),
        "manual_import": StageSpec(keys=invoices_of_document_type),
    },
    after_page=invoice_documents_after_page,
)

INVOICE_LINES = PullStep(
    name="invoice_lines",
    label="Invoice lines",
    declaration=declarations.INVOICE_LINE,
    depends_on=("invoices",),
    stages={
        "initial": StageSpec(parent=ParentKeys("invoices", "RECORDKEY")),
        "historical": StageSpec(filter=since_history("ENTRY_DATE")),
        "incremental": StageSpec(),
        "manual_import": StageSpec(parent=ParentKeys("invoices", "RECORDKEY")),
    },
)

CREDIT_MEMOS = PullStep(
    name="credit_memos",
    label="Credit memos",
    declaration=declarations.CREDIT_MEMO,
    depends_on=("customers", "subsidiaries"),
    stages={
        "initial": StageSpec(filter=open_items),
        "historical": StageSpec(filter=recent_or_open("WHENCREATED", open_items)),
        "incremental": StageSpec(),
    },
)

CREDIT_MEMO_LINES = PullStep(
    name="credit_memo_lines",
    label="Credit memo lines",
    declaration=declarations.CREDIT_MEMO_LINE,
    depends_on=("credit_memos",),
    stages={
        "initial": StageSpec(parent=ParentKeys("credit_memos", "RECORDKEY")),
        "historical": StageSpec(filter=since_history("ENTRY_DATE")),
        "incremental": StageSpec(),
    },
)

PAYMENTS = PullStep(
    name="payments",
    label="Payments",
    declaration=declarations.PAYMENT,
    depends_on=("customers", "subsidiaries"),
    stages={
        "initial": StageSpec(filter=unapplied_payments),
        "historical": StageSpec(filter=recent_or_open("WHENCREATED", unapplied_payments)),
        "incremental": StageSpec(),
    },
)

PAYMENT_APPLICATIONS = PullStep(
    name="payment_applications",
    label="Payment applications",
    declaration=declarations.PAYMENT_APPLICATION,
    depends_on=("payments", "invoices", "credit_memos"),
    stages={
        "historical": StageSpec(filter=since_history("PAYMENTDATE")),
        "incremental": StageSpec(),
    },
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
    from ar.push.invoices import PUSH_STEPS

    for step in (*STEPS, *PUSH_STEPS):
        register(step)
    # Cash application: payments go after the invoices pushed in the same run.
    waits_for = tuple(n for n in INVOICE_PUSH_STEPS if n in registry.names())
    register(payment_push_step(waits_for))
