"""Record documents (PDFs and supporting-document attachments): fetched, stored, served.

Generic over the record: a domain app describes its records with a
:class:`~integrations.documents.fetch.DocumentSource` (its document model, error step and
how PDFs are asked for) and calls these functions; it decides *when* to fetch.
"""

from integrations.documents.fetch import (
    DocumentPlan,
    DocumentSource,
    Downloaded,
    documents_download,
    documents_fetch,
    documents_plan,
    documents_store,
)
from integrations.documents.freshness import stale_records
from integrations.documents.storage import DocumentCounts, DocumentStore, FetchReport

__all__ = [
    "DocumentCounts",
    "DocumentPlan",
    "DocumentSource",
    "DocumentStore",
    "Downloaded",
    "FetchReport",
    "documents_download",
    "documents_fetch",
    "documents_plan",
    "documents_store",
    "stale_records",
]
