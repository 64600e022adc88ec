"""The purchasing status map: Intacct's state of a PO or receiver -> its status here.

The map is data (``StatusMapping`` rows, seeded with Tipalti's, edited by consultants); the
connection's matching mode (2-way or 3-way) picks the rows for states that depend on it. A
state the map does not cover leaves the status blank and opens one sync error naming the
state: never a silent default. Editing the map or the matching mode re-maps every document.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from ap.errors import UNMAPPED_STATE
from ap.models import (
    DocumentKind,
    MatchingMode,
    PurchasingDocument,
    PurchasingSettings,
    StatusMapping,
)
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.sync import errors as sync_errors

MAPPED_KINDS = (DocumentKind.PURCHASE_ORDER, DocumentKind.RECEIVER)
STEP = "purchasing_documents"
OBJECT = "PODOCUMENT"


def matching_mode_of(connection: IntacctConnection) -> str:
    """The connection's matching mode (2-way until a consultant sets it)."""
    found = (
        PurchasingSettings.objects.filter(connection=connection)
        .values_list("matching_mode", flat=True)
        .first()
    )
    return found or MatchingMode.TWO_WAY


def status_table(mode: str) -> dict[tuple[str, str], str]:
    """(kind, Intacct state) -> status in ``mode``: a row of the mode beats a both-modes row."""
    table: dict[tuple[str, str], str] = {}
    rows = StatusMapping.objects.filter(matching_mode__in=("", mode)).order_by("matching_mode")
    for kind, state, row_mode, status in rows.values_list(
        "document_kind", "intacct_state", "matching_mode", "status"
    ):
        key = (kind, state.strip().casefold())
        if row_mode or key not in table:
            table[key] = status
    return table


def _error_key(kind: str, state: str) -> str:
    return f"STATE:{kind}:{state}"


def purchasing_statuses_apply(
    *,
    connection: IntacctConnection,
    recordnos: Iterable[int] | None = None,
    run: SyncRun | None = None,
) -> dict[str, int]:
    """Set the status of the connection's POs and receivers (or of ``recordnos``) from the map.

    Queries are per distinct (kind, state), not per document. Returns how many documents
    each unmapped state left without a status (empty when every state is mapped).
    """
    mode = matching_mode_of(connection)
    table = status_table(mode)
    documents: QuerySet[PurchasingDocument] = PurchasingDocument.objects.filter(
        connection=connection, kind__in=MAPPED_KINDS
    )
    if recordnos is not None:
        documents = documents.filter(intacct_recordno__in=list(recordnos))
    unmapped: dict[str, int] = {}
    mapped_keys: list[str] = []
    for kind, state in documents.values_list("kind", "state").distinct().order_by():
        these = documents.filter(kind=kind, state=state)
        status = table.get((kind, state.strip().casefold()))
        if status is not None:
            these.exclude(status=status).update(status=status)
            mapped_keys.append(_error_key(kind, state))
            continue
        count = these.count()
        these.exclude(status="").update(status="")
        unmapped[state] = unmapped.get(state, 0) + count
        label = DocumentKind(kind).label.lower()
        message = (
            f"Intacct state '{state}' of a {label} has no status mapping "
            f"({mode} matching): {count} document(s) have no status."
        )
        sync_errors.record_failure(
            connection=connection,
            run=run,
            step=STEP,
            object_name=OBJECT,
            direction=SyncError.Direction.PULL,
            record_key=_error_key(kind, state),
            record_label=f"Status map: {label} state '{state}'",
            errors=[
                {
                    "errorno": UNMAPPED_STATE,
                    "description": message,
                    "description2": "",
                    "correction": f"Add '{state}' to the purchasing status map, "
                    f"for {mode} matching or for both modes.",
                }
            ],
        )
    sync_errors.resolve(
        connection=connection,
        object_name=OBJECT,
        direction=SyncError.Direction.PULL,
        record_keys=mapped_keys,
    )
    return unmapped


def purchasing_statuses_apply_all() -> None:
    """Re-map the documents of every connection (after the map was edited)."""
    for connection in IntacctConnection.objects.all():
        purchasing_statuses_apply(connection=connection)
