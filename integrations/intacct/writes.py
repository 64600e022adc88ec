"""Batched, idempotent writes for :meth:`IntacctClient.execute`.

Every batch goes out once with ``uniqueid=true`` and the caller's function controlids. It is
sent again only when it certainly did not run: the connection never opened, or the gateway
refused the whole request (rate limit, outage) before running anything. Any other failure after
sending is ambiguous and raises :class:`AmbiguousWriteError` for the caller to reconcile.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import (
    AmbiguousWriteError,
    CredentialsError,
    IntacctError,
    ProtocolError,
    RateLimitError,
    TemporaryOutageError,
    TransportError,
)
from .functions import Function
from .results import FunctionOutcome

if TYPE_CHECKING:
    from .client import IntacctClient

log = logging.getLogger("integrations.intacct")


class _Unknown(IntacctError):
    """Internal: the batch was sent and its outcome is unknown (never retried)."""

    def __init__(self, cause: IntacctError, known: Sequence[FunctionOutcome] = ()) -> None:
        super().__init__(cause.message, retry_safe=False, party=cause.party)
        self.cause = cause
        self.known = list(known)


def _certainly_not_run(error: IntacctError) -> bool:
    if error.stage == "login":
        return error.retry_safe  # getting a session failed; the batch itself never left
    if isinstance(error, TransportError):
        return not error.sent
    if isinstance(error, CredentialsError):
        return error.retry_safe  # a refused fresh session: authentication failed, nothing ran
    return isinstance(error, RateLimitError | TemporaryOutageError)


class WriteBatcher:
    """Splits functions into batches and turns each batch's answer into outcomes."""

    def __init__(self, client: IntacctClient) -> None:
        self._client = client

    def execute(
        self, functions: Sequence[Function], *, transaction: bool = False
    ) -> list[FunctionOutcome]:
        """See :meth:`IntacctClient.execute`."""
        functions = list(functions)
        if any(not isinstance(f, Function) for f in functions):
            raise TypeError("execute() takes Function builders.")
        ids = [f.controlid for f in functions]
        if len(set(ids)) != len(ids):
            raise ValueError("Function controlids must be unique within one execute() call.")
        for function in functions:
            # Build every element now: a value XML cannot carry fails before anything is sent.
            function.to_element()
        size = len(functions) if transaction else self._client.config.batch_size
        batches = [functions[i : i + size] for i in range(0, len(functions), size)] if size else []
        completed: list[FunctionOutcome] = []
        for index, batch in enumerate(batches):
            later = [f.controlid for b in batches[index + 1 :] for f in b]
            try:
                outcomes = self._send(batch, transaction)
            except _Unknown as unknown:
                known = unknown.known
                pending = [f.controlid for f in batch[len(known) :]]
                raise AmbiguousWriteError(
                    f"Outcome of {len(pending)} write(s) unknown ({unknown.message}); "
                    "reconcile them by business key before sending again.",
                    controlids=pending,
                    completed=completed + known,
                    not_sent=later,
                    cause=unknown.cause,
                ) from None
            except IntacctError as error:
                error.completed = list(completed)
                raise
            completed.extend(outcomes)
        return completed

    def _send(self, batch: list[Function], transaction: bool) -> list[FunctionOutcome]:
        client = self._client

        def once() -> list[FunctionOutcome]:
            try:
                results = client.call(batch, transaction=transaction, uniqueid=True)
            except TransportError as error:
                if error.sent and error.stage != "login":
                    raise _Unknown(error) from None
                raise
            except ProtocolError as error:
                if error.party != "client" and error.stage != "login":
                    raise _Unknown(error) from None  # an unreadable answer to a sent write
                raise
            return self._match(batch, results)

        def on_retry(attempt: int, error: IntacctError, wait: float) -> None:
            log.warning(
                "intacct write batch not run (%s), sending again in %.2fs",
                type(error).__name__,
                wait,
            )

        outcomes = client.retry_policy.run(once, retryable=_certainly_not_run, on_retry=on_retry)
        for function, outcome in zip(batch, outcomes, strict=True):
            client.account(function, outcome)
        return outcomes

    @staticmethod
    def _match(batch: list[Function], results: list[FunctionOutcome]) -> list[FunctionOutcome]:
        known: list[FunctionOutcome] = []
        for function, result in zip(batch, results, strict=False):
            if result.controlid and result.controlid != function.controlid:
                raise _Unknown(ProtocolError("Result controlids do not match the request."), known)
            known.append(result)
        if len(results) != len(batch):
            raise _Unknown(
                ProtocolError(f"Sent {len(batch)} functions, got {len(results)} results."), known
            )
        return known
