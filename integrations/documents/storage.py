"""Writing fetched documents to storage and their rows, and what a fetch did."""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model

from integrations.documents.names import PDF, content_type, storage_name
from integrations.sync.counts import StepCounts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentStore:
    """The model a domain keeps one kind of record's documents in.

    Its rows have ``kind`` (``pdf`` or ``attachment``), ``name``, ``content_type``, ``size``,
    ``sha256``, ``file`` and ``fetched_at``, a foreign key ``owner_field`` to the record, and
    ``modified_field``: the record's ``WHENMODIFIED`` the document was fetched for.
    """

    model: type[Model]
    owner_field: str
    modified_field: str

    def of(self, records: Iterable[Model]) -> Any:
        """The stored documents of ``records`` (a queryset)."""
        return self.model._default_manager.filter(**{f"{self.owner_field}__in": list(records)})

    def owner_id(self, document: Model) -> Any:
        return getattr(document, f"{self.owner_field}_id")


@dataclass
class DocumentCounts(StepCounts):
    """A step's counts plus the API requests its fetches took, so runs can report them apart."""

    requests: int = 0


@dataclass
class FetchReport:
    """What one fetch did: counts per kind and the error details of each record that failed."""

    pdfs: DocumentCounts = field(default_factory=DocumentCounts)
    attachments: DocumentCounts = field(default_factory=DocumentCounts)
    failures: dict[Any, list[dict[str, str]]] = field(default_factory=dict)
    # The documents the records had before this fetch, by (record pk, kind, name).
    stored: dict[tuple[Any, str, str], Any] = field(default_factory=dict)

    def fail(self, record: Model, details: list[dict[str, str]]) -> None:
        self.failures.setdefault(record.pk, []).extend(details)

    def counts(self, kind: str) -> DocumentCounts:
        return self.pdfs if kind == PDF else self.attachments


def detail(errorno: str, description: str) -> dict[str, str]:
    """An error detail in the shape SyncError rows keep."""
    return {"errorno": errorno, "description": description, "description2": "", "correction": ""}


def remove(record: Model, kind: str, *, keep: list[str], report: FetchReport) -> None:
    """Delete the record's documents of ``kind`` that Intacct no longer has."""
    gone = [
        doc
        for (owner_id, doc_kind, name), doc in report.stored.items()
        if owner_id == record.pk and doc_kind == kind and name not in keep
    ]
    for old in gone:
        old.file.delete(save=False)
        old.delete()
        report.counts(kind).deleted += 1


def store(
    documents: DocumentStore,
    record: Model,
    kind: str,
    name: str,
    data: bytes,
    report: FetchReport,
) -> bool:
    """Store one document; False (and the record's failure noted) when storage refused it."""
    counts = report.counts(kind)
    doc = report.stored.get((record.pk, kind, name))
    try:
        _write(documents, record, kind, name, data, counts, doc)
    except OSError as exc:
        log.warning("could not store %s of %s %s: %s", kind, record._meta.label, record.pk, exc)
        counts.failed += 1
        report.fail(record, [detail("STORAGE", f"Could not store {name}: {exc.strerror}")])
        return False
    return True


def _write(
    documents: DocumentStore,
    record: Any,
    kind: str,
    name: str,
    data: bytes,
    counts: StepCounts,
    doc: Any,
) -> None:
    """Write one document (its file only when the bytes changed) for the record's version."""
    digest = hashlib.sha256(data).hexdigest()
    version = record.intacct_modified_at
    if (
        doc is not None
        and doc.sha256 == digest
        and doc.file
        and doc.file.storage.exists(doc.file.name)
    ):
        setattr(doc, documents.modified_field, version)
        doc.save(update_fields=[documents.modified_field, "fetched_at"])
        counts.unchanged += 1
        return
    created = doc is None
    if doc is None:
        doc = documents.model(**{documents.owner_field: record, "kind": kind, "name": name})
    elif doc.file:
        doc.file.delete(save=False)
    doc.content_type = content_type(kind, name)
    doc.size = len(data)
    doc.sha256 = digest
    setattr(doc, documents.modified_field, version)
    doc.file.save(storage_name(kind, name), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        # Stored by someone else (a run, or the record's page) at the same moment: theirs stays.
        doc.file.delete(save=False)
        counts.unchanged += 1
        return
    if created:
        counts.created += 1
    else:
        counts.updated += 1
