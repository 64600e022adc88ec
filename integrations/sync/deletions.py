"""Deletions: from AUDITHISTORY each incremental run, and by key reconciliation on demand.

Intacct keeps no tombstones on the objects. A deleted record is marked ``deleted in Intacct``
locally, never dropped: people may still need to see what it was.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from integrations.intacct import filters as F
from integrations.models import SyncCursor, SyncState
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.steps import PullStep
from integrations.sync.timestamps import format_timestamp, parse_timestamp

AUDIT_CURSOR = "__audithistory__"
AUDIT_FIELDS = ["ID", "OBJECTTYPE", "OBJECTKEY", "ACCESSMODE", "ACCESSTIME"]


def _mark_deleted(ctx: RunContext, step: PullStep, recordnos: Sequence[int]) -> int:
    if not recordnos:
        return 0
    return (
        step.model._default_manager.filter(
            connection=ctx.connection, intacct_recordno__in=recordnos
        )
        .exclude(sync_state=SyncState.DELETED_IN_INTACCT)
        .update(
            sync_state=SyncState.DELETED_IN_INTACCT,
            last_synced_at=timezone.now(),
            **step.deleted_values,
        )
    )


def _audit_start(ctx: RunContext, steps: Sequence[PullStep]) -> str | None:
    cursor = SyncCursor.objects.filter(connection=ctx.connection, step=AUDIT_CURSOR).first()
    if cursor and cursor.last_modified:
        return format_timestamp(parse_timestamp(cursor.last_modified) - ctx.overlap)
    # First time: from the oldest incremental cursor of these steps (deletes before the first
    # import are irrelevant: those records were never here).
    marks = SyncCursor.objects.filter(
        connection=ctx.connection, step__in=[s.name for s in steps]
    ).exclude(last_modified="")
    stamps = [parse_timestamp(c.last_modified) for c in marks]
    return format_timestamp(min(stamps) - ctx.overlap) if stamps else None


def pull_deletions(ctx: RunContext, steps: Sequence[PullStep]) -> dict[str, int]:
    """Apply deletions logged in AUDITHISTORY since the last check: one query for all objects."""
    by_type = {s.object_name.lower(): s for s in steps if s.track_deletions}
    if not by_type:
        return {}
    start = _audit_start(ctx, list(by_type.values()))
    if start is None:
        return {}
    flt = F.and_(
        F.in_("OBJECTTYPE", sorted(by_type)),
        F.equal("ACCESSMODE", "D"),
        F.greater_than_or_equal("ACCESSTIME", start),
    )
    ctx.set_progress(step="deletions", object="AUDITHISTORY", page=0, records=0, total=None)
    deleted: dict[str, int] = {}
    latest = start
    for page in ctx.client.query(
        "AUDITHISTORY",
        AUDIT_FIELDS,
        filter=flt,
        order_by=[("ACCESSTIME", "asc"), ("ID", "asc")],
        page_size=ctx.page_size,
    ):
        keys: dict[str, list[int]] = {}
        for row in page.records:
            step = by_type.get((row.text("OBJECTTYPE") or "").lower())
            key = row.int("OBJECTKEY")
            if step is not None and key is not None:
                keys.setdefault(step.name, []).append(key)
            stamp = row.text("ACCESSTIME")
            if stamp and parse_timestamp(stamp) > parse_timestamp(latest):
                latest = stamp
        with transaction.atomic():
            for step in by_type.values():
                n = _mark_deleted(ctx, step, keys.get(step.name, []))
                if n:
                    deleted[step.name] = deleted.get(step.name, 0) + n
                    ctx.step_counts(step.name).add(StepCounts(deleted=n))
            SyncCursor.objects.update_or_create(
                connection=ctx.connection,
                step=AUDIT_CURSOR,
                defaults={"object_name": "AUDITHISTORY", "last_modified": latest},
            )
            ctx.save()
    return deleted


def reconcile_keys(ctx: RunContext, step: PullStep) -> int:
    """Mark deleted every local record whose RECORDNO Intacct no longer has (key-only read).

    Reads only RECORDNO, in pages of the largest size, so it is cheap: about one request per
    2,000 records. Returns how many records were marked.
    """
    remote: set[int] = set()
    for page in ctx.client.query(
        step.object_name, ["RECORDNO"], order_by=[("RECORDNO", "asc")], page_size=2000
    ):
        remote.update(n for n in (r.int("RECORDNO") for r in page.records) if n is not None)
    local = step.model._default_manager.filter(connection=ctx.connection).exclude(
        sync_state=SyncState.DELETED_IN_INTACCT
    )
    missing = [
        n
        for n in local.values_list("intacct_recordno", flat=True).iterator()
        if n is not None and n not in remote
    ]
    marked = 0
    for i in range(0, len(missing), 500):
        with transaction.atomic():
            marked += _mark_deleted(ctx, step, missing[i : i + 500])
    if marked:
        ctx.step_counts(step.name).add(StepCounts(deleted=marked))
        ctx.save()
    return marked
