"""Apply one page: map each record by its declaration and upsert what changed, in bulk."""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from integrations.intacct import Record
from integrations.models import CustomField, SyncError, SyncState
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.declarations import Mapped
from integrations.sync.pull.customs import custom_values
from integrations.sync.steps import PullStep
from integrations.sync.timestamps import as_stored, parse_timestamp
from integrations.sync.upsert import bindings, upsert_rows

_BINDING_UPDATE = ("intacct_id", "intacct_modified_at", "sync_state", "last_synced_at", "sync_hash")
_MAPPING_ERRORS = (ValueError, ArithmeticError, KeyError, TypeError)


def values_hash(values: dict[str, Any]) -> str:
    """A digest of a record's mapped values, in the declaration's order (the same every call).

    It costs a few microseconds a row, far less than the write it saves for an unchanged row.
    """
    blob = repr(tuple(values.items()))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=20).hexdigest()


def apply_page(
    ctx: RunContext,
    step: PullStep,
    records: Iterable[Record],
    *,
    skipped: set[str],
    resolve: bool,
    customs: list[CustomField] | None = None,
) -> StepCounts:
    """Map and upsert one page; unchanged rows are not written. Returns the page's counts."""
    declaration = step.declaration
    counts = StepCounts()
    mapped: dict[int, tuple[Record, Mapped, str]] = {}
    for record in records:
        counts.read += 1
        recordno = record.int("RECORDNO")
        if recordno is None:
            counts.failed += 1
            continue
        if str(recordno) in skipped:
            counts.skipped += 1
            continue
        try:
            item = declaration.map_record(record)
        except _MAPPING_ERRORS as exc:
            counts.failed += 1
            sync_errors.record_failure(
                connection=ctx.connection,
                run=ctx.run,
                step=step.name,
                object_name=step.object_name,
                direction=SyncError.Direction.PULL,
                record_key=str(recordno),
                record_label=declaration.label(record),
                errors=[{"errorno": "MAPPING", "description": f"Cannot import this record: {exc}"}],
            )
            continue
        if declaration.custom_fields:
            item.values["custom_fields"] = custom_values(record, customs or [])
        mapped[recordno] = (record, item, values_hash(item.fingerprint()))

    model = step.model
    existing: dict[int, tuple[str, str]] = {
        no: (digest, state)
        for no, digest, state in bindings(model, ctx.connection.pk, list(mapped))
    }
    if declaration.rekey_by:
        existing.update(_rekey(ctx, step, declaration.rekey_by, mapped, existing))
    if step.active_only and ctx.stage == "incremental":
        # Inactive records we never imported stay out; known ones take the status change.
        for recordno in [n for n in mapped if n not in existing]:
            if (mapped[recordno][1].status or "active") == "inactive":
                del mapped[recordno]
                counts.skipped += 1

    # A local change waiting to be pushed (or whose push failed) is not overwritten by the
    # pull: the push writes it to Intacct, or its error says why it cannot be.
    waiting = {
        no
        for no in mapped
        if no in existing and existing[no][1] in (SyncState.PENDING_PUSH, SyncState.FAILED)
    }
    changed = {
        no: item
        for no, item in mapped.items()
        if no not in waiting
        and (
            no not in existing or existing[no][0] != item[2] or existing[no][1] != SyncState.SYNCED
        )
    }
    counts.skipped += len(waiting)
    counts.unchanged += len(mapped) - len(changed) - len(waiting)
    counts.created += sum(1 for no in changed if no not in existing)
    counts.updated += sum(1 for no in changed if no in existing)

    if changed:
        _upsert(ctx, step, changed)
    if resolve and mapped:
        sync_errors.resolve(
            connection=ctx.connection,
            object_name=step.object_name,
            direction=SyncError.Direction.PULL,
            record_keys=[str(no) for no in mapped],
        )
    return counts


def _upsert(
    ctx: RunContext, step: PullStep, changed: dict[int, tuple[Record, Mapped, str]]
) -> None:
    """One INSERT .. ON CONFLICT statement for the page's changed rows, as plain values."""
    declaration = step.declaration
    binding = {
        "connection_id": ctx.connection.pk,
        "sync_state": SyncState.SYNCED.value,
        "last_synced_at": timezone.now(),
    }
    related = _resolve_relations(ctx, step, [item for _, item, _ in changed.values()])
    rows = []
    for (no, (record, item, digest)), relation_ids in zip(changed.items(), related, strict=True):
        row = {**item.values, **relation_ids, **binding}
        row["intacct_recordno"] = no
        row["intacct_id"] = item.intacct_id
        row["intacct_modified_at"] = as_stored(_modified(record))
        row["sync_hash"] = digest
        rows.append(row)
    # Only what Intacct owns is overwritten; local-only fields keep their values.
    update_fields = sorted({*_BINDING_UPDATE} | declaration.written_fields)
    upsert_rows(step.model, rows, unique=["connection", "intacct_recordno"], update=update_fields)


def _rekey(
    ctx: RunContext,
    step: PullStep,
    field: str,
    mapped: dict[int, tuple[Record, Mapped, str]],
    existing: dict[int, tuple[str, str]],
) -> dict[int, tuple[str, str]]:
    """Move local rows to the new RECORDNO Intacct gave a re-created record."""
    wanted = {
        item.values[field]: no
        for no, (_, item, _) in mapped.items()
        if no not in existing and item.values.get(field)
    }
    if not wanted:
        return {}
    manager = step.model._default_manager
    moved: dict[int, tuple[str, str]] = {}
    rows = (
        manager.filter(connection=ctx.connection, **{f"{field}__in": list(wanted)})
        .exclude(intacct_recordno__in=list(mapped))
        .values_list("pk", field, "sync_hash", "sync_state")
    )
    for pk, key, digest, state in rows:
        new_no = wanted.get(key)
        if new_no is None or new_no in moved:
            continue
        manager.filter(pk=pk).update(intacct_recordno=new_no)
        moved[new_no] = (digest, state)
    return moved


def _modified(record: Record) -> Any:
    text = record.text("WHENMODIFIED")
    return parse_timestamp(text) if text else None


def _resolve_relations(
    ctx: RunContext, step: PullStep, items: list[Mapped]
) -> list[dict[str, Any]]:
    """For each mapped row, the ``<field>_id`` values of its relations (one query per relation)."""
    out: list[dict[str, Any]] = [{} for _ in items]
    for relation in step.declaration.relations:
        keys = {item.relation_keys.get(relation.field) for item in items} - {None, ""}
        lookup: dict[Any, int] = {}
        if keys:
            related: type[models.Model] = relation.model
            rows = (
                related._default_manager.filter(
                    connection=ctx.connection, **{f"{relation.by}__in": list(keys)}
                )
                .order_by()  # a lookup table: unordered, it is read from an index alone
                .values_list(relation.by, "pk")
            )
            lookup = dict(rows)
        column, name = f"{relation.field}_id", relation.field
        for row, item in zip(out, items, strict=True):
            row[column] = lookup.get(item.relation_keys.get(name))
    return out
