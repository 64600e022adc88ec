"""Purchasing pull steps: units of measure, purchase orders, receivers and their lines."""

from integrations.sync.steps import PullStep

PURCHASING_STEPS: tuple[PullStep, ...] = ()
