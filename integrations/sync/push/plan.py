"""Turning a batch of pending records into the functions of one request, in order.

Each record gets a :class:`Decision`; records another step must write first (its
prerequisites, e.g. the customer of an invoice) come before the records that need them, once
each. Nothing here sends anything: the engine sends a plan, previews and dry runs show it.
"""

from dataclasses import dataclass, field
from typing import Any

from integrations.intacct import Function
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import INVALID, REFUSED, Action, Decision, PushBatch
from integrations.sync.steps import PushStep


def controlid_for(step: PushStep, record: Any) -> str:
    """Deterministic function controlid: the same record version always gets the same one."""
    return f"{step.name}:{record.pk}:v{record.push_version}"


def decide(step: PushStep, record: Any) -> Decision:
    """Create what Intacct does not hold, update what changed since it was pushed (while
    Intacct allows it), nothing for what is unchanged."""
    if getattr(record, "intacct_recordno", None) is None:
        return Decision(Action.CREATE, "Intacct does not have it yet: it will be created.")
    if record.sync_state not in (SyncState.PENDING_PUSH, SyncState.FAILED):
        return Decision(Action.NOTHING, "Unchanged since it was last pushed: nothing to send.")
    if step.build_update is None:
        return Decision(Action.NOTHING, "Already in Intacct, and this object is never updated.")
    refusal = step.update_refusal(record) if step.update_refusal is not None else ""
    if refusal:
        return Decision(
            Action.REFUSE,
            f"Changed here, but Intacct no longer allows an update: {refusal}",
            REFUSED,
        )
    return Decision(Action.UPDATE, "Changed since it was pushed: it will be updated.")


@dataclass
class Planned:
    """One record of a plan: its step, decision and (when it sends) function."""

    step: PushStep
    record: Any
    decision: Decision
    function: Function | None = None
    # pks of the records of the batch that need this one (it is their prerequisite)
    needed_by: list[Any] = field(default_factory=list)

    @property
    def controlid(self) -> str:
        return self.function.controlid if self.function is not None else ""

    @property
    def label(self) -> str:
        return str(self.record)[:300]


@dataclass
class Plan:
    """What one request would carry: prerequisites first, then the step's own records."""

    items: list[Planned]

    @property
    def functions(self) -> list[Function]:
        return [p.function for p in self.items if p.function is not None]

    def by_controlid(self) -> dict[str, Planned]:
        return {p.controlid: p for p in self.items if p.function is not None}


def _build(step: PushStep, record: Any, decision: Decision) -> Function | None:
    cid = controlid_for(step, record)
    if decision.action is Action.CREATE:
        return step.build(record, cid)
    if decision.action is Action.UPDATE and step.build_update is not None:
        return step.build_update(record, cid)
    return None


def _planned(step: PushStep, record: Any, decision: Decision) -> Planned:
    try:
        function = _build(step, record, decision)
    except ValueError as exc:  # a value the builder cannot send
        return Planned(step, record, Decision(Action.REFUSE, str(exc), INVALID))
    return Planned(step, record, decision, function)


def plan_batch(
    *,
    step: PushStep,
    records: list[Any],
    connection: IntacctConnection,
    client: Any,
    dry_run: bool = False,
    memo: dict[str, Any] | None = None,
) -> Plan:
    """Decide every record of one batch and build its functions (prerequisites first).

    ``memo`` is handed to the step's ``prepare`` for every batch of one push."""
    batch = PushBatch(
        connection=connection,
        client=client,
        records=records,
        dry_run=dry_run,
        memo=memo if memo is not None else {},
    )
    if step.prepare is not None:
        step.prepare(batch)
    first: list[Planned] = []
    seen: dict[tuple[str, Any], Planned] = {}
    own: list[Planned] = []
    for record in records:
        refusal = batch.refusals.get(record.pk)
        if refusal is not None:
            own.append(
                Planned(step, record, Decision(Action.REFUSE, refusal.message, refusal.errorno))
            )
            continue
        for pre_step, prerequisite in batch.requirements.get(record.pk, []):
            key = (pre_step.name, prerequisite.pk)
            planned = seen.get(key)
            if planned is None:
                planned = _planned(pre_step, prerequisite, decide(pre_step, prerequisite))
                seen[key] = planned
                if planned.decision.action is not Action.NOTHING:
                    first.append(planned)
            planned.needed_by.append(record.pk)
        own.append(_planned(step, record, decide(step, record)))
    return Plan(items=[*first, *own])
