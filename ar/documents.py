"""Invoice PDFs and supporting-document attachments: fetched from Intacct, stored as files.

Open invoices get their documents during import (the invoices step's ``after_page`` hook);
others when first opened (:func:`invoice_documents_ensure`). Documents are fetched again only
when the invoice changed in Intacct: each stored document remembers the invoice's
``WHENMODIFIED`` it was fetched for.
"""

import hashlib
import logging
import mimetypes
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from ar.models import Invoice, InvoiceDocument
from integrations.intacct import IntacctError
from integrations.intacct import filters as F
from integrations.models import IntacctConnection, SyncError, SyncRun, SyncState
from integrations.sync import errors as sync_errors
from integrations.sync.clients import client_for
from integrations.sync.counts import StepCounts
from integrations.sync.runner import error_details

log = logging.getLogger(__name__)

# Invoices whose documents the import fetches (the rest wait until someone opens them).
OPEN_STATES = ("Posted", "Partially Paid")
ORDER_ENTRY = Invoice.Module.ORDER_ENTRY.value
ERROR_STEP = "invoice_documents"
PDF_COUNTS = "invoice_pdfs"
ATTACHMENT_COUNTS = "invoice_attachments"
_MAX_NAME = 200


@dataclass
class DocumentCounts(StepCounts):
    """A step's counts plus the API requests its fetches took, so runs can report them apart."""

    requests: int = 0


@dataclass
class FetchReport:
    """What one fetch did: counts per kind and the error details of each invoice that failed."""

    pdfs: DocumentCounts = field(default_factory=DocumentCounts)
    attachments: DocumentCounts = field(default_factory=DocumentCounts)
    failures: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    # The documents the invoices had before this fetch, by (invoice pk, kind, name).
    stored: dict[tuple[int, str, str], InvoiceDocument] = field(default_factory=dict)

    def fail(self, invoice: Invoice, details: list[dict[str, str]]) -> None:
        self.failures.setdefault(invoice.pk, []).extend(details)


@dataclass(frozen=True)
class EnsureResult:
    """The invoice's documents after :func:`invoice_documents_ensure`, and what happened."""

    documents: list[InvoiceDocument]
    fetched: bool
    errors: list[dict[str, str]]


# --- staleness ---------------------------------------------------------------------------


def stale_invoices(invoices: Iterable[Invoice]) -> list[Invoice]:
    """Invoices without a PDF, or with a document fetched for another version (one query)."""
    invoices = list(invoices)
    fetched_for: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    rows = InvoiceDocument.objects.filter(invoice__in=invoices).values_list(
        "invoice_id", "kind", "invoice_modified_at"
    )
    for invoice_id, kind, modified in rows:
        fetched_for[invoice_id].append((kind, modified))
    stale = []
    for invoice in invoices:
        docs = fetched_for.get(invoice.pk, [])
        has_pdf = any(kind == InvoiceDocument.Kind.PDF for kind, _ in docs)
        current = all(modified == invoice.intacct_modified_at for _, modified in docs)
        if not has_pdf or not current:
            stale.append(invoice)
    return stale


# --- fetching ----------------------------------------------------------------------------


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
        try:
            pdfs = client.retrieve_pdfs([i.intacct_recordno for i in group], docparid=docparid)
        except IntacctError as exc:
            for invoice in group:
                report.pdfs.failed += 1
                report.fail(invoice, error_details(exc))
            continue
        for invoice in group:
            data = pdfs.get(invoice.intacct_recordno)
            if data is None:
                report.pdfs.failed += 1
                report.fail(invoice, [_detail("PDF", "Intacct returned no PDF for this invoice.")])
                continue
            report.pdfs.read += 1
            name = _pdf_name(invoice)
            if _store(invoice, InvoiceDocument.Kind.PDF, name, data, report):
                # An invoice renamed in Intacct (re-keyed order-entry invoices) has one PDF.
                _remove(invoice, InvoiceDocument.Kind.PDF, keep=[name], report=report)
    report.pdfs.requests += _requests(client) - started
    started = _requests(client)
    had_attachments = {
        invoice_id
        for invoice_id, kind, _ in report.stored
        if kind == InvoiceDocument.Kind.ATTACHMENT
    }
    for invoice in invoices:
        if invoice.supdoc_id or invoice.pk in had_attachments:
            _fetch_attachments(client, invoice, report)
    report.attachments.requests += _requests(client) - started
    _record_outcome(connection, run, invoices, report)
    return report


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


def _fetch_attachments(client: Any, invoice: Invoice, report: FetchReport) -> None:
    """Replace the invoice's attachments with those of its supdoc (none when it has none)."""
    counts = report.attachments
    kept: list[str] = []
    if invoice.supdoc_id:
        try:
            files = client.supdoc_attachments(invoice.supdoc_id)
        except IntacctError as exc:
            counts.failed += 1
            report.fail(invoice, error_details(exc))
            return
        for attachment in files:
            counts.read += 1
            name = _unique(_attachment_name(attachment.name, attachment.type), kept)
            kept.append(name)
            if not _store(invoice, InvoiceDocument.Kind.ATTACHMENT, name, attachment.data, report):
                return
    _remove(invoice, InvoiceDocument.Kind.ATTACHMENT, keep=kept, report=report)


