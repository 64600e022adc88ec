"""Invoice PDFs and attachments: what the shared document fetcher needs to know of invoices.

Order-entry invoices print through their sales document's type, so their PDFs are asked
for per document type; everything else is the shared fetcher's.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ar.models import Invoice, InvoiceDocument
from integrations import documents
from integrations.documents import (
    DocumentPlan,
    DocumentSource,
    DocumentStore,
    Downloaded,
    FetchReport,
)
from integrations.documents.names import pdf_name
from integrations.intacct import IntacctError
from integrations.intacct import filters as F
from integrations.models import IntacctConnection, SyncRun
from integrations.sync.steplog import error_details

ORDER_ENTRY = Invoice.Module.ORDER_ENTRY.value
ERROR_STEP = "invoice_documents"


def _pdf_groups(
    client: Any, invoices: Sequence[Invoice], out: Downloaded
) -> dict[str | None, list[Invoice]]:
    """Invoices by the document type their PDF is asked with (None: plain AR invoices)."""
    groups: dict[str | None, list[Invoice]] = defaultdict(list)
    order_entry = [i for i in invoices if i.module == ORDER_ENTRY and i.source_document_key]
    types: dict[str, str] = {}
    if order_entry:
        # One query per 1,000 sales documents (each fits one page).
        out.pdf_requests += -(-len({i.source_document_key for i in order_entry}) // 1000)
        try:
            types = _document_types(client, [i.source_document_key for i in order_entry])
        except IntacctError as exc:
            # Without the type the PDF cannot be asked for properly; say so per invoice.
            out.failures.extend((invoice, error_details(exc)) for invoice in order_entry)
    failed = {invoice.pk for invoice, _ in out.failures}
    for invoice in invoices:
        if invoice.pk in failed:
            continue
        if invoice.module == ORDER_ENTRY and invoice.source_document_key:
            groups[types.get(invoice.source_document_key) or None].append(invoice)
        else:
            groups[None].append(invoice)
    return groups


def _document_types(client: Any, keys: Sequence[str]) -> dict[str, str]:
    """DOCPARID of each order-entry sales document (SODOCUMENT RECORDNO -> type)."""
    out: dict[str, str] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 1000):
        chunk = unique[start : start + 1000]
        for page in client.query(
            "SODOCUMENT", ["RECORDNO", "DOCPARID"], filter=F.in_("RECORDNO", chunk)
        ):
            for record in page.records:
                recordno, kind = record.text("RECORDNO"), record.text("DOCPARID")
                if recordno and kind:
                    out[recordno] = kind
    return out


INVOICE_DOCUMENTS = DocumentSource(
    store=DocumentStore(
        model=InvoiceDocument, owner_field="invoice", modified_field="invoice_modified_at"
    ),
    object_name="ARINVOICE",
    error_step=ERROR_STEP,
    pdf_name=lambda invoice: pdf_name(invoice.number, invoice.intacct_recordno),
    label=lambda invoice: f"Documents of invoice {invoice}",
    pdf_groups=_pdf_groups,
)


def documents_fetch(
    *,
    client: Any,
    connection: IntacctConnection,
    invoices: Sequence[Invoice],
    run: SyncRun | None = None,
) -> FetchReport:
    """Fetch and store the PDF and attachments of each invoice; never raises IntacctError.

    A failure becomes a SyncError of the invoice (ARINVOICE, pull); a later success
    resolves it.
    """
    return documents.documents_fetch(
        client=client, connection=connection, source=INVOICE_DOCUMENTS, records=invoices, run=run
    )


def documents_plan(invoices: Sequence[Invoice]) -> DocumentPlan:
    """What a fetch of these invoices' documents needs from the database."""
    return documents.documents_plan(INVOICE_DOCUMENTS, invoices)
