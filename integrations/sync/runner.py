"""Execute a claimed run: every planned step in order, then deletions; then close the run."""

import logging
from functools import partial

from integrations.credentials import credentials_status_record
from integrations.models import SyncError, SyncRun
from integrations.sync import deletions, lifecycle, shutdown
from integrations.sync import errors as sync_errors
from integrations.sync.clients import SyncClient, client_for
from integrations.sync.context import ProgressCallback, RunContext
from integrations.sync.pull import (
    OpenedPull,
    can_open_early,
    open_pull,
    pull_records_by_key,
    pull_step,
)
from integrations.sync.push import push_step
from integrations.sync.registry import registry
from integrations.sync.steplog import Outcome, StepLog
from integrations.sync.steps import PullStep, PushStep, Step

log = logging.getLogger(__name__)


def _retrying_keys(ctx: RunContext, step: PullStep) -> list[int]:
    keys = SyncError.objects.filter(
        connection=ctx.connection,
        object_name=step.object_name,
        direction=SyncError.Direction.PULL,
        status=SyncError.Status.RETRYING,
    ).values_list("record_key", flat=True)
    return sorted({int(k) for k in keys if k.isdigit()})


def _local_keys(ctx: RunContext, step: PullStep) -> list[int]:
    """Every record of the step the app holds for the connection (a custom field backfill)."""
    keys = step.model._default_manager.filter(
        connection=ctx.connection, intacct_recordno__isnull=False
    ).values_list("intacct_recordno", flat=True)
    return sorted(set(keys))


def _run_step(ctx: RunContext, step: Step, opened: OpenedPull | None = None) -> None:
    if isinstance(step, PullStep) and ctx.run.trigger == SyncRun.Trigger.RETRY:
        pull_records_by_key(ctx, step, _retrying_keys(ctx, step))
        direction = SyncError.Direction.PULL
    elif isinstance(step, PullStep) and ctx.run.trigger == SyncRun.Trigger.BACKFILL:
        # Re-read every local record of the backfilled objects, so a newly chosen custom
        # field gets its value everywhere (steps the plan adds as parents are left alone).
        if step.object_name in (ctx.run.parameters or {}).get("backfill_objects", []):
            pull_records_by_key(ctx, step, _local_keys(ctx, step))
        direction = SyncError.Direction.PULL
    elif isinstance(step, PullStep):
        pull_step(ctx, step, opened)
        direction = SyncError.Direction.PULL
    elif isinstance(step, PushStep):
        push_step(ctx, step)
        direction = SyncError.Direction.PUSH
    else:  # pragma: no cover - registry only holds these
        raise TypeError(step)
    sync_errors.resolve_step_errors(
        connection=ctx.connection, object_name=step.object_name, direction=direction
    )


def _open_next(ctx: RunContext, steps: list[Step], index: int) -> OpenedPull | None:
    """Start reading the first pages of the step after ``index`` while that step runs."""
    if index + 1 >= len(steps) or ctx.run.trigger == SyncRun.Trigger.RETRY:
        return None
    step = steps[index + 1]
    if not isinstance(step, PullStep) or not can_open_early(ctx, step):
        return None
    return ctx.closing(open_pull(ctx, step))


def _with_pushes_allowed(run: SyncRun, steps: list[Step]) -> list[Step]:
    """Pulls first, then the pushes this run may make.

    A push step runs when it was asked for by name (an explicit push), on Sync Now, or when
    the connection's "Reconcile to Intacct" lets scheduled and plain runs write; a run asked
    to pull only (``parameters["direction"] == "pull"``) never writes.
    """
    pulls: list[Step] = [s for s in steps if not isinstance(s, PushStep)]
    if (run.parameters or {}).get("direction") == "pull":
        return pulls
    asked = set(run.objects_requested or [])
    allowed = run.trigger == SyncRun.Trigger.SYNC_NOW or run.connection.reconcile_to_intacct
    pushes = [s for s in steps if isinstance(s, PushStep) and (allowed or s.name in asked)]
    return [*pulls, *pushes]


def execute(
    run: SyncRun, *, client: SyncClient | None = None, on_progress: ProgressCallback | None = None
) -> SyncRun:
    """Run ``run`` (already claimed) to the end and close it with its final status."""
    connection = run.connection
    client = client if client is not None else client_for(connection)
    ctx = RunContext(
        run=run, connection=connection, client=client, stage=run.stage, on_progress=on_progress
    )
    try:
        return _execute(ctx)
    finally:
        ctx.close()


