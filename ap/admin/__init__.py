"""The AP admin for accounting staff; importing the package registers every model admin."""

from ap.admin import (
    app_bills,
    bill_payments,
    bills,
    cards,
    parties,
    purchasing,
    vendor_conflicts,
)

__all__ = [
    "app_bills",
    "bill_payments",
    "bills",
    "cards",
    "parties",
    "purchasing",
    "vendor_conflicts",
]
