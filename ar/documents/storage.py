"""Writing fetched documents to storage and their rows, and what a fetch did."""

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from ar.documents.names import content_type, storage_name
from ar.models import Invoice, InvoiceDocument
from integrations.sync.counts import StepCounts

log = logging.getLogger(__name__)


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


def detail(errorno: str, description: str) -> dict[str, str]:
    """An error detail in the shape SyncError rows keep."""
    return {"errorno": errorno, "description": description, "description2": "", "correction": ""}


def remove(invoice: Invoice, kind: str, *, keep: list[str], report: FetchReport) -> None:
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


def store(invoice: Invoice, kind: str, name: str, data: bytes, report: FetchReport) -> bool:
    """Store one document; False (and the invoice's failure noted) when storage refused it."""
    counts = report.pdfs if kind == InvoiceDocument.Kind.PDF else report.attachments
    try:
        _write(invoice, kind, name, data, counts, report.stored.get((invoice.pk, kind, name)))
    except OSError as exc:
        log.warning("could not store %s of invoice %s: %s", kind, invoice.pk, exc)
        counts.failed += 1
        report.fail(invoice, [detail("STORAGE", f"Could not store {name}: {exc.strerror}")])
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
        and doc.file.name
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
    doc.content_type = content_type(kind, name)
    doc.size = len(data)
    doc.sha256 = digest
    doc.invoice_modified_at = invoice.intacct_modified_at
    doc.file.save(storage_name(kind, name), ContentFile(data), save=False)
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
