"""The AR admin for accounting staff; importing the package registers every model admin."""

from ar.admin import app_invoices, cash, credit_memos, invoices, master, payments

__all__ = ["app_invoices", "cash", "credit_memos", "invoices", "master", "payments"]
