"""Recording, resolving and skipping per-record sync errors."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from integrations.intacct.secret import Secret
from integrations.models import ErrorCatalogueEntry, IntacctConnection, SyncError, SyncRun
from integrations.sync import catalogue

_SECRET_ELEMENTS = re.compile(r"<(password|sessionid)>[^<]*</\1>", re.IGNORECASE)


def scrub(raw: str, secrets: Iterable[Secret] = ()) -> str:
    """Remove passwords and session IDs from text kept for troubleshooting."""
    text = _SECRET_ELEMENTS.sub(lambda m: f"<{m.group(1)}>***</{m.group(1)}>", raw or "")
    for secret in secrets:
        if len(secret) >= 4:
            text = secret.mask_in(text, "***")
    return text


def error_dicts(details: Iterable[Any]) -> list[dict[str, str]]:
    """Intacct error details (objects or mappings) as plain dicts for JSON storage."""
    out = []
    for detail in details:
        get = detail.get if isinstance(detail, Mapping) else lambda k, d=detail: getattr(d, k, "")
        out.append(
            {
                "errorno": str(get("errorno") or ""),
                "description": str(get("description") or ""),
                "description2": str(get("description2") or ""),
                "correction": str(get("correction") or ""),
            }
        )
    return out


def describe_outcome(outcome: Any) -> str:
    """A readable account of one function's result, kept on the error row."""
    lines = [
        f"function={getattr(outcome, 'function', '')} "
        f"controlid={getattr(outcome, 'controlid', '')} status={getattr(outcome, 'status', '')}"
    ]
    for e in error_dicts(getattr(outcome, "errors", []) or []):
        lines.append(" | ".join(f"{k}: {v}" for k, v in e.items() if v))
    return "\n".join(lines)


def describe_exception(exc: BaseException) -> str:
    """The error class, whose fault it is and whether a retry is safe, then the message."""
    party = getattr(exc, "party", "")
    retry = getattr(exc, "retry_safe", None)
    head = f"{type(exc).__name__} (party: {party or 'n/a'}, retry safe: {retry})"
    details = [
        " | ".join(f"{k}: {v}" for k, v in e.items() if v)
        for e in error_dicts(getattr(exc, "errors", None) or [])
    ]
    return "\n".join([head, str(exc), *details])


def record_failure(
    *,
    connection: IntacctConnection,
    run: SyncRun | None,
    step: str,
    object_name: str,
    direction: str,
    errors: list[dict[str, str]],
    record_key: str = "",
    record_label: str = "",
    local_model: str = "",
    local_pk: str = "",
    raw_response: str = "",
) -> SyncError:
    """Open an error for the record, or bump the unresolved one it already has."""
    now = timezone.now()
    first = errors[0] if errors else {}
    summary = " — ".join(p for p in (first.get("description"), first.get("description2")) if p)
    # Consultants' patterns never run inside a write transaction (on SQLite it holds the
    # database's write lock): an error recorded in one is matched by attach_catalogue() later.
    entry = None if write_transaction_open() else catalogue.match(errors)
    secrets = (connection.sender_password, connection.user_password)
    fields = {
        "run": run,
        "step": step,
        "record_label": record_label[:300],
        "local_model": local_model,
        "local_pk": local_pk,
        "errorno": str(first.get("errorno", ""))[:100],
        "summary": summary,
        "errors": errors,
        "raw_response": scrub(raw_response, secrets),
        "last_seen": now,
        "catalogue_entry": entry,
    }
    key = {
        "connection": connection,
        "object_name": object_name,
        "direction": direction,
        "record_key": record_key,
    }
    with transaction.atomic():
        existing = (
            SyncError.objects.select_for_update()
            .filter(**key, status__in=SyncError.UNRESOLVED)
            .first()
        )
        if existing is None:
            return SyncError.objects.create(**key, **fields)
        SyncError.objects.filter(pk=existing.pk).update(
            repeat_count=F("repeat_count") + 1,
            status=(
                existing.status
                if existing.status == SyncError.Status.SKIPPED
                else SyncError.Status.OPEN
            ),
            **fields,
        )
        existing.refresh_from_db()
        return existing


def write_transaction_open() -> bool:
    """True inside an atomic block of our own (a test case's wrapping block does not count)."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def attach_catalogue(*, run: SyncRun) -> int:
    """Match the catalogue for the run's open errors recorded inside a write transaction.

    Called between steps, outside any transaction; returns how many errors got an entry.
    """
    if write_transaction_open():
        raise RuntimeError("attach_catalogue must run outside write transactions.")
    pending = SyncError.objects.filter(
        run=run, catalogue_entry__isnull=True, status__in=SyncError.UNRESOLVED
    ).values_list("pk", "errors")
    entries = list(ErrorCatalogueEntry.objects.all())
    attached = 0
    for pk, errors in pending.iterator():
        entry = catalogue.match(errors or [], entries)
        if entry is not None:
            attached += SyncError.objects.filter(pk=pk, catalogue_entry__isnull=True).update(
                catalogue_entry=entry
            )
    return attached


def resolve(
    *, connection: IntacctConnection, object_name: str, direction: str, record_keys: list[str]
) -> int:
    """Resolve open/retrying errors of records that just synced (skipped ones stay skipped)."""
    if not record_keys:
        return 0
    return SyncError.objects.filter(
        connection=connection,
        object_name=object_name,
        direction=direction,
        record_key__in=record_keys,
        status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
    ).update(status=SyncError.Status.RESOLVED, resolved_at=timezone.now())


def resolve_step_errors(*, connection: IntacctConnection, object_name: str, direction: str) -> int:
    """A step that ran through resolves the step-level error it had (record_key blank)."""
    return resolve(
        connection=connection, object_name=object_name, direction=direction, record_keys=[""]
    )


def skipped_keys(connection: IntacctConnection, object_name: str, direction: str) -> set[str]:
    """Records a consultant chose to skip in future syncs."""
    return set(
        SyncError.objects.filter(
            connection=connection,
            object_name=object_name,
            direction=direction,
            status=SyncError.Status.SKIPPED,
        ).values_list("record_key", flat=True)
    )


def has_unresolved(connection: IntacctConnection, object_name: str) -> bool:
    return SyncError.objects.filter(
        connection=connection,
        object_name=object_name,
        status__in=(SyncError.Status.OPEN, SyncError.Status.RETRYING),
    ).exists()
