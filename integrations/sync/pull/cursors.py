"""Where a pull resumes: one cursor per step and stage, and how a finished pass is recorded."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from integrations.models import SyncCursor
from integrations.sync.context import RunContext
from integrations.sync.steps import PullStep
from integrations.sync.timestamps import parse_timestamp

FULL_PASS_STAGES = ("initial", "historical", "manual_import")


def cursor_key(step: PullStep, stage: str) -> str:
    """Incremental runs share one cursor per step; each full pass has its own, resumable one."""
    return step.name if stage == "incremental" else f"{step.name}@{stage}"


def cursor_stage(ctx: RunContext, step: PullStep) -> str:
    """The stage whose cursor this pull reads and moves.

    A stage declared ``since_last_pass`` reads only what changed since a full pass of the step
    that already completed (a Retry always reads what it is asked for).
    """
    spec = step.spec(ctx.stage)
    if (
        spec is not None
        and spec.since_last_pass
        and ctx.run.trigger != "retry"
        and SyncCursor.objects.filter(
            connection=ctx.connection, step=step.name, completed_at__isnull=False
        ).exists()
    ):
        return "incremental"
    return ctx.stage


def open_cursor(ctx: RunContext, step: PullStep, stage: str) -> SyncCursor:
    cursor, _ = SyncCursor.objects.get_or_create(
        connection=ctx.connection,
        step=cursor_key(step, stage),
        defaults={"object_name": step.object_name},
    )
    return cursor


def resume_from(ctx: RunContext, cursor: SyncCursor) -> datetime | None:
    """The cursor less the overlap window (None: from the beginning)."""
    if not cursor.last_modified:
        return None
    return parse_timestamp(cursor.last_modified) - ctx.overlap


def later(a: str, b: str) -> str:
    """The later of two Intacct timestamps (either may be blank)."""
    if not a or not b:
        return a or b
    return a if parse_timestamp(a) >= parse_timestamp(b) else b


def finish_pass(ctx: RunContext, step: PullStep, pass_cursor: SyncCursor) -> None:
    """A completed full pass seeds the incremental cursor and is forgotten."""
    with transaction.atomic():
        incremental = open_cursor(ctx, step, "incremental")
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
