"""Fetching record PDFs and attachments from Intacct, many functions per request.

Generic over the record: a domain describes its records with a :class:`DocumentSource`
(where documents are stored, how errors are filed, how PDFs are asked for) and calls
:func:`documents_fetch`.
"""

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from integrations.documents.names import PDF, attachment_name, unique
from integrations.documents.storage import DocumentStore, FetchReport, detail, remove, store
from integrations.intacct import IntacctError, ProtocolError
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.sync import errors as sync_errors
from integrations.sync.runner import error_details

log = logging.getLogger(__name__)

ATTACHMENT = "attachment"
# Attachment records read per request: their files can be megabytes each.
ATTACHMENT_BATCH = 10

# (client, records, report) -> records by the document type their PDF is asked with
# (None: the object's own PDF). A record it cannot place is failed in the report.
PdfGroups = Callable[[Any, Sequence[Any], FetchReport], dict[str | None, list[Any]]]


def one_group(client: Any, records: Sequence[Any], report: FetchReport) -> dict:
    """Every record's PDF asked for the same way."""
    return {None: list(records)}


@dataclass(frozen=True)
class DocumentSource:
    """One kind of record whose PDF and attachments are fetched.

    A failed fetch becomes a SyncError of the record (``object_name``, pull) under
    ``error_step``; a later success resolves it. Records carry ``intacct_recordno``,
    ``intacct_modified_at`` and the attachment record ID in ``supdoc_field``.
    """

    store: DocumentStore
    object_name: str
    error_step: str
    pdf_name: Callable[[Any], str]
    label: Callable[[Any], str]
    pdf_groups: PdfGroups = one_group
    supdoc_field: str = "supdoc_id"

    def local_model(self, record: Model) -> str:
        return record._meta.label_lower


def documents_fetch(
    *,
    client: Any,
    connection: IntacctConnection,
    source: DocumentSource,
    records: Sequence[Any],
    run: SyncRun | None = None,
) -> FetchReport:
    """Fetch and store the PDF and attachments of each record; never raises IntacctError."""
    report = FetchReport()
    if not records:
        return report
    report.stored = {
        (source.store.owner_id(d), d.kind, d.name): d for d in source.store.of(records)
    }
    started = client_requests(client)
    for docparid, group in source.pdf_groups(client, records, report).items():
        for chunk, pdfs in pdf_chunks(client, group, docparid):
            if isinstance(pdfs, IntacctError):
                for record in chunk:
                    report.pdfs.failed += 1
                    report.fail(record, error_details(pdfs))
                continue
            # One commit for the chunk's rows instead of one per document.
            with transaction.atomic():
                for record in chunk:
                    _take_pdf(source, record, pdfs.get(record.intacct_recordno), report)
    report.pdfs.requests += client_requests(client) - started
    started = client_requests(client)
    had_attachments = {owner for owner, kind, _ in report.stored if kind == ATTACHMENT}

    def supdoc(record: Any) -> str:
        return str(getattr(record, source.supdoc_field) or "")

    wanted = [r for r in records if supdoc(r) or r.pk in had_attachments]
    files, failed = read_attachments(client, sorted({supdoc(r) for r in wanted if supdoc(r)}))
    with transaction.atomic():
        for record in wanted:
            if supdoc(record) in failed:
                report.attachments.failed += 1
                report.fail(record, failed[supdoc(record)])
            else:
                _take_attachments(source, record, files.get(supdoc(record), []), report)
    report.attachments.requests += client_requests(client) - started
    _record_outcome(connection, run, source, records, report)
    return report


def client_requests(client: Any) -> int:
    return int(getattr(getattr(client, "stats", None), "requests", 0))


def pdf_chunks(
    client: Any, records: list[Any], docparid: str | None
) -> Iterator[tuple[list[Any], "dict[int, bytes] | IntacctError"]]:
    """PDFs chunk by chunk, as many requests in flight as the client allows.

    Only the HTTP exchanges run in threads; the caller stores each chunk on its own thread
    (the database connection belongs to it). A chunk that fails yields its error instead.
    """
    config = getattr(client, "config", None)
    per_request = max(1, int(getattr(config, "pdf_batch_size", 10)))
    in_flight = max(1, int(getattr(config, "max_in_flight", 1)))
    chunks = [records[i : i + per_request] for i in range(0, len(records), per_request)]

    def fetch(chunk: list[Any]) -> "dict[int, bytes] | IntacctError":
        try:
            pdfs: dict[int, bytes] = client.retrieve_pdfs(
                [r.intacct_recordno for r in chunk], docparid=docparid
            )
        except IntacctError as exc:
            return exc
        return pdfs

    if in_flight == 1 or len(chunks) == 1:
        yield from ((chunk, fetch(chunk)) for chunk in chunks)
        return
    with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="record-pdfs") as pool:
        # A window of chunks at a time: no more PDFs in memory than requests in flight.
        for start in range(0, len(chunks), in_flight):
            window = chunks[start : start + in_flight]
            yield from zip(window, pool.map(fetch, window), strict=True)


def read_attachments(
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


def _take_pdf(source: DocumentSource, record: Any, data: bytes | None, report: FetchReport) -> None:
    if data is None:
        report.pdfs.failed += 1
        report.fail(record, [detail("PDF", "Intacct returned no PDF for this record.")])
        return
    report.pdfs.read += 1
    name = source.pdf_name(record)
    if store(source.store, record, PDF, name, data, report):
        # A record renamed in Intacct (e.g. re-keyed order-entry invoices) has one PDF.
        remove(record, PDF, keep=[name], report=report)


def _take_attachments(
    source: DocumentSource, record: Any, files: list[Any], report: FetchReport
) -> None:
    """Replace the record's attachments with its supdoc's files (none when it has none)."""
    kept: list[str] = []
    for attachment in files:
        report.attachments.read += 1
        name = unique(attachment_name(attachment.name, attachment.type), kept)
        kept.append(name)
        if not store(source.store, record, ATTACHMENT, name, attachment.data, report):
            return
    remove(record, ATTACHMENT, keep=kept, report=report)


def _record_outcome(
    connection: IntacctConnection,
    run: SyncRun | None,
    source: DocumentSource,
    records: Sequence[Any],
    report: FetchReport,
) -> None:
    for record in records:
        details = report.failures.get(record.pk)
        if details:
            log.warning(
                "documents of %s %s not fetched: %s", source.object_name, record.pk, details[0]
            )
            sync_errors.record_failure(
                connection=connection,
                run=run,
                step=source.error_step,
                object_name=source.object_name,
                direction=SyncError.Direction.PULL,
                record_key=str(record.intacct_recordno),
                record_label=source.label(record),
                local_model=source.local_model(record),
                local_pk=str(record.pk),
                errors=details,
            )
    fine = [str(r.intacct_recordno) for r in records if r.pk not in report.failures]
    # Only errors this module opened: a mapping error of the same record is the engine's.
    SyncError.objects.filter(
        connection=connection,
        object_name=source.object_name,
        direction=SyncError.Direction.PULL,
        step=source.error_step,
        record_key__in=fine,
        status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
    ).update(status=SyncError.Status.RESOLVED, resolved_at=timezone.now())
