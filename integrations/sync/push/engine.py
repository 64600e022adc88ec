"""Push pending records: batched, idempotent, reconciled by business key when in doubt.

Every function's controlid is derived from the step, the record and its push version, and
requests carry ``uniqueid=true``: a resend after an ambiguous outcome can never execute twice
in Intacct. Before anything is resent, a created record is looked up by its business key;
what is still not found goes again (same controlid) in a later round of the same run.
"""

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.intacct import AmbiguousWriteError, FunctionOutcome, Record
from integrations.models import SyncError, SyncState
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.decisions import CHECKED, Action
from integrations.sync.push.plan import Plan, Planned, plan_batch
from integrations.sync.steps import PushStep

# Rounds of resending what an ambiguous outcome left unknown and the look-up did not find.
AMBIGUOUS_ROUNDS = 5


def _mark_synced(record: Any, recordno: int | None, intacct_id: str) -> None:
    now = timezone.now()
    type(record)._default_manager.filter(pk=record.pk, push_version=record.push_version).update(
        intacct_recordno=recordno if recordno is not None else record.intacct_recordno,
        intacct_id=intacct_id or record.intacct_id,
        sync_state=SyncState.SYNCED,
        last_synced_at=now,
        last_pushed_at=now,
    )
    if recordno is not None:
        record.intacct_recordno = recordno
    if intacct_id:
        record.intacct_id = intacct_id
    record.sync_state = SyncState.SYNCED


def _fail(ctx: RunContext, item: Planned, errors: list[dict[str, str]], raw: str) -> None:
    record, step = item.record, item.step
    type(record)._default_manager.filter(pk=record.pk).update(sync_state=SyncState.FAILED)
    record.sync_state = SyncState.FAILED
    sync_errors.record_failure(
        connection=ctx.connection,
        run=ctx.run,
        step=step.name,
        object_name=step.object_name,
        direction=SyncError.Direction.PUSH,
        record_key=str(record.pk),
        record_label=item.label,
        local_model=step.model._meta.label,
        local_pk=str(record.pk),
        errors=errors,
        raw_response=raw,
    )


def _refusal_errors(item: Planned) -> list[dict[str, str]]:
    # The fixed description is what the catalogue's entries of these refusals match (with
    # the number), so a reason that happens to read like an Intacct error is not taken for one.
    return [
        {
            "errorno": item.decision.errorno,
            "description": CHECKED,
            "description2": item.decision.reason,
        }
    ]


def _resolve(ctx: RunContext, item: Planned) -> None:
    sync_errors.resolve(
        connection=ctx.connection,
        object_name=item.step.object_name,
        direction=SyncError.Direction.PUSH,
        record_keys=[str(item.record.pk)],
    )


def _succeeded(ctx: RunContext, item: Planned, recordno: int | None, intacct_id: str) -> None:
    _mark_synced(item.record, recordno, intacct_id)
    if item.step.on_pushed is not None:
        item.step.on_pushed(item.record)
    counts = ctx.step_counts(item.step.name)
    if item.decision.action is Action.UPDATE:
        counts.updated += 1
    else:
        counts.created += 1
    _resolve(ctx, item)


def _apply_outcome(ctx: RunContext, item: Planned, outcome: FunctionOutcome) -> None:
    counts = ctx.step_counts(item.step.name)
    if outcome.ok:
        recordno, intacct_id = item.step.key_from_outcome(outcome)
        _succeeded(ctx, item, recordno, intacct_id)
    elif outcome.status == "failure":
        counts.failed += 1
        _fail(
            ctx,
            item,
            sync_errors.error_dicts(outcome.errors),
            sync_errors.describe_outcome(outcome),
        )
    else:  # aborted: nothing committed; it stays pending for the next run
        counts.skipped += 1


def _apply_decisions(ctx: RunContext, plan: Plan) -> None:
    """Records that send nothing: refused ones fail with their reason, unchanged ones are
    synced."""
    for item in plan.items:
        counts = ctx.step_counts(item.step.name)
        if item.decision.action is Action.REFUSE:
            counts.read += 1
            counts.failed += 1
            _fail(ctx, item, _refusal_errors(item), item.decision.reason)
        elif item.decision.action is Action.NOTHING:
            counts.read += 1
            counts.unchanged += 1
            type(item.record)._default_manager.filter(
                pk=item.record.pk, push_version=item.record.push_version
            ).update(sync_state=SyncState.SYNCED)


def _found(ctx: RunContext, items: list[Planned]) -> dict[Any, Record]:
    """Business-key look-ups of created records whose outcome is unknown."""
    out: dict[Any, Record] = {}
    by_step: dict[str, list[Planned]] = {}
    for item in items:
        if item.decision.action is Action.CREATE:
            by_step.setdefault(item.step.name, []).append(item)
    for group in by_step.values():
        step = group[0].step
        if step.find_existing_many is not None:
            found = step.find_existing_many(ctx.client, [i.record for i in group])
            out.update({(step.name, pk): rec for pk, rec in found.items()})
        else:
            for item in group:
                rec = step.find_existing(ctx.client, item.record)
                if rec is not None:
                    out[(step.name, item.record.pk)] = rec
    return out


