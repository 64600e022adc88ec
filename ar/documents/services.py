"""When invoice documents are fetched: during import for open invoices, else when opened.

Documents are fetched again only when the invoice changed in Intacct: each stored document
remembers the invoice's ``WHENMODIFIED`` it was fetched for.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings

from ar.documents.fetch import INVOICE_DOCUMENTS, documents_fetch, documents_plan
from ar.models import Invoice, InvoiceDocument
from integrations.documents import (
    DocumentCounts,
    Downloaded,
    documents_download,
    documents_store,
    stale_records,
)
from integrations.intacct import IntacctError
from integrations.models import SyncState
from integrations.sync.clients import client_for
from integrations.sync.steplog import error_details

# Invoices whose documents the import fetches (the rest wait until someone opens them).
OPEN_STATES = ("Posted", "Partially Paid")
PDF_COUNTS = "invoice_pdfs"
ATTACHMENT_COUNTS = "invoice_attachments"
# Invoices per background fetch: a few requests' worth, so that few PDFs wait in memory.
BACKGROUND_CHUNK = 200


@dataclass(frozen=True)
class EnsureResult:
    """The invoice's documents after :func:`invoice_documents_ensure`, and what happened."""

    documents: list[InvoiceDocument]
    fetched: bool
    errors: list[dict[str, str]]


def stale_invoices(invoices: Iterable[Invoice]) -> list[Invoice]:
    """Invoices without a PDF, with a document of another version, or whose last fetch failed."""
    return stale_records(INVOICE_DOCUMENTS, invoices)


def invoice_documents_after_page(ctx: Any, recordnos: list[int]) -> None:
    """Pull hook of the invoices step: fetch the documents of the page's open invoices.

    The fetches run beside the pull (``ctx.background``: HTTP on a worker thread at background
    priority, so they never hold the pages back) and are stored between pages and at the end
    of the run, a few invoices at a time. Counts go to the run under ``invoice_pdfs`` and
    ``invoice_attachments``, each with the ``requests`` its fetches took; failures are the
    invoices' SyncErrors and never stop the run.
    """
    if not settings.AR_IMPORT_DOCUMENTS:
        return
    # The page's open invoices, those printed alike side by side: a chunk's PDF requests are
    # then full batches of one document type.
    open_ones = (
        Invoice.objects.filter(
            connection=ctx.connection, intacct_recordno__in=recordnos, state__in=OPEN_STATES
        )
        .exclude(sync_state=SyncState.DELETED_IN_INTACCT)
        .order_by("module", "intacct_recordno")
        .values_list("intacct_recordno", flat=True)
    )
    keys = [no for no in open_ones if no is not None]
    for start in range(0, len(keys), BACKGROUND_CHUNK):
        chunk = keys[start : start + BACKGROUND_CHUNK]
        ctx.background.submit(partial(_documents_job, ctx, chunk))


def _documents_job(ctx: Any, recordnos: list[int]) -> Any:
    """Plan one chunk's fetch (on the run's thread, when a worker is free); None: up to date."""
    invoices = Invoice.objects.filter(
        connection=ctx.connection, intacct_recordno__in=recordnos, state__in=OPEN_STATES
    ).exclude(sync_state=SyncState.DELETED_IN_INTACCT)
    stale = stale_invoices(invoices)
    if not stale:
        return None
    plan = documents_plan(stale)

    def fetch() -> Downloaded:
        # One request at a time per job: the jobs beside each other make the concurrency.
        return documents_download(ctx.client, plan, in_flight=1)

    def store(downloaded: Downloaded) -> None:
        report = documents_store(
            connection=ctx.connection, plan=plan, downloaded=downloaded, run=ctx.run
        )
        ctx.counts.setdefault(PDF_COUNTS, DocumentCounts()).add(report.pdfs)
        ctx.counts.setdefault(ATTACHMENT_COUNTS, DocumentCounts()).add(report.attachments)
        ctx.save()

    return fetch, store


def invoice_documents_ensure(*, invoice: Invoice, client: Any = None) -> EnsureResult:
    """The invoice's documents, fetched first if it has none yet or changed since.

    For the invoice page: a failure is recorded as the invoice's SyncError and the documents
    already stored (possibly of an older version) are returned with the error details.
    """
    if invoice.sync_state == SyncState.DELETED_IN_INTACCT or not stale_invoices([invoice]):
        return EnsureResult(list(invoice.documents.all()), fetched=False, errors=[])
    own = client is None
    try:
        client = client_for(invoice.connection) if own else client
    except IntacctError as exc:
        # The stored connection cannot make a client (e.g. an endpoint off the allow-list).
        return EnsureResult(list(invoice.documents.all()), fetched=False, errors=error_details(exc))
    try:
        report = documents_fetch(client=client, connection=invoice.connection, invoices=[invoice])
    finally:
        if own:
            client.close()
    return EnsureResult(
        list(invoice.documents.all()),
        fetched=True,
        errors=report.failures.get(invoice.pk, []),
    )
