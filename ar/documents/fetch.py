"""Fetching invoice PDFs and attachments from Intacct, many functions per request."""

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import transaction
from django.utils import timezone

from ar.documents.names import attachment_name, pdf_name, unique
from ar.documents.storage import FetchReport, detail, remove, store
from ar.models import Invoice, InvoiceDocument
from integrations.intacct import IntacctError, ProtocolError
from integrations.intacct import filters as F
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.sync import errors as sync_errors
from integrations.sync.steplog import error_details

log = logging.getLogger(__name__)

ORDER_ENTRY = Invoice.Module.ORDER_ENTRY.value
ERROR_STEP = "invoice_documents"
# Attachment records read per request: their files can be megabytes each.
ATTACHMENT_BATCH = 10


def documents_fetch(
    *,
    client: Any,
    connection: IntacctConnection,
    invoices: Sequence[Invoice],
    run: SyncRun | None = None,
) -> FetchReport:
    """Fetch and store the PDF and attachments of each invoice; never raises IntacctError.

    PDFs go many ``retrievepdf`` functions per request, grouped by document type (order-entry
    invoices print through their sales document's type). A failure becomes a SyncError of the
    invoice (ARINVOICE, pull); a later success resolves it.
    """
    report = FetchReport()
    if not invoices:
        return report
    report.stored = {
        (d.invoice_id, d.kind, d.name): d
        for d in InvoiceDocument.objects.filter(invoice__in=invoices)
    }
    started = _requests(client)
    for docparid, group in _pdf_groups(client, invoices, report).items():
        for chunk, pdfs in _retrieve_pdfs(client, group, docparid):
            if isinstance(pdfs, IntacctError):
                for invoice in chunk:
                    report.pdfs.failed += 1
                    report.fail(invoice, error_details(pdfs))
                continue
            # One commit for the chunk's rows instead of one per document.
            with transaction.atomic():
                for invoice in chunk:
                    recordno = invoice.intacct_recordno
                    _take_pdf(invoice, pdfs.get(recordno) if recordno else None, report)
    report.pdfs.requests += _requests(client) - started
    started = _requests(client)
    had_attachments = {
        invoice_id
        for invoice_id, kind, _ in report.stored
        if kind == InvoiceDocument.Kind.ATTACHMENT
    }
    wanted = [i for i in invoices if i.supdoc_id or i.pk in had_attachments]
    files, failed = _read_supdocs(client, sorted({i.supdoc_id for i in wanted if i.supdoc_id}))
    with transaction.atomic():
        for invoice in wanted:
            if invoice.supdoc_id in failed:
                report.attachments.failed += 1
                report.fail(invoice, failed[invoice.supdoc_id])
            else:
                _take_attachments(invoice, files.get(invoice.supdoc_id, []), report)
    report.attachments.requests += _requests(client) - started
    _record_outcome(connection, run, invoices, report)
    return report


def _retrieve_pdfs(
    client: Any, invoices: list[Invoice], docparid: str | None
) -> Iterator[tuple[list[Invoice], "dict[int, bytes] | IntacctError"]]:
    """PDFs chunk by chunk, as many requests in flight as the client allows.

    Only the HTTP exchanges run in threads; the caller stores each chunk on its own thread
    (the database connection belongs to it). A chunk that fails yields its error instead.
    """
    config = getattr(client, "config", None)
    per_request = max(1, int(getattr(config, "pdf_batch_size", 10)))
    in_flight = max(1, int(getattr(config, "max_in_flight", 1)))
    chunks = [invoices[i : i + per_request] for i in range(0, len(invoices), per_request)]

    def fetch(chunk: list[Invoice]) -> "dict[int, bytes] | IntacctError":
        try:
            pdfs: dict[int, bytes] = client.retrieve_pdfs(
                [i.intacct_recordno for i in chunk], docparid=docparid
            )
        except IntacctError as exc:
            return exc
        return pdfs

    if in_flight == 1 or len(chunks) == 1:
        yield from ((chunk, fetch(chunk)) for chunk in chunks)
        return
    with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="invoice-pdfs") as pool:
        # A window of chunks at a time: no more PDFs in memory than requests in flight.
        for start in range(0, len(chunks), in_flight):
            window = chunks[start : start + in_flight]
            yield from zip(window, pool.map(fetch, window), strict=True)


