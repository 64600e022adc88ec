"""Pull one step: stream pages, map them, upsert each page with the cursor in one transaction.

A crash loses at most the page in flight; the next run resumes from the committed cursor less
the overlap window, and upserts make re-reading harmless.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from integrations.intacct import filters as F
from integrations.models import CustomField, ObjectFilter, SyncCursor, SyncError, SyncState
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.filters import pull_filter
from integrations.sync.prefetch import Prefetch
from integrations.sync.steps import PullStep
from integrations.sync.timestamps import as_stored, format_timestamp, parse_timestamp
from integrations.sync.upsert import upsert_rows

FULL_PASS_STAGES = ("initial", "historical", "manual_import")
_BINDING_UPDATE = ("intacct_id", "intacct_modified_at", "sync_state", "last_synced_at", "sync_hash")


def cursor_key(step: PullStep, stage: str) -> str:
    """Incremental runs share one cursor per step; each full pass has its own, resumable one."""
    return step.name if stage == "incremental" else f"{step.name}@{stage}"


def values_hash(values: dict[str, Any]) -> str:
    """A digest of mapped values (their order is the mapper's, the same on every call)."""
    blob = repr(tuple(values.items()))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=20).hexdigest()


@dataclass
class OpenedPull:
    """A step's page source, opened (and already reading ahead) before the step applies it."""

    stage_key: str
    since: Any
    customs: list[CustomField]
    pages: Prefetch[Any]

    def close(self) -> None:
        self.pages.close()


def open_pull(ctx: RunContext, step: PullStep) -> OpenedPull:
    """Plan the step's pages and start reading them on a worker thread (HTTP only there)."""
    stage_key = ctx.stage
    if _already_complete(ctx, step):
        # The same records as a pass that already finished: only what changed since.
        stage_key = "incremental"
    cursor = SyncCursor.objects.filter(
        connection=ctx.connection, step=cursor_key(step, stage_key)
    ).first()
    since = None
    if cursor is not None and cursor.last_modified:
        since = parse_timestamp(cursor.last_modified) - ctx.overlap
    consultant = list(ObjectFilter.objects.filter(connection=ctx.connection, step=step.name))
    customs = chosen_custom_fields(ctx, step)
    flt = pull_filter(step, stage=ctx.stage, consultant_filters=consultant)
    fields = [*step.query_fields(), *(c.field_id for c in customs)]
    if ctx.stage in step.stage_keys:
        pages = _pages_by_keys(ctx, step, fields, flt, "RECORDNO", step.stage_keys[ctx.stage](ctx))
    elif ctx.stage in step.parent_keys:
        pages = _pages_by_parent_keys(ctx, step, fields, flt)
    else:
        pages = ctx.client.query_modified_since(
            step.object_name, fields, since=since, filter=flt, page_size=ctx.page_size
        )
    return OpenedPull(
        stage_key=stage_key,
        since=since,
        customs=customs,
        pages=Prefetch(pages, name=f"pages-{step.name}").start(),
    )


def can_open_early(ctx: RunContext, step: PullStep) -> bool:
    """True when the step's pages do not depend on what the steps before it pull."""
    return ctx.stage not in step.parent_keys and ctx.stage not in step.stage_keys


def pull_step(ctx: RunContext, step: PullStep, opened: OpenedPull | None = None) -> StepCounts:
    """Run one pull step to the last page; return its counts (also kept on ``ctx``).

    The next page is fetched while the current one is applied; ``opened`` is the step's page
    source when the runner opened it early (while the step before was applied).
    """
    opened = opened if opened is not None else open_pull(ctx, step)
    try:
        return _pull_pages(ctx, step, opened)
    finally:
        opened.close()


