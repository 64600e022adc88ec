"""Services of writes to Intacct: explicit pushes, dry runs, one record's preview and push.

Interfaces (admin, the ``intacct_sync`` command) call these; the engine does the work.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from integrations.models import IntacctConnection, SyncRun
from integrations.sync.clients import SyncClient, client_for
from integrations.sync.push import PlannedWrite, PushPreview, push_dry_run, push_preview
from integrations.sync.registry import RegistryError, registry
from integrations.sync.steps import PushStep


def push_steps(names: Iterable[str] | None = None) -> list[PushStep]:
    """The registered push steps (of ``names`` when given), in dependency order."""
    wanted = list(names) if names else None
    steps = [s for s in registry.plan(wanted) if isinstance(s, PushStep)]
    if wanted and not steps:
        raise RegistryError(f"None of {', '.join(wanted)} is a push step.")
    return steps


def push_step_for(model: type[models.Model]) -> PushStep:
    """The push step that writes records of ``model`` (or of the model a proxy stands for)."""
    concrete = model._meta.concrete_model
    for step in push_steps():
        if step.model is concrete:
            return step
    raise RegistryError(f"No push step writes {model._meta.label}.")


def push_start(
    *,
    connection: IntacctConnection,
    objects: list[str] | None = None,
    trigger: str = SyncRun.Trigger.COMMAND,
    requested_by: str = "",
    enqueue: bool = True,
) -> SyncRun:
    """Queue an explicit push of what is pending (every push step, or ``objects``)."""
    from integrations.services import sync_start

    names = [s.name for s in push_steps(objects)]
    return sync_start(
        connection=connection,
        trigger=trigger,
        stage=SyncRun.Stage.INCREMENTAL,
        objects=names,
        requested_by=requested_by,
        enqueue=enqueue,
        parameters={"direction": "push"},
    )


def push_dry_run_list(
    *,
    connection: IntacctConnection,
    objects: list[str] | None = None,
    client: SyncClient | None = None,
) -> list[PlannedWrite]:
    """Every function a push would send now, and why; nothing is sent."""
    own = client is None
    client = client if client is not None else client_for(connection)
    try:
        return push_dry_run(connection=connection, steps=push_steps(objects), client=client)
    finally:
        if own:
            client.close()


def record_push_preview(*, record: Any, client: SyncClient | None = None) -> PushPreview:
    """What pushing ``record`` now would do, and the exact (masked) XML it would send."""
    own = client is None
    client = client if client is not None else client_for(record.connection)
    try:
        return push_preview(step=push_step_for(type(record)), record=record, client=client)
    finally:
        if own:
            client.close()


def record_push_now(*, record: Any, requested_by: str = "", enqueue: bool = True) -> SyncRun:
    """Push now (Sync Now-style explicit push of the record's step)."""
    step = push_step_for(type(record))
    return push_start(
        connection=record.connection,
        objects=[step.name],
        trigger=SyncRun.Trigger.SYNC_NOW,
        requested_by=requested_by,
        enqueue=enqueue,
    )
