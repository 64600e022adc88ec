"""Where a pull's pages come from: what changed since the cursor, a parent's children, or keys.

Every source selects :func:`select_list`: the declaration's fields plus the chosen custom
fields, so a page always carries what the mapper reads.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from integrations.intacct import Page
from integrations.intacct import filters as F
from integrations.models import CustomField, SyncState
from integrations.sync.context import RunContext
from integrations.sync.steps import PullStep

KEYS_PER_QUERY = 1000


def select_list(step: PullStep, customs: list[CustomField]) -> list[str]:
    """The one select list of a step's pull (Retry included)."""
    return step.declaration.select_list(c.field_id for c in customs)


def stage_pages(
    ctx: RunContext,
    step: PullStep,
    fields: list[str],
    flt: "F.Filter | None",
    *,
    since: datetime | None,
) -> Iterator[Page]:
    """The pages this step reads in the run's stage."""
    spec = step.spec(ctx.stage)
    if spec is not None and spec.keys is not None:
        return pages_by_keys(ctx, step, fields, flt, "RECORDNO", spec.keys(ctx))
    if spec is not None and spec.parent is not None:
        keys = parent_keys(ctx, spec.parent.step)
        return pages_by_keys(ctx, step, fields, flt, spec.parent.intacct, keys)
    pages: Iterator[Page] = ctx.client.query_modified_since(
        step.object_name, fields, since=since, filter=flt, page_size=ctx.page_size
    )
    return pages


def parent_keys(ctx: RunContext, parent_name: str) -> list[int]:
    """RECORDNOs the parent step pulled in this run, or its local records if it did not run."""
    keys = ctx.pulled.get(parent_name)
    if keys is None:
        from integrations.sync.registry import registry

        keys = list(
            registry.get(parent_name)
            .model._default_manager.filter(connection=ctx.connection)
            .exclude(sync_state=SyncState.DELETED_IN_INTACCT)
            .order_by()  # sorted below; unordered, the keys come from an index alone
            .values_list("intacct_recordno", flat=True)
        )
    return sorted(set(keys))


def pages_by_keys(
    ctx: RunContext,
    step: PullStep,
    fields: list[str],
    flt: "F.Filter | None",
    field: str,
    keys: list[int],
) -> Iterator[Page]:
    """Pages of the records whose ``field`` is one of ``keys``, 1,000 keys a query."""
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = F.in_(field, [str(k) for k in keys[start : start + KEYS_PER_QUERY]])
        pages: Iterator[Page] = ctx.client.query_modified_since(
            step.object_name,
            fields,
            since=None,
            filter=F.and_(flt, chunk) if flt is not None else chunk,
            page_size=ctx.page_size,
        )
        yield from pages


def record_keys(records: list[Any]) -> list[int]:
    return [n for n in (r.int("RECORDNO") for r in records) if n is not None]
