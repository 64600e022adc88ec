"""Bill, bill payment and vendor credit pull steps (filled by the AP documents work)."""

from integrations.sync.steps import PullStep

BILL_STEPS: tuple[PullStep, ...] = ()