def _pull_pages(ctx: RunContext, step: PullStep, opened: OpenedPull) -> StepCounts:
    counts = ctx.step_counts(step.name)
    stage_key, since, customs = opened.stage_key, opened.since, opened.customs
    cursor, _ = SyncCursor.objects.get_or_create(
        connection=ctx.connection,
        step=cursor_key(step, stage_key),
        defaults={"object_name": step.object_name},
    )
    skipped = sync_errors.skipped_keys(ctx.connection, step.object_name, SyncError.Direction.PULL)
    has_open = sync_errors.has_unresolved(ctx.connection, step.object_name)
    ctx.set_progress(step=step.name, object=step.object_name, page=0, records=0, total=None)
    if since is not None and not ctx.run.window_start:
        ctx.run.window_start = format_timestamp(since)
    ctx.save()

    started = timezone.now()
    for page_no, page in enumerate(opened.pages, start=1):
        records = list(page.records)
        if not records:
            continue
        ctx.start_read_ahead()
        with transaction.atomic():
            page_counts = apply_page(
                ctx, step, records, skipped=skipped, resolve=has_open, customs=customs
            )
            if step.name in ctx.pulled:
                ctx.pulled[step.name].extend(
                    n for n in (r.int("RECORDNO") for r in records) if n is not None
                )
            counts.add(page_counts)
            last = records[-1]
            cursor.last_modified = last.text("WHENMODIFIED") or cursor.last_modified
            cursor.last_recordno = last.int("RECORDNO")
            cursor.save(update_fields=["last_modified", "last_recordno", "updated_at"])
            ctx.run.window_end = _later(ctx.run.window_end, cursor.last_modified)
            done = ctx.run.progress.get("records", 0) + len(records)
            total = getattr(page, "total_count", None)
            remaining = getattr(page, "num_remaining", None)
            known_total = (done + remaining) if remaining is not None else total
            ctx.set_progress(
                page=page_no,
                records=done,
                total=known_total,
                eta_seconds=_eta(started, done, known_total),
            )
            ctx.save()
        _after_page(ctx, step, records)
        ctx.background.drain()
    if stage_key in FULL_PASS_STAGES:
        _finish_pass(ctx, step, cursor)
    return counts


def _already_complete(ctx: RunContext, step: PullStep) -> bool:
    """True when a historical pass would re-read exactly what a finished pass already read.

    That is the case for a step whose filter is the same in the initial and historical stages
    (entities, terms, all contacts) once its incremental cursor has completed a pass.
    """
    if ctx.stage != "historical" or ctx.run.trigger == "retry":
        return False
    if step.stage_filters.get("historical") is not step.stage_filters.get("initial"):
        return False
    if "initial" in step.parent_keys or "historical" in step.parent_keys:
        return False
    return SyncCursor.objects.filter(
        connection=ctx.connection, step=step.name, completed_at__isnull=False
    ).exists()


def _pages_by_parent_keys(ctx: RunContext, step: PullStep, fields: list[str], flt: Any):
    """Pages of the records that belong to what the parent step pulled in this run."""
    parent_name, field = step.parent_keys[ctx.stage]
    keys = ctx.pulled.get(parent_name)
    if keys is None:  # the parent did not run in this run: its local records
        from integrations.sync.registry import registry

        keys = list(
            registry.get(parent_name)
            .model.objects.filter(connection=ctx.connection)
            .exclude(sync_state=SyncState.DELETED_IN_INTACCT)
            .values_list("intacct_recordno", flat=True)
        )
    return _pages_by_keys(ctx, step, fields, flt, field, sorted(set(keys)))


def _pages_by_keys(
    ctx: RunContext, step: PullStep, fields: list[str], flt: Any, field: str, keys: list[int]
):
    """Pages of the records whose ``field`` is one of ``keys``, 1,000 keys a query."""
    for start in range(0, len(keys), 1000):
        chunk = F.in_(field, [str(k) for k in keys[start : start + 1000]])
        yield from ctx.client.query_modified_since(
            step.object_name,
            fields,
            since=None,
            filter=F.and_(flt, chunk) if flt is not None else chunk,
            page_size=ctx.page_size,
        )


def _eta(started, done: int, total: int | None) -> int | None:
    """Seconds left in this step at the rate so far (None while unknown)."""
    if not total or not done:
        return None
    elapsed = (timezone.now() - started).total_seconds()
    return round(elapsed / done * max(0, total - done))


def chosen_custom_fields(ctx: RunContext, step: PullStep) -> list[CustomField]:
    if not step.custom_fields:
        return []
    return list(
        CustomField.objects.filter(
            connection=ctx.connection, object_name=step.object_name, enabled=True
        ).order_by("field_id")
    )


