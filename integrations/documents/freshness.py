"""Whether a record's stored documents are current.

Documents are fetched again only when the record changed in Intacct: each stored document
remembers the record's ``WHENMODIFIED`` it was fetched for.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from integrations.documents.fetch import ATTACHMENT, DocumentSource
from integrations.documents.names import PDF
from integrations.models import SyncError


def stale_records(source: DocumentSource, records: Iterable[Any]) -> list[Any]:
    """Records without a PDF, with a document of another version, or whose last fetch failed."""
    records = list(records)
    if not records:
        return []
    failed = set(
        SyncError.objects.filter(
            step=source.error_step,
            local_model=source.local_model(records[0]),
            local_pk__in=[str(r.pk) for r in records],
            status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
        ).values_list("local_pk", flat=True)
    )
    fetched_for: dict[Any, list[tuple[str, Any]]] = defaultdict(list)
    owner = f"{source.store.owner_field}_id"
    rows = source.store.of(records).values_list(owner, "kind", source.store.modified_field)
    for owner_id, kind, modified in rows:
        fetched_for[owner_id].append((kind, modified))
    stale = []
    for record in records:
        docs = fetched_for.get(record.pk, [])
        has_pdf = any(kind == PDF for kind, _ in docs)
        current = all(modified == record.intacct_modified_at for _, modified in docs)
        # WHENMODIFIED has whole seconds: an unlinked attachment record shows on its own.
        orphaned = not getattr(record, source.supdoc_field) and any(
            kind == ATTACHMENT for kind, _ in docs
        )
        if not has_pdf or not current or orphaned or str(record.pk) in failed:
            stale.append(record)
    return stale
