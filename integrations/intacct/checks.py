"""Checks applied to the results of a request: pairing with the functions, read failures."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import (
    FunctionError,
    IntacctError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitError,
    TemporaryOutageError,
    summarize,
)
from .functions import Function
from .results import (
    FunctionOutcome,
    is_permission_denied,
    is_rate_limited,
    is_temporary_outage,
)


def read_failure(outcome: FunctionOutcome) -> IntacctError:
    """The error for a read function whose status is not ``success``."""
    text = f"{outcome.function or 'function'} {outcome.status}: {summarize(outcome.errors)}"
    if is_rate_limited(outcome.errors):
        return RateLimitError(text, errors=outcome.errors)
    if is_temporary_outage(outcome.errors):
        return TemporaryOutageError(text, errors=outcome.errors)
    if is_permission_denied(outcome.errors):
        return PermissionDeniedError(text, errors=outcome.errors, outcome=outcome)
    return FunctionError(text, outcome=outcome, party="client")


def match_results(
    functions: Sequence[Function], results: Sequence[FunctionOutcome]
) -> list[FunctionOutcome]:
    """Pair results with functions by position, checking the echoed controlids."""
    if len(results) != len(functions):
        raise ProtocolError(
            f"Sent {len(functions)} functions but got {len(results)} results.", retry_safe=True
        )
    for function, result in zip(functions, results, strict=True):
        if result.controlid and result.controlid != function.controlid:
            raise ProtocolError("Result controlids do not match the request.", retry_safe=True)
    return list(results)