def _remove(invoice: Invoice, kind: str, *, keep: list[str], report: FetchReport) -> None:
    """Delete the invoice's documents of ``kind`` that Intacct no longer has."""
    counts = report.pdfs if kind == InvoiceDocument.Kind.PDF else report.attachments
    gone = [
        doc
        for (invoice_id, doc_kind, name), doc in report.stored.items()
        if invoice_id == invoice.pk and doc_kind == kind and name not in keep
    ]
    for old in gone:
        old.file.delete(save=False)
        old.delete()
        counts.deleted += 1


def _store(invoice: Invoice, kind: str, name: str, data: bytes, report: FetchReport) -> bool:
    """Store one document; False (and the invoice's failure noted) when storage refused it."""
    counts = report.pdfs if kind == InvoiceDocument.Kind.PDF else report.attachments
    try:
        _write(invoice, kind, name, data, counts, report.stored.get((invoice.pk, kind, name)))
    except OSError as exc:
        log.warning("could not store %s of invoice %s: %s", kind, invoice.pk, exc)
        counts.failed += 1
        report.fail(invoice, [_detail("STORAGE", f"Could not store {name}: {exc.strerror}")])
        return False
    return True


def _write(
    invoice: Invoice,
    kind: str,
    name: str,
    data: bytes,
    counts: StepCounts,
    doc: InvoiceDocument | None,
) -> None:
    """Write one document (its file only when the bytes changed) for the invoice's version."""
    digest = hashlib.sha256(data).hexdigest()
    if (
        doc is not None
        and doc.sha256 == digest
        and doc.file
        and doc.file.storage.exists(doc.file.name)
    ):
        doc.invoice_modified_at = invoice.intacct_modified_at
        doc.save(update_fields=["invoice_modified_at", "fetched_at"])
        counts.unchanged += 1
        return
    created = doc is None
    if doc is None:
        doc = InvoiceDocument(invoice=invoice, kind=kind, name=name)
    elif doc.file:
        doc.file.delete(save=False)
    doc.content_type = _content_type(kind, name)
    doc.size = len(data)
    doc.sha256 = digest
    doc.invoice_modified_at = invoice.intacct_modified_at
    doc.file.save(_storage_name(kind, name), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        # Stored by someone else (a run, or the invoice page) at the same moment: theirs stays.
        doc.file.delete(save=False)
        counts.unchanged += 1
        return
    if created:
        counts.created += 1
    else:
        counts.updated += 1


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


# --- names -------------------------------------------------------------------------------


def _detail(errorno: str, description: str) -> dict[str, str]:
    return {"errorno": errorno, "description": description, "description2": "", "correction": ""}


def _printable(text: str) -> str:
    """Without control characters: the name ends up in a Content-Disposition header."""
    return "".join(ch for ch in text if ch.isprintable()).strip()


def _pdf_name(invoice: Invoice) -> str:
    return f"{_printable(invoice.number) or invoice.intacct_recordno}.pdf"[:_MAX_NAME]


def _attachment_name(name: str, kind: str) -> str:
    """Intacct keeps the extension apart (``attachmenttype``); put it back for people."""
    name = (_printable(name or "") or "attachment")[:_MAX_NAME]
    kind = _printable(kind or "").lstrip(".")[:20]
    if kind and not name.lower().endswith(f".{kind.lower()}"):
        return f"{name}.{kind}"
    return name


def _unique(name: str, taken: list[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
    return candidate


def _storage_name(kind: str, name: str) -> str:
    """A safe file name for storage; the display name (Intacct's, any characters) stays apart."""
    try:
        safe = get_valid_filename(name)
    except SuspiciousFileOperation:
        safe = ""
    return f"{kind}-{safe or 'document'}"[:120]


def _content_type(kind: str, name: str) -> str:
    if kind == InvoiceDocument.Kind.PDF:
        return "application/pdf"
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


# --- entry points ------------------------------------------------------------------------


def invoice_documents_after_page(ctx: Any, recordnos: list[int]) -> None:
    """Pull hook of the invoices step: fetch the documents of the page's open invoices.

    Counts go to the run under ``invoice_pdfs`` and ``invoice_attachments``, each with the
    ``requests`` its fetches took; failures are the invoices' SyncErrors and never stop the run.
    """
    invoices = Invoice.objects.filter(
        connection=ctx.connection, intacct_recordno__in=recordnos, state__in=OPEN_STATES
    ).exclude(sync_state=SyncState.DELETED_IN_INTACCT)
    stale = stale_invoices(invoices)
    if not stale:
        return
    report = documents_fetch(
        client=ctx.client, connection=ctx.connection, invoices=stale, run=ctx.run
    )
    ctx.counts.setdefault(PDF_COUNTS, DocumentCounts()).add(report.pdfs)
    ctx.counts.setdefault(ATTACHMENT_COUNTS, DocumentCounts()).add(report.attachments)
    ctx.save()


def invoice_documents_ensure(*, invoice: Invoice, client: Any = None) -> EnsureResult:
    """The invoice's documents, fetched first if it has none yet or changed since.

    For the invoice page: a failure is recorded as the invoice's SyncError and the documents
    already stored (possibly of an older version) are returned with the error details.
    """
    if invoice.sync_state == SyncState.DELETED_IN_INTACCT or not stale_invoices([invoice]):
        return EnsureResult(list(invoice.documents.all()), fetched=False, errors=[])
    own = client is None
    client = client_for(invoice.connection) if own else client
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
