"""AP pull steps, registered with the engine from ``ApConfig.ready()``.

Each module lists its steps: ``parties`` (terms, vendors), ``purchasing`` (units of measure,
purchase orders, receivers and their lines) and ``bills`` (bills, payments, vendor credits).
Entities, contacts and GL accounts are the shared master data's steps (``integrations``).
"""

from ap.sync.bills import BILL_STEPS
from ap.sync.parties import PARTY_STEPS
from ap.sync.purchasing import PURCHASING_STEPS
from integrations.sync.registry import register
from integrations.sync.steps import PullStep

STEPS: tuple[PullStep, ...] = (*PARTY_STEPS, *PURCHASING_STEPS, *BILL_STEPS)


def register_steps() -> None:
    for step in STEPS:
        register(step)