def _execute(ctx: RunContext) -> SyncRun:
    run, connection = ctx.run, ctx.connection
    steps = _with_pushes_allowed(run, registry.plan(run.objects_requested or None, stage=run.stage))
    # A step (a push flow, a pull) the connection's settings switch off does not run at all.
    steps = [s for s in steps if s.enabled_for(connection)]
    for step in steps:
        spec = step.spec(run.stage)
        if spec is not None and spec.parent is not None:
            ctx.pulled.setdefault(spec.parent.step, [])
    steplog = StepLog(ctx)
    for index, step in enumerate(steps):
        spec = step.spec(run.stage)
        opened = ctx.take_read_ahead()
        # Independent objects overlap: once this step has its first page, the next step's
        # pages are read while this one is applied (unless they need this step's keys).
        ctx.plan_read_ahead(partial(_open_next, ctx, steps, index))
        steplog.run(
            partial(_run_step, ctx, step, opened),
            key=step.name,
            label=step.display,
            object_name=step.object_name,
            direction="push" if isinstance(step, PushStep) else "pull",
            error_label=f"whole step: {step.display}",
            keep_response=True,
            parent=spec.parent.step if spec is not None and spec.parent is not None else None,
        )
        if steplog.fatal is not None:
            break
    if steplog.fatal is None:
        # Side fetches still running (invoice documents, which record their own failures)
        # finish before the run closes.
        ctx.background.drain(wait=True)
    pulls = [s for s in steps if isinstance(s, PullStep)]
    if (
        steplog.fatal is None
        and run.stage == "incremental"
        and run.trigger != SyncRun.Trigger.RETRY
    ):
        steplog.run(
            partial(deletions.pull_deletions, ctx, pulls),
            key="deletions",
            label="deletions",
            object_name="AUDITHISTORY",
            direction="pull",
            error_label="deletions from the audit trail",
        )
    if steplog.fatal is None and run.reconcile_keys:
        for step in [s for s in pulls if s.track_deletions]:
            if steplog.fatal is not None:
                break
            steplog.run(
                partial(deletions.reconcile_keys, ctx, step),
                key=f"{step.name} (key check)",
                label=f"{step.display} (key check)",
                object_name=step.object_name,
                direction="pull",
                error_label=f"key check: {step.display}",
                step=step.name,
            )
    fatal, failed_steps = steplog.fatal, steplog.failed
    succeeded_steps = sum(1 for s in steps if steplog.outcomes.get(s.name) == Outcome.SUCCEEDED)
    if fatal is None and not failed_steps:
        credentials_status_record(connection=connection, ok=True)
    sync_errors.attach_catalogue(run=run)
    ctx.save()
    run.refresh_from_db()
    if fatal is not None:
        status = SyncRun.Status.FAILED
        message = f"Stopped: {fatal}. The next run resumes where this one stopped."
    elif failed_steps and not succeeded_steps:
        status = SyncRun.Status.FAILED
        message = f"Nothing succeeded. Failed steps: {', '.join(failed_steps)}."
    elif failed_steps or run.records_failed:
        status = SyncRun.Status.PARTIALLY_FAILED
        parts = []
        if failed_steps:
            parts.append(f"Failed steps: {', '.join(failed_steps)}.")
        if run.records_failed:
            parts.append(f"{run.records_failed} record(s) failed; see Sync errors.")
        message = " ".join(parts)
    else:
        status = SyncRun.Status.SUCCEEDED
        message = ""
    if not steps:
        message = "Nothing to do: no step runs in this stage for the objects asked for."
    return lifecycle.finish(run, status=status, message=message)


def run_now(
    run: SyncRun, *, client: SyncClient | None = None, on_progress: ProgressCallback | None = None
) -> SyncRun:
    """Claim and execute a queued run; unexpected crashes close it as failed, then re-raise."""
    if not lifecycle.claim(run):
        return run
    try:
        return execute(run, client=client, on_progress=on_progress)
    except shutdown.RunClosedElsewhere as exc:
        log.warning("sync run %s stopped: %s", run.pk, exc)
        run.refresh_from_db()  # closed already, with the reason the other worker gave
        return run
    except shutdown.StopRequested as exc:
        log.warning("sync run %s stopped: its worker is shutting down", run.pk)
        return lifecycle.finish(run, status=SyncRun.Status.FAILED, message=f"Stopped: {exc}")
    except Exception as exc:
        log.exception("sync run %s crashed", run.pk)
        lifecycle.finish(run, status=SyncRun.Status.FAILED, message=f"Crashed: {exc}")
        raise
