"""Bill, bill payment, vendor credit, card transaction and amortization template pull steps.

Stages, as for AR: the initial import takes what is still open at any age (bills and vendor
credits with something due, payments with money unapplied, card transactions not yet paid)
with their lines; the historical import takes everything of the last ``AP_HISTORY_MONTHS``
months and, again, what is open however old, plus the payment details of that window;
incremental runs take what changed since the last run, and deletions. Amortization templates
are a list (active templates in every full pass).
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings

from ap.declarations import bills as declarations
from integrations.intacct import filters as F
from integrations.sync.declarations import SyncedObject
from integrations.sync.history import months_ago, on_or_after, recent_or_open
from integrations.sync.steps import ParentKeys, PullStep, StageSpec, every_stage

OPEN_STATES = ("Posted", "Partially Paid", "Selected")
# Payments in these states hold no money for the vendor, whatever their TOTALDUE says.
INACTIVE_PAYMENT_STATES = ("Draft", "Reversed", "Reversal", "Voided")


def history_start() -> date:
    return months_ago(settings.AP_HISTORY_MONTHS)


def open_items() -> F.Filter:
    """Bills, vendor credits and card transactions with something left to pay or apply."""
    return F.and_(F.in_("STATE", OPEN_STATES), F.not_equal("TOTALDUE", "0"))


def unapplied_payments() -> F.Filter:
    """Payments with money not yet applied (advances)."""
    return F.and_(F.not_in("STATE", INACTIVE_PAYMENT_STATES), F.not_equal("TOTALDUE", "0"))


def _documents(
    name: str,
    label: str,
    declaration: SyncedObject,
    *,
    still_open: Callable[[], F.Filter] = open_items,
    depends_on: tuple[str, ...] = ("vendors",),
) -> PullStep:
    return PullStep(
        name=name,
        label=label,
        declaration=declaration,
        depends_on=(*depends_on, "subsidiaries"),
        stages={
            "initial": StageSpec(filter=still_open),
            "historical": StageSpec(
                filter=recent_or_open("WHENCREATED", history_start, still_open)
            ),
            "incremental": StageSpec(),
        },
    )


def _lines(
    name: str, label: str, declaration: SyncedObject, parent: str, *, also: tuple[str, ...] = ()
) -> PullStep:
    return PullStep(
        name=name,
        label=label,
        declaration=declaration,
        depends_on=(parent, *also),
        stages={
            "initial": StageSpec(parent=ParentKeys(parent, "RECORDKEY")),
            "historical": StageSpec(filter=on_or_after("ENTRY_DATE", history_start)),
            "incremental": StageSpec(),
        },
    )


AMORTIZATION_TEMPLATES = PullStep(
    name="amortization_templates",
    label="Amortization templates",
    declaration=declarations.AMORTIZATION_TEMPLATE,
    active_only=True,
    stages=every_stage(),
)

BILLS = _documents(
    "bills", "Bills", declarations.BILL, depends_on=("vendors", "purchasing_documents")
)
BILL_LINES = _lines(
    "bill_lines", "Bill lines", declarations.BILL_LINE, "bills", also=("amortization_templates",)
)
VENDOR_CREDITS = _documents("vendor_credits", "Vendor credits", declarations.VENDOR_CREDIT)
VENDOR_CREDIT_LINES = _lines(
    "vendor_credit_lines", "Vendor credit lines", declarations.VENDOR_CREDIT_LINE, "vendor_credits"
)
BILL_PAYMENTS = _documents(
    "bill_payments", "Bill payments", declarations.BILL_PAYMENT, still_open=unapplied_payments
)
BILL_PAYMENT_DETAILS = PullStep(
    name="bill_payment_details",
    label="Bill payment details",
    declaration=declarations.BILL_PAYMENT_DETAIL,
    depends_on=("bill_payments", "bills", "vendor_credits"),
    stages={
        "historical": StageSpec(filter=on_or_after("PAYMENTDATE", history_start)),
        "incremental": StageSpec(),
    },
)
CARD_TRANSACTIONS = _documents(
    "card_transactions", "Card transactions", declarations.CARD_TRANSACTION, depends_on=()
)
CARD_TRANSACTION_LINES = _lines(
    "card_transaction_lines",
    "Card transaction lines",
    declarations.CARD_TRANSACTION_LINE,
    "card_transactions",
)

BILL_STEPS: tuple[PullStep, ...] = (
    AMORTIZATION_TEMPLATES,
    BILLS,
    BILL_LINES,
    VENDOR_CREDITS,
    VENDOR_CREDIT_LINES,
    BILL_PAYMENTS,
    BILL_PAYMENT_DETAILS,
    CARD_TRANSACTIONS,
    CARD_TRANSACTION_LINES,
)
