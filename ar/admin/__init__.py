"""The AR admin for accounting staff; importing the package registers every model admin."""

from ar.admin import cash, credit_memos, invoices, master, payments

__all__ = ["cash", "credit_memos", "invoices", "master", "payments"]
