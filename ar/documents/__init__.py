"""Invoice PDFs and supporting-document attachments: fetched from Intacct, stored as files.

Open invoices get their documents during import (the invoices step's ``after_page`` hook);
others when first opened (:func:`invoice_documents_ensure`); again only when the invoice
changed in Intacct.
"""

from ar.documents.fetch import documents_fetch
from ar.documents.services import (
    EnsureResult,
    invoice_documents_after_page,
    invoice_documents_ensure,
    stale_invoices,
)
from ar.documents.storage import DocumentCounts, FetchReport

__all__ = [
    "DocumentCounts",
    "EnsureResult",
    "FetchReport",
    "documents_fetch",
    "invoice_documents_after_page",
    "invoice_documents_ensure",
    "stale_invoices",
]
