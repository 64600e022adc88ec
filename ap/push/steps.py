"""Every AP push step, in the order they depend on each other."""

from ap.push.bills import PUSH_BILLS
from ap.push.payments import PUSH_CREDITS, PUSH_PAYMENTS
from ap.push.vendor_invoices import PUSH_VENDOR_INVOICES
from ap.push.vendors import PUSH_VENDORS
from integrations.sync.steps import PushStep

PUSH_STEPS: tuple[PushStep, ...] = (
    PUSH_VENDORS,
    PUSH_BILLS,
    PUSH_CREDITS,
    PUSH_PAYMENTS,
    PUSH_VENDOR_INVOICES,
)
