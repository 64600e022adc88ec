"""Invoice PDFs and supporting-document attachments: fetched from Intacct, stored as files.

The fetching, storing and serving are ``integrations.documents``'; this package says which
invoices and when.

Open invoices get their documents during import (the invoices step's ``after_page`` hook);
others when first opened (:func:`invoice_documents_ensure`); again only when the invoice
changed in Intacct.
"""

from ar.documents.fetch import INVOICE_DOCUMENTS, documents_fetch
from ar.documents.services import (
    EnsureResult,
    invoice_documents_after_page,
    invoice_documents_ensure,
    stale_invoices,
)

__all__ = [
    "INVOICE_DOCUMENTS",
    "EnsureResult",
    "documents_fetch",
    "invoice_documents_after_page",
    "invoice_documents_ensure",
    "stale_invoices",
]
