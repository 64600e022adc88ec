"""Fetching invoice PDFs and attachments from Intacct, many functions per request."""

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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


@dataclass
class DocumentPlan:
    """The invoices to fetch documents for, with what they had stored (read on the DB thread)."""

    invoices: list[Invoice]
    stored: dict[tuple[int, str, str], InvoiceDocument]
    # Invoices whose attachment record is read: those with one, or with stored attachments.
    with_attachments: list[Invoice]


@dataclass
class Downloaded:
    """What the HTTP half of a fetch brought back, for the storing half."""

    pdf_chunks: list[tuple[list[Invoice], "dict[int, bytes] | IntacctError"]] = field(
        default_factory=list
    )
    failures: list[tuple[Invoice, list[dict[str, str]]]] = field(default_factory=list)
    files: dict[str, list[Any]] = field(default_factory=dict)
    supdoc_failures: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    pdf_requests: int = 0
    attachment_requests: int = 0


def documents_plan(invoices: Sequence[Invoice]) -> DocumentPlan:
    """What a fetch of these invoices' documents needs from the database."""
    invoices = list(invoices)
    stored = {
        (d.invoice_id, d.kind, d.name): d
        for d in InvoiceDocument.objects.filter(invoice__in=invoices)
    }
    had_attachments = {
        invoice_id for invoice_id, kind, _ in stored if kind == InvoiceDocument.Kind.ATTACHMENT
    }
    wanted = [i for i in invoices if i.supdoc_id or i.pk in had_attachments]
    return DocumentPlan(invoices=invoices, stored=stored, with_attachments=wanted)


def documents_download(
    client: Any, plan: DocumentPlan, *, in_flight: int | None = None
) -> Downloaded:
    """The HTTP half: PDFs and attachment files of the planned invoices; never raises
    IntacctError (a failure is kept for the invoices it concerns). Touches no database, so it
    may run on a worker thread; ``in_flight`` > 1 sends that many PDF requests at once."""
    out = Downloaded()
    if not plan.invoices:
        return out
    for docparid, group in _pdf_groups(client, plan.invoices, out).items():
        for chunk, pdfs in _retrieve_pdfs(client, group, docparid, in_flight):
            out.pdf_requests += 1
            out.pdf_chunks.append((chunk, pdfs))
    supdoc_ids = sorted({i.supdoc_id for i in plan.with_attachments if i.supdoc_id})
    out.files, out.supdoc_failures, out.attachment_requests = _read_supdocs(client, supdoc_ids)
    return out


def documents_store(
    *,
    connection: IntacctConnection,
    plan: DocumentPlan,
    downloaded: Downloaded,
    run: SyncRun | None = None,
) -> FetchReport:
    """The storing half: files and rows of what was downloaded, and the invoices' SyncErrors."""
    report = FetchReport()
    report.stored = plan.stored
    for invoice, details in downloaded.failures:
        report.pdfs.failed += 1
        report.fail(invoice, details)
    for chunk, pdfs in downloaded.pdf_chunks:
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
    report.pdfs.requests += downloaded.pdf_requests
    failed, files = downloaded.supdoc_failures, downloaded.files
    with transaction.atomic():
        for invoice in plan.with_attachments:
            if invoice.supdoc_id in failed:
                report.attachments.failed += 1
                report.fail(invoice, failed[invoice.supdoc_id])
            else:
                _take_attachments(invoice, files.get(invoice.supdoc_id, []), report)
    report.attachments.requests += downloaded.attachment_requests
    _record_outcome(connection, run, plan.invoices, report)
    return report


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
    if not invoices:
        return FetchReport()
    plan = documents_plan(invoices)
    downloaded = documents_download(client, plan)
    return documents_store(connection=connection, plan=plan, downloaded=downloaded, run=run)


def _retrieve_pdfs(
    client: Any, invoices: list[Invoice], docparid: str | None, in_flight: int | None = None
) -> Iterator[tuple[list[Invoice], "dict[int, bytes] | IntacctError"]]:
    """PDFs chunk by chunk, as many requests in flight as the client allows.

    Only the HTTP exchanges run in threads; the caller stores each chunk on its own thread
    (the database connection belongs to it). A chunk that fails yields its error instead.
    """
    config = getattr(client, "config", None)
    per_request = max(1, int(getattr(config, "pdf_batch_size", 10)))
    if in_flight is None:
        in_flight = int(getattr(config, "max_in_flight", 1))
    in_flight = max(1, in_flight)
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


def _read_supdocs(
    client: Any, supdoc_ids: list[str]
) -> tuple[dict[str, list[Any]], dict[str, list[dict[str, str]]], int]:
    """Files per attachment record, the error details of those that could not be read, and
    the requests it took.

    Several records per request, few enough to keep an answer small; a batch whose answer is
    refused (too large, malformed) is read again one record at a time.
    """
    files: dict[str, list[Any]] = {}
    failed: dict[str, list[dict[str, str]]] = {}
    requests = 0
    for start in range(0, len(supdoc_ids), ATTACHMENT_BATCH):
        chunk = supdoc_ids[start : start + ATTACHMENT_BATCH]
        requests += 1
        try:
            files.update(client.supdoc_attachments_many(chunk))
        except ProtocolError:
            for supdoc_id in chunk:
                requests += 1
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
    return files, failed, requests


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