Sent = tuple[list[FunctionOutcome], list[str]]


def _execute(client: Any, plan: Plan) -> Sent:
    """The network half of a send (no database): outcomes, and the controlids whose outcome
    is unknown (sent without a readable answer, or never sent)."""
    try:
        return list(client.execute(plan.functions)), []
    except AmbiguousWriteError as exc:
        return list(getattr(exc, "completed", []) or []), [*exc.controlids, *exc.not_sent]


def _send(ctx: RunContext, plan: Plan, *, resent: bool = False) -> list[Planned]:
    """Send a plan's functions and record what came back; see :func:`_record`."""
    if not plan.functions:
        return []
    return _record(ctx, plan, _execute(ctx.client, plan), resent=resent)


def _record(ctx: RunContext, plan: Plan, sent: Sent, *, resent: bool = False) -> list[Planned]:
    """Record a plan's outcomes; returns the items to send again (outcome unknown and not
    found by business key, or never sent).

    ``resent``: the plan repeats functions whose first outcome was unknown. A create that
    now fails may fail *because* the first attempt landed (a number or ID already taken), so
    such failures are looked up by business key before they are recorded.
    """
    by_cid = plan.by_controlid()
    outcomes, unknown = sent
    landed: dict[Any, Record] = {}
    if resent:
        failed = [by_cid[o.controlid] for o in outcomes if not o.ok and o.controlid in by_cid]
        landed = _found(ctx, failed)
    with transaction.atomic():
        for outcome in outcomes:
            item = by_cid.get(outcome.controlid)
            if item is None:
                continue
            ctx.step_counts(item.step.name).read += 1
            record = landed.get((item.step.name, item.record.pk))
            if record is not None:
                _succeeded(ctx, item, record.int("RECORDNO"), "")
            else:
                _apply_outcome(ctx, item, outcome)
        ctx.save()
    retry: list[Planned] = []
    items = [by_cid[cid] for cid in unknown]
    found = _found(ctx, items)
    with transaction.atomic():
        for item in items:
            record = found.get((item.step.name, item.record.pk))
            if record is not None:
                # The write landed although its answer was lost.
                ctx.step_counts(item.step.name).read += 1
                _succeeded(ctx, item, record.int("RECORDNO"), "")
            else:
                retry.append(item)
        ctx.save()
    return retry


def _keys(plan: Plan) -> set[tuple[str, Any]]:
    return {(p.step.name, p.record.pk) for p in plan.items if p.function is not None}


@dataclass
class _InFlight:
    plan: Plan
    future: Future[Sent]
    keys: set[tuple[str, Any]]


def _finish(ctx: RunContext, flight: _InFlight) -> None:
    """Record a batch's outcomes, then resend (same controlids) what is still unknown."""
    again = _record(ctx, flight.plan, flight.future.result())
    for _round in range(AMBIGUOUS_ROUNDS):
        if not again:
            break
        again = _send(ctx, Plan(items=again), resent=True)
    for item in again:
        ctx.step_counts(item.step.name).read += 1
        ctx.step_counts(item.step.name).skipped += 1  # still unknown: pending for next run


def push_step(ctx: RunContext, step: PushStep) -> StepCounts:
    """Push every pending record of ``step`` for the run's connection.

    Batches are planned in order and up to ``INTACCT_MAX_IN_FLIGHT`` requests travel at once
    (their outcomes are recorded here, in order, while the next one is on the wire). A batch
    that would write a record an unfinished batch writes too (a customer several invoices
    need) waits for those batches and is planned again, so nothing goes twice.
    """
    counts = ctx.step_counts(step.name)
    pending = list(step.select_pending(ctx.connection))
    size = settings.INTACCT_BATCH_SIZE
    ctx.set_progress(step=step.name, object=step.object_name, page=0, records=0, total=len(pending))
    memo: dict[str, Any] = {}
    in_flight: deque[_InFlight] = deque()
    most = max(1, settings.INTACCT_MAX_IN_FLIGHT)

    def plan_of(chunk: list[Any]) -> Plan:
        return plan_batch(
            step=step, records=chunk, connection=ctx.connection, client=ctx.client, memo=memo
        )

    with ThreadPoolExecutor(max_workers=most, thread_name_prefix="push") as pool:
        try:
            for start in range(0, len(pending), size):
                chunk = pending[start : start + size]
                plan = plan_of(chunk)
                busy = set().union(*(f.keys for f in in_flight)) if in_flight else set()
                if _keys(plan) & busy:
                    while in_flight:
                        _finish(ctx, in_flight.popleft())
                    plan = plan_of(chunk)
                with transaction.atomic():
                    _apply_decisions(ctx, plan)
                    ctx.save()
                if plan.functions:
                    future = pool.submit(_execute, ctx.client, plan)
                    in_flight.append(_InFlight(plan, future, _keys(plan)))
                while len(in_flight) >= most:
                    _finish(ctx, in_flight.popleft())
                ctx.set_progress(page=start // size + 1, records=min(start + size, len(pending)))
                ctx.save()
            while in_flight:
                _finish(ctx, in_flight.popleft())
        finally:
            for flight in in_flight:  # an error above: let what is on the wire land first
                flight.future.exception()
    return counts
