"""Pull one step: stream pages, map them, upsert each page with the cursor in one transaction.

A crash loses at most the page in flight; the next run resumes from the committed cursor less
the overlap window, and upserts make re-reading harmless.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from integrations.intacct import Page, Record
from integrations.intacct import filters as F
from integrations.models import CustomField, ObjectFilter, SyncCursor, SyncError
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts
from integrations.sync.filters import pull_filter
from integrations.sync.prefetch import Prefetch
from integrations.sync.pull.apply import apply_page
from integrations.sync.pull.cursors import (
    FULL_PASS_STAGES,
    cursor_stage,
    finish_pass,
    later,
    open_cursor,
    resume_from,
)
from integrations.sync.pull.customs import chosen_custom_fields
from integrations.sync.pull.pages import pages_by_keys, record_keys, select_list, stage_pages
from integrations.sync.steps import PullStep
from integrations.sync.timestamps import format_timestamp


@dataclass
class OpenedPull:
    """A step's cursor and page source, opened (and already reading ahead) before the step
    applies its pages."""

    stage_key: str
    cursor: SyncCursor
    since: datetime | None
    customs: list[CustomField]
    flt: "F.Filter | None"
    pages: Prefetch[Page]

    def close(self) -> None:
        self.pages.close()


def open_pull(ctx: RunContext, step: PullStep) -> OpenedPull:
    """Plan the step's pages and start reading them on a worker thread (HTTP only there)."""
    stage_key = cursor_stage(ctx, step)
    cursor = open_cursor(ctx, step, stage_key)
    since = resume_from(ctx, cursor)
    consultant = list(ObjectFilter.objects.filter(connection=ctx.connection, step=step.name))
    customs = chosen_custom_fields(ctx.connection, step)
    flt = pull_filter(step, stage=ctx.stage, consultant_filters=consultant)
    pages = stage_pages(ctx, step, select_list(step, customs), flt, since=since)
    return OpenedPull(
        stage_key=stage_key,
        cursor=cursor,
        since=since,
        customs=customs,
        flt=flt,
        pages=Prefetch(pages, name=f"pages-{step.name}").start(),
    )


def can_open_early(ctx: RunContext, step: PullStep) -> bool:
    """True when the step's pages do not depend on what the steps before it pull."""
    spec = step.spec(ctx.stage)
    return spec is None or (spec.keys is None and spec.parent is None)


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
    stage_key, cursor, since, customs = (
        opened.stage_key,
        opened.cursor,
        opened.since,
        opened.customs,
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
                ctx.pulled[step.name].extend(record_keys(records))
            counts.add(page_counts)
            last = records[-1]
            cursor.last_modified = last.text("WHENMODIFIED") or cursor.last_modified
            cursor.last_recordno = last.int("RECORDNO")
            cursor.save(update_fields=["last_modified", "last_recordno", "updated_at"])
            ctx.run.window_end = later(ctx.run.window_end, cursor.last_modified)
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
        finish_pass(ctx, step, cursor)
    return counts


def pull_records_by_key(ctx: RunContext, step: PullStep, recordnos: list[int]) -> StepCounts:
    """Re-read specific records (a Retry of their errors) and apply them like any page."""
    counts = ctx.step_counts(step.name)
    customs = chosen_custom_fields(ctx.connection, step)
    fields = select_list(step, customs)
    ctx.set_progress(
        step=step.name, object=step.object_name, page=0, records=0, total=len(recordnos)
    )
    done = 0
    for page_no, page in enumerate(
        pages_by_keys(ctx, step, fields, None, "RECORDNO", recordnos), start=1
    ):
        records = list(page.records)
        if not records:
            continue
        with transaction.atomic():
            counts.add(apply_page(ctx, step, records, skipped=set(), resolve=True, customs=customs))
            done += len(records)
            ctx.set_progress(page=page_no, records=done, total=len(recordnos))
            ctx.save()
        _after_page(ctx, step, records)
    return counts


def _eta(started: datetime, done: int, total: int | None) -> int | None:
    """Seconds left in this step at the rate so far (None while unknown)."""
    if not total or not done:
        return None
    elapsed = (timezone.now() - started).total_seconds()
    return round(elapsed / done * max(0, total - done))


def _after_page(ctx: RunContext, step: PullStep, records: list[Record]) -> None:
    """Hand the committed page's RECORDNOs to the step's hook, if it has one."""
    if step.after_page is None:
        return
    recordnos = record_keys(records)
    if recordnos:
        step.after_page(ctx, recordnos)
