"""AR models: customers and terms, receivables (invoices, credit memos), payments, documents.

Entities and contacts are shared master data: import them from ``integrations.models``.
"""

from ar.models.app_invoices import AppInvoice, CustomerNameChoice, InvoiceEntry
from ar.models.cash import (
    BankAccount,
    BankFileImport,
    BankTransaction,
    CashAccountDefault,
    PaymentMethodRule,
)
from ar.models.documents import InvoiceDocument
from ar.models.master import Customer, PaymentTerm
from ar.models.payments import Payment, PaymentApplication
from ar.models.receivables import (
    AppState,
    CreditMemo,
    CreditMemoLine,
    Invoice,
    InvoiceLine,
    Origin,
)

__all__ = [
    "AppInvoice",
    "AppState",
    "BankAccount",
    "BankFileImport",
    "BankTransaction",
    "CashAccountDefault",
    "CreditMemo",
    "CreditMemoLine",
    "Customer",
    "CustomerNameChoice",
    "Invoice",
    "InvoiceDocument",
    "InvoiceEntry",
    "InvoiceLine",
    "Origin",
    "Payment",
    "PaymentApplication",
    "PaymentMethodRule",
    "PaymentTerm",
]
