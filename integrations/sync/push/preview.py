"""Previews and dry runs: what a push would send, built exactly as the engine builds it,
and never sent.

Look-ups the steps' ``prepare`` hooks make are reads; any local change they make (a customer
matched by name, say) is rolled back, so a preview leaves the database as it found it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from lxml import etree

from integrations.intacct.envelope import SessionAuth, build_request
from integrations.intacct.secret import Secret
from integrations.models import IntacctConnection
from integrations.sandbox.schema import request_schema
from integrations.sync.decisions import Action, Decision
from integrations.sync.push.plan import Plan, plan_batch
from integrations.sync.steps import PushStep

MASK = "***"


@dataclass(frozen=True)
class PlannedWrite:
    """One line of a preview or dry run: what would happen to one record."""

    step: str
    object_name: str
    record: str
    action: Action
    reason: str
    function: str
    controlid: str


@dataclass(frozen=True)
class PushPreview:
    """The decision for one record, every function its push would send (prerequisites
    first), the whole request as XML with credentials and session masked, and what api.xsd
    says of that request (empty: valid)."""

    decision: Decision
    writes: list[PlannedWrite]
    xml: str
    schema_errors: list[str]


def _writes(plan: Plan) -> list[PlannedWrite]:
    return [
        PlannedWrite(
            step=p.step.name,
            object_name=p.step.object_name,
            record=p.label,
            action=p.decision.action,
            reason=p.decision.reason,
            function=p.function.function_name if p.function is not None else "",
            controlid=p.controlid,
        )
        for p in plan.items
    ]


def request_xml(connection: IntacctConnection, plan: Plan) -> tuple[str, list[str]]:
    """The request a plan's functions travel in, masked, and its schema errors."""
    functions = plan.functions
    if not functions:
        return "", []
    request = build_request(
        sender_id=connection.sender_id,
        sender_password=Secret(MASK),
        controlid="preview",
        auth=SessionAuth(Secret(MASK)),
        functions=functions,
        uniqueid=True,
    )
    schema = request_schema()
    errors = list(schema.envelope_errors(request))
    for function in request.iter("function"):
        errors.extend(schema.function_errors(function))
    text = etree.tostring(request, pretty_print=True, encoding="unicode")
    return text, errors


def push_preview(*, step: PushStep, record: Any, client: Any) -> PushPreview:
    """What pushing ``record`` now would do and send (nothing is sent, nothing is kept)."""
    with transaction.atomic():
        plan = plan_batch(
            step=step,
            records=[record],
            connection=record.connection,
            client=client,
            dry_run=True,
        )
        own = next(p for p in plan.items if p.record is record or p.record.pk == record.pk)
        xml, errors = request_xml(record.connection, plan)
        preview = PushPreview(
            decision=own.decision, writes=_writes(plan), xml=xml, schema_errors=errors
        )
        transaction.set_rollback(True)
    return preview


def push_dry_run(
    *, connection: IntacctConnection, steps: Iterable[PushStep], client: Any
) -> list[PlannedWrite]:
    """Every function a push of ``steps`` would send now, batch by batch; nothing is sent."""
    out: list[PlannedWrite] = []
    size = settings.INTACCT_BATCH_SIZE
    with transaction.atomic():
        for step in steps:
            pending = list(step.select_pending(connection))
            memo: dict[str, Any] = {}
            for start in range(0, len(pending), size):
                plan = plan_batch(
                    step=step,
                    records=pending[start : start + size],
                    connection=connection,
                    client=client,
                    dry_run=True,
                    memo=memo,
                )
                out.extend(_writes(plan))
        transaction.set_rollback(True)
    return out