def _take_pdf(invoice: Invoice, data: bytes | None, report: FetchReport) -> None:
    if data is None:
        report.pdfs.failed += 1
        report.fail(invoice, [detail("PDF", "Intacct returned no PDF for this invoice.")])
        return
    report.pdfs.read += 1
    name = pdf_name(invoice)
    if store(invoice, InvoiceDocument.Kind.PDF, name, data, report):
        # An invoice renamed in Intacct (re-keyed order-entry invoices) has one PDF.
        remove(invoice, InvoiceDocument.Kind.PDF, keep=[name], report=report)


def _requests(client: Any) -> int:
    return int(getattr(getattr(client, "stats", None), "requests", 0))


def _pdf_groups(
    client: Any, invoices: Sequence[Invoice], report: FetchReport
) -> dict[str | None, list[Invoice]]:
    """Invoices by the document type their PDF is asked with (None: plain AR invoices)."""
    groups: dict[str | None, list[Invoice]] = defaultdict(list)
    order_entry = [i for i in invoices if i.module == ORDER_ENTRY and i.source_document_key]
    types: dict[str, str] = {}
    if order_entry:
        try:
            types = _document_types(client, [i.source_document_key for i in order_entry])
        except IntacctError as exc:
            # Without the type the PDF cannot be asked for properly; say so per invoice.
            for invoice in order_entry:
                report.pdfs.failed += 1
                report.fail(invoice, error_details(exc))
    for invoice in invoices:
        if invoice.pk in report.failures:
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


def _read_supdocs(
    client: Any, supdoc_ids: list[str]
) -> tuple[dict[str, list[Any]], dict[str, list[dict[str, str]]]]:
    """Files per attachment record, and the error details of those that could not be read.

    Several records per request, few enough to keep an answer small; a batch whose answer is
    refused (too large, malformed) is read again one record at a time.
    """
    files: dict[str, list[Any]] = {}
    failed: dict[str, list[dict[str, str]]] = {}
    for start in range(0, len(supdoc_ids), ATTACHMENT_BATCH):
        chunk = supdoc_ids[start : start + ATTACHMENT_BATCH]
        try:
            files.update(client.supdoc_attachments_many(chunk))
        except ProtocolError:
            for supdoc_id in chunk:
                try:
                    files[supdoc_id] = client.supdoc_attachments(supdoc_id)
                except IntacctError as exc:
                    failed[supdoc_id] = error_details(exc)
        except IntacctError as exc:
            failed.update({supdoc_id: error_details(exc) for supdoc_id in chunk})
        for supdoc_id in chunk:
            if supdoc_id not in files and supdoc_id not in failed:
                text = f"Intacct returned no attachment record {supdoc_id}."
                failed[supdoc_id] = [detail("ATTACHMENT", text)]
    return files, failed


def _take_attachments(invoice: Invoice, files: list[Any], report: FetchReport) -> None:
    """Replace the invoice's attachments with its supdoc's files (none when it has none)."""
    kept: list[str] = []
    for attachment in files:
        report.attachments.read += 1
        name = unique(attachment_name(attachment.name, attachment.type), kept)
        kept.append(name)
        if not store(invoice, InvoiceDocument.Kind.ATTACHMENT, name, attachment.data, report):
            return
    remove(invoice, InvoiceDocument.Kind.ATTACHMENT, keep=kept, report=report)


def _record_outcome(
    connection: IntacctConnection,
    run: SyncRun | None,
    invoices: Sequence[Invoice],
    report: FetchReport,
) -> None:
    for invoice in invoices:
        details = report.failures.get(invoice.pk)
        if details:
            log.warning("documents of invoice %s not fetched: %s", invoice.pk, details[0])
            sync_errors.record_failure(
                connection=connection,
                run=run,
                step=ERROR_STEP,
                object_name="ARINVOICE",
                direction=SyncError.Direction.PULL,
                record_key=str(invoice.intacct_recordno),
                record_label=f"Documents of invoice {invoice}",
                local_model="ar.invoice",
                local_pk=str(invoice.pk),
                errors=details,
            )
    fine = [str(i.intacct_recordno) for i in invoices if i.pk not in report.failures]
    # Only errors this module opened: a mapping error of the same invoice is the engine's.
    SyncError.objects.filter(
        connection=connection,
        object_name="ARINVOICE",
        direction=SyncError.Direction.PULL,
        step=ERROR_STEP,
        record_key__in=fine,
        status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
    ).update(status=SyncError.Status.RESOLVED, resolved_at=timezone.now())