def custom_values(record: Any, customs: list[CustomField]) -> dict[str, Any]:
    """Chosen custom fields as JSON-safe typed values (numbers as text, dates ISO)."""
    out: dict[str, Any] = {}
    for field in customs:
        text = record.text(field.field_id)
        if text is None:
            out[field.field_id] = None
        elif field.datatype in ("DECIMAL", "CURRENCY", "PERCENT", "INTEGER"):
            number = record.decimal(field.field_id)
            out[field.field_id] = str(number) if number is not None else text
        elif field.datatype == "DATE":
            day = record.date(field.field_id)
            out[field.field_id] = day.isoformat() if day else text
        elif field.datatype == "BOOLEAN":
            out[field.field_id] = text.strip().lower() in ("true", "t", "1")
        else:
            out[field.field_id] = text
    return out


def _later(a: str, b: str) -> str:
    """The later of two Intacct timestamps (either may be blank)."""
    if not a or not b:
        return a or b
    return a if parse_timestamp(a) >= parse_timestamp(b) else b


def _finish_pass(ctx: RunContext, step: PullStep, pass_cursor: SyncCursor) -> None:
    """A completed full pass seeds the incremental cursor and is forgotten."""
    with transaction.atomic():
        incremental, _ = SyncCursor.objects.get_or_create(
            connection=ctx.connection,
            step=step.name,
            defaults={"object_name": step.object_name},
        )
        if pass_cursor.last_modified and (
            not incremental.last_modified
            or parse_timestamp(pass_cursor.last_modified)
            > parse_timestamp(incremental.last_modified)
        ):
            incremental.last_modified = pass_cursor.last_modified
            incremental.last_recordno = pass_cursor.last_recordno
        incremental.completed_at = timezone.now()
        incremental.save()
        pass_cursor.delete()


def apply_page(
    ctx: RunContext,
    step: PullStep,
    records: Iterable[Any],
    *,
    skipped: set[str],
    resolve: bool,
    customs: list[CustomField] | None = None,
) -> StepCounts:
    """Map and upsert one page; unchanged rows are not written. Returns the page's counts."""
    counts = StepCounts()
    now = timezone.now()
    mapped: dict[int, tuple[Any, dict[str, Any], str]] = {}
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
            values = step.mapper(record)
        except (ValueError, ArithmeticError, KeyError, TypeError) as exc:
            counts.failed += 1
            sync_errors.record_failure(
                connection=ctx.connection,
                run=ctx.run,
                step=step.name,
                object_name=step.object_name,
                direction=SyncError.Direction.PULL,
                record_key=str(recordno),
                record_label=(record.text(step.id_field) if step.id_field else "") or "",
                errors=[{"errorno": "MAPPING", "description": f"Cannot import this record: {exc}"}],
            )
            continue
        if step.custom_fields:
            values["custom_fields"] = custom_values(record, customs or [])
        if step.active_only:
            values["_status"] = record.text(step.status_field)
        mapped[recordno] = (record, values, values_hash(values))

    model = step.model
    existing = {
        no: (digest, state)
        for no, digest, state in model.objects.filter(
            connection=ctx.connection, intacct_recordno__in=list(mapped)
        ).values_list("intacct_recordno", "sync_hash", "sync_state")
    }
    if step.rekey_field:
        existing.update(_rekey(ctx, step, mapped, existing))
    if step.active_only and ctx.stage == "incremental":
        # Inactive records we never imported stay out; known ones take the status change.
        for recordno in [n for n, (_, v, _) in mapped.items() if n not in existing]:
            if (mapped[recordno][1].get("_status") or "active") == "inactive":
                del mapped[recordno]
                counts.skipped += 1

    changed = {
        no: item
        for no, item in mapped.items()
        if no not in existing or existing[no][0] != item[2] or existing[no][1] != SyncState.SYNCED
    }
    counts.unchanged += len(mapped) - len(changed)
    counts.created += sum(1 for no in changed if no not in existing)
    counts.updated += sum(1 for no in changed if no in existing)

    if changed:
        resolved = _resolve_relations(ctx, step, [v for _, v, _ in changed.values()])
        sources = {r.source for r in step.relations}
        binding = {
            "connection_id": ctx.connection.pk,
            "sync_state": SyncState.SYNCED.value,
            "last_synced_at": now,
        }
        rows = []
        for (no, (record, values, digest)), rel_values in zip(
            changed.items(), resolved, strict=True
        ):
            row = {k: v for k, v in values.items() if k[0] != "_" and k not in sources}
            row.update(rel_values)
            row.update(binding)
            row["intacct_recordno"] = no
            row["intacct_id"] = (record.text(step.id_field) if step.id_field else "") or ""
            row["intacct_modified_at"] = as_stored(_modified(record))
            row["sync_hash"] = digest
            rows.append(row)
        # Only what Intacct owns is overwritten; local-only fields keep their values.
        update_fields = sorted(
            {*_BINDING_UPDATE}
            | {k for _, v, _ in changed.values() for k in v if not k.startswith("_")} - sources
            | {r.field for r in step.relations}
        )
        upsert_rows(model, rows, unique=["connection", "intacct_recordno"], update=update_fields)
    if resolve and mapped:
        sync_errors.resolve(
            connection=ctx.connection,
            object_name=step.object_name,
            direction=SyncError.Direction.PULL,
            record_keys=[str(no) for no in mapped],
        )
    return counts


