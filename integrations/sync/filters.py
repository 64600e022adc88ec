"""The filter a pull sends: the step's stage filter, active-only, and the consultant's filters."""

from collections.abc import Callable

from integrations.intacct import filters as F
from integrations.models import ObjectFilter
from integrations.sync.steps import PullStep

_OPERATORS: dict[str, Callable[[str, list[str]], F.Filter]] = {
    ObjectFilter.Operator.EQUAL: lambda f, v: F.equal(f, v[0]),
    ObjectFilter.Operator.NOT_EQUAL: lambda f, v: F.not_equal(f, v[0]),
    ObjectFilter.Operator.IN: F.in_,
    ObjectFilter.Operator.NOT_IN: F.not_in,
    ObjectFilter.Operator.LIKE: lambda f, v: F.like(f, v[0]),
    ObjectFilter.Operator.GREATER_OR_EQUAL: lambda f, v: F.greater_than_or_equal(f, v[0]),
    ObjectFilter.Operator.LESS_OR_EQUAL: lambda f, v: F.less_than_or_equal(f, v[0]),
    ObjectFilter.Operator.IS_NULL: lambda f, v: F.is_null(f),
    ObjectFilter.Operator.IS_NOT_NULL: lambda f, v: F.is_not_null(f),
}


def consultant_filter(flt: ObjectFilter) -> "F.Filter":
    values = flt.values if flt.operator in ("in", "not_in") else [flt.value.strip()]
    return _OPERATORS[flt.operator](flt.field, values)


def pull_filter(
    step: PullStep, *, stage: str, consultant_filters: list[ObjectFilter]
) -> "F.Filter | None":
    """AND of everything that narrows this step's pull in this stage (None: everything)."""
    parts: list[F.Filter] = []
    spec = step.spec(stage)
    if spec is not None and spec.filter is not None:
        stage_part = spec.filter()
        if stage_part is not None:
            parts.append(stage_part)
    status_field = step.declaration.status_field
    everything = spec is not None and spec.include_inactive
    if step.active_only and status_field and stage != "incremental" and not everything:
        # "active non-posting" records are active (they may have open balances).
        parts.append(F.not_equal(status_field, "inactive"))
    parts.extend(consultant_filter(f) for f in consultant_filters if f.enabled)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else F.and_(*parts)
