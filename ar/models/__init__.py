"""AR models: master data, receivables (invoices, credit memos), payments, documents."""

from ar.models.documents import InvoiceDocument
from ar.models.master import Contact, Customer, PaymentTerm, Status, Subsidiary
from ar.models.payments import Payment, PaymentApplication
from ar.models.receivables import CreditMemo, CreditMemoLine, Invoice, InvoiceLine

__all__ = [
    "Contact",
    "CreditMemo",
    "CreditMemoLine",
    "Customer",
    "Invoice",
    "InvoiceDocument",
    "InvoiceLine",
    "Payment",
    "PaymentApplication",
    "PaymentTerm",
    "Status",
    "Subsidiary",
]
