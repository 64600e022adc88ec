"""The AP admin for accounting staff; importing the package registers every model admin."""

from ap.admin import bill_payments, bills, cards, parties, purchasing

__all__ = ["bill_payments", "bills", "cards", "parties", "purchasing"]
