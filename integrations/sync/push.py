"""Push pending records: batched, idempotent, reconciled by business key when in doubt.

Every function's controlid is derived from the step, the record and its push version, and
requests carry ``uniqueid=true``: a resend after an ambiguous outcome can never execute twice
in Intacct. Before anything is resent, the record is looked up by its business key.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.intacct import AmbiguousWriteError
from integrations.models import SyncError, SyncState
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.steps import PushStep


def controlid_for(step: PushStep, record: Any) -> str:
    """Deterministic function controlid: the same record version always gets the same one."""
    return f"{step.name}:{record.pk}:v{record.push_version}"


def _mark_synced(record: Any, recordno: int | None, intacct_id: str) -> None:
    now = timezone.now()
    type(record)._default_manager.filter(pk=record.pk, push_version=record.push_version).update(
        intacct_recordno=recordno,
        intacct_id=intacct_id or record.intacct_id,
        sync_state=SyncState.SYNCED,
        last_synced_at=now,
        last_pushed_at=now,
    )


def push_step(ctx: RunContext, step: PushStep) -> StepCounts:
    counts = ctx.step_counts(step.name)
    pending = list(step.select_pending(ctx.connection))
    model_label = step.model._meta.label
    batch = settings.INTACCT_BATCH_SIZE
    ctx.set_progress(step=step.name, object=step.object_name, page=0, records=0, total=len(pending))
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        by_cid = {controlid_for(step, r): r for r in chunk}
        functions = [step.build(r, cid) for cid, r in by_cid.items()]
        ambiguous: list[str] = []
        try:
            outcomes = list(ctx.client.execute(functions))
        except AmbiguousWriteError as exc:
            outcomes = list(getattr(exc, "completed", []) or [])
            ambiguous = list(exc.controlids)
        with transaction.atomic():
            for outcome in outcomes:
                record = by_cid.get(outcome.controlid)
                if record is None:
                    continue
                counts.read += 1
                if outcome.ok:
                    recordno, intacct_id = step.key_from_outcome(outcome)
                    _mark_synced(record, recordno, intacct_id)
                    counts.created += 1
                    sync_errors.resolve(
                        connection=ctx.connection,
                        object_name=step.object_name,
                        direction=SyncError.Direction.PUSH,
                        record_keys=[str(record.pk)],
                    )
                elif outcome.status == "failure":
                    counts.failed += 1
                    type(record)._default_manager.filter(pk=record.pk).update(
                        sync_state=SyncState.FAILED
                    )
                    sync_errors.record_failure(
                        connection=ctx.connection,
                        run=ctx.run,
                        step=step.name,
                        object_name=step.object_name,
                        direction=SyncError.Direction.PUSH,
                        record_key=str(record.pk),
                        record_label=str(record)[:300],
                        local_model=model_label,
                        local_pk=str(record.pk),
                        errors=sync_errors.error_dicts(outcome.errors),
                        raw_response=sync_errors.describe_outcome(outcome),
                    )
                else:  # aborted: nothing committed; it stays pending for the next run
                    counts.skipped += 1
            ctx.save()
        for cid in ambiguous:
            record = by_cid[cid]
            counts.read += 1
            found = step.find_existing(ctx.client, record)
            if found is not None:
                # The write landed although its answer was lost.
                _mark_synced(record, found.int("RECORDNO"), "")
                counts.created += 1
            else:
                # Not in Intacct: it stays pending and goes again, with the same controlid.
                counts.skipped += 1
        ctx.save()
    return counts
