"""Purchasing pull steps: definitions, units of measure, purchasing documents and lines.

Every purchasing document (PODOCUMENT: purchase orders of every definition, PO receivers,
vendor invoices) is pulled with its lines. The initial import takes what is still open; the
historical import adds what was created within ``AR_HISTORY_MONTHS`` (the onboarding window
both domains share) and anything still open; incremental runs take what changed. After each
page the documents get their kind, their links (converted from, back orders) and their status
through the status map.

Units must be unique: the units step lists every unit first and fails, importing none, when
two share a value.
"""

from collections.abc import Callable

from ap.declarations import purchasing as declarations
from ap.purchasing.documents import purchasing_documents_after_page
from ap.purchasing.units import units_checked_unique
from integrations.intacct import filters as F
from integrations.sync.history import history_start
from integrations.sync.steps import ParentKeys, PullStep, StageSpec, every_stage

# Intacct states after which nothing more happens to a purchasing document.
FINISHED_STATES = ("Closed", "Converted", "Declined")


def still_open() -> F.Filter:
    return F.not_in("STATE", FINISHED_STATES)


def recent_or_open(field: str) -> Callable[[], F.Filter]:
    return lambda: F.or_(F.greater_than_or_equal(field, history_start()), still_open())


PO_DEFINITIONS = PullStep(
    name="po_definitions",
    label="PO transaction definitions",
    declaration=declarations.PO_DEFINITION,
    stages=every_stage(),
)

UNIT_GROUPS = PullStep(
    name="unit_groups",
    label="Unit of measure groups",
    declaration=declarations.UNIT_GROUP,
    stages=every_stage(),
)

UNITS = PullStep(
    name="units",
    label="Units of measure",
    declaration=declarations.UNIT,
    depends_on=("unit_groups",),
    stages={
        stage: StageSpec(keys=units_checked_unique)
        for stage in ("initial", "historical", "incremental", "manual_import")
    },
)

PURCHASING_DOCUMENTS = PullStep(
    name="purchasing_documents",
    label="Purchase orders and receivers",
    declaration=declarations.PURCHASING_DOCUMENT,
    depends_on=("po_definitions", "vendors", "subsidiaries"),
    stages={
        "initial": StageSpec(filter=still_open),
        "historical": StageSpec(filter=recent_or_open("WHENCREATED")),
        "incremental": StageSpec(),
    },
    after_page=purchasing_documents_after_page,
)

PURCHASING_LINES = PullStep(
    name="purchasing_lines",
    label="Purchase order and receiver lines",
    declaration=declarations.PURCHASING_LINE,
    depends_on=("purchasing_documents",),
    stages={
        "initial": StageSpec(parent=ParentKeys("purchasing_documents", "DOCHDRNO")),
        "historical": StageSpec(parent=ParentKeys("purchasing_documents", "DOCHDRNO")),
        "incremental": StageSpec(),
    },
)

PURCHASING_STEPS: tuple[PullStep, ...] = (
    PO_DEFINITIONS,
    UNIT_GROUPS,
    UNITS,
    PURCHASING_DOCUMENTS,
    PURCHASING_LINES,
)
