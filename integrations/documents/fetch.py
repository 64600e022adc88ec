"""Fetching record PDFs and attachments from Intacct, many functions per request.

Generic over the record: a domain describes its records with a :class:`DocumentSource`
(where documents are stored, how errors are filed, how PDFs are asked for) and calls
:func:`documents_fetch`.
"""

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from integrations.documents.names import PDF, attachment_name, unique
from integrations.documents.storage import DocumentStore, FetchReport, detail, remove, store
from integrations.intacct import IntacctError, ProtocolError
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.sync import errors as sync_errors
from integrations.sync.steplog import error_details

log = logging.getLogger(__name__)

ATTACHMENT = "attachment"
# Attachment records read per request: their files can be megabytes each.
ATTACHMENT_BATCH = 10


@dataclass
class Downloaded:
    """What the HTTP half of a fetch brought back, for the storing half."""

    pdf_chunks: list[tuple[list[Any], "dict[int, bytes] | IntacctError"]] = field(
        default_factory=list
    )
    # Records that failed before their PDF could be asked for, with why.
    failures: list[tuple[Any, list[dict[str, str]]]] = field(default_factory=list)
    files: dict[str, list[Any]] = field(default_factory=dict)
    supdoc_failures: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    pdf_requests: int = 0
    attachment_requests: int = 0


# (client, records, downloaded) -> records by the document type their PDF is asked with
# (None: the object's own PDF). A record it cannot place goes to ``downloaded.failures``;
# requests it makes are added to ``downloaded.pdf_requests``. It makes no database query.
PdfGroups = Callable[[Any, Sequence[Any], Downloaded], dict[str | None, list[Any]]]


def one_group(
    client: Any, records: Sequence[Any], downloaded: Downloaded
) -> dict[str | None, list[Any]]:
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


@dataclass
class DocumentPlan:
    """The records to fetch documents for, with what they had stored (read on the DB thread)."""

    source: DocumentSource
    records: list[Any]
    stored: dict[tuple[Any, str, str], Any]
    # Records whose attachment record is read: those with one, or with stored attachments.
    with_attachments: list[Any]

    def supdoc(self, record: Any) -> str:
        return str(getattr(record, self.source.supdoc_field) or "")


def documents_plan(source: DocumentSource, records: Sequence[Any]) -> DocumentPlan:
    """What a fetch of these records' documents needs from the database."""
    records = list(records)
    stored = {(source.store.owner_id(d), d.kind, d.name): d for d in source.store.of(records)}
    had_attachments = {owner for owner, kind, _ in stored if kind == ATTACHMENT}
    plan = DocumentPlan(source=source, records=records, stored=stored, with_attachments=[])
    plan.with_attachments = [r for r in records if plan.supdoc(r) or r.pk in had_attachments]
    return plan


def documents_download(
    client: Any, plan: DocumentPlan, *, in_flight: int | None = None
) -> Downloaded:
    """The HTTP half: PDFs and attachment files of the planned records.

    Never raises IntacctError (a failure is kept for the records it concerns) and touches no
    database, so it may run on a worker thread; ``in_flight`` > 1 sends that many PDF
    requests at once (default: as many as the client allows).
    """
    out = Downloaded()
    if not plan.records:
        return out
    for docparid, group in plan.source.pdf_groups(client, plan.records, out).items():
        for chunk, pdfs in pdf_chunks(client, group, docparid, in_flight):
            out.pdf_requests += 1
            out.pdf_chunks.append((chunk, pdfs))
    supdoc_ids = sorted({plan.supdoc(r) for r in plan.with_attachments if plan.supdoc(r)})
    out.files, out.supdoc_failures, out.attachment_requests = read_attachments(client, supdoc_ids)
    return out


def documents_store(
    *,
    connection: IntacctConnection,
    plan: DocumentPlan,
    downloaded: Downloaded,
    run: SyncRun | None = None,
) -> FetchReport:
    """The storing half: files and rows of what was downloaded, and the records' SyncErrors."""
    source = plan.source
    report = FetchReport()
    report.stored = plan.stored
    for record, details in downloaded.failures:
        report.pdfs.failed += 1
        report.fail(record, details)
    for chunk, pdfs in downloaded.pdf_chunks:
        if isinstance(pdfs, IntacctError):
            for record in chunk:
                report.pdfs.failed += 1
                report.fail(record, error_details(pdfs))
            continue
        # One commit for the chunk's rows instead of one per document.
        with transaction.atomic():
            for record in chunk:
                _take_pdf(source, record, pdfs.get(record.intacct_recordno), report)
    report.pdfs.requests += downloaded.pdf_requests
    failed, files = downloaded.supdoc_failures, downloaded.files
    with transaction.atomic():
        for record in plan.with_attachments:
            supdoc = plan.supdoc(record)
            if supdoc in failed:
                report.attachments.failed += 1
                report.fail(record, failed[supdoc])
            else:
                _take_attachments(source, record, files.get(supdoc, []), report)
    report.attachments.requests += downloaded.attachment_requests
    _record_outcome(connection, run, source, plan.records, report)
    return report


def documents_fetch(
    *,
    client: Any,
    connection: IntacctConnection,
    source: DocumentSource,
    records: Sequence[Any],
    run: SyncRun | None = None,
) -> FetchReport:
    """Fetch and store the PDF and attachments of each record; never raises IntacctError.

    A failure becomes a SyncError of the record (``source.object_name``, pull); a later
    success resolves it.
    """
    if not records:
        return FetchReport()
    plan = documents_plan(source, records)
    downloaded = documents_download(client, plan)
    return documents_store(connection=connection, plan=plan, downloaded=downloaded, run=run)


def pdf_chunks(
    client: Any, records: list[Any], docparid: str | None, in_flight: int | None = None
) -> Iterator[tuple[list[Any], "dict[int, bytes] | IntacctError"]]:
    """PDFs chunk by chunk, as many requests in flight as the client allows.

    Only the HTTP exchanges run in threads; the caller stores each chunk on its own thread
    (the database connection belongs to it). A chunk that fails yields its error instead.
    """
    config = getattr(client, "config", None)
    per_request = max(1, int(getattr(config, "pdf_batch_size", 10)))
    if in_flight is None:
        in_flight = int(getattr(config, "max_in_flight", 1))
    in_flight = max(1, in_flight)
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