def _rekey(
    ctx: RunContext, step: PullStep, mapped: dict[int, Any], existing: dict[int, Any]
) -> dict[int, Any]:
    """Move local rows to the new RECORDNO Intacct gave a re-created record."""
    field = step.rekey_field
    wanted = {
        values[field]: no
        for no, (_, values, _) in mapped.items()
        if no not in existing and values.get(field)
    }
    if not wanted:
        return {}
    moved: dict[int, Any] = {}
    rows = (
        step.model.objects.filter(connection=ctx.connection, **{f"{field}__in": list(wanted)})
        .exclude(intacct_recordno__in=list(mapped))
        .values_list("pk", field, "sync_hash", "sync_state")
    )
    for pk, key, digest, state in rows:
        new_no = wanted.get(key)
        if new_no is None or new_no in moved:
            continue
        step.model.objects.filter(pk=pk).update(intacct_recordno=new_no)
        moved[new_no] = (digest, state)
    return moved


def _modified(record: Any) -> Any:
    text = record.text("WHENMODIFIED")
    return parse_timestamp(text) if text else None


def _resolve_relations(
    ctx: RunContext, step: PullStep, values_list: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For each mapped row, the ``<field>_id`` values of its relations (one query per relation)."""
    out: list[dict[str, Any]] = [{} for _ in values_list]
    for relation in step.relations:
        keys = {v.get(relation.source) for v in values_list} - {None, ""}
        lookup: dict[Any, int] = {}
        if keys:
            rows = relation.model.objects.filter(
                connection=ctx.connection, **{f"{relation.by}__in": list(keys)}
            ).values_list(relation.by, "pk")
            lookup = dict(rows)
        for i, values in enumerate(values_list):
            out[i][f"{relation.field}_id"] = lookup.get(values.get(relation.source))
    return out


def pull_records_by_key(ctx: RunContext, step: PullStep, recordnos: list[int]) -> StepCounts:
    """Re-read specific records (a Retry of their errors) and apply them like any page."""
    counts = ctx.step_counts(step.name)
    for start in range(0, len(recordnos), 1000):
        keys = recordnos[start : start + 1000]
        for page in ctx.client.query(
            step.object_name,
            list(step.query_fields()),
            filter=F.in_("RECORDNO", [str(k) for k in keys]),
            page_size=ctx.page_size,
        ):
            records = list(page.records)
            with transaction.atomic():
                counts.add(apply_page(ctx, step, records, skipped=set(), resolve=True))
                ctx.save()
            _after_page(ctx, step, records)
    return counts


def _after_page(ctx: RunContext, step: PullStep, records: list[Any]) -> None:
    """Hand the committed page's RECORDNOs to the step's hook, if it has one."""
    if step.after_page is None:
        return
    recordnos = [no for no in (r.int("RECORDNO") for r in records) if no is not None]
    if recordnos:
        step.after_page(ctx, recordnos)
