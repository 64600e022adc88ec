"""How each unit of a run went: one place records that it started, succeeded or failed.

A unit is a step, the deletions check, or a step's key check. Its outcome lands in the run's
progress (``progress["steps"]``) with the run counters; a failure is also a whole-step sync
error carrying every Intacct error (its catalogue entry attached between units), and an error
after which nothing else can succeed (credentials, transport, rate limit, outage, an unsafe
response, a failed login) stops the run.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from integrations.credentials import credentials_status_record
from integrations.intacct import (
    CredentialsError,
    EndpointNotAllowed,
    IntacctError,
    RateLimitError,
    TemporaryOutageError,
    TransportError,
    UnsafeResponseError,
)
from integrations.sync import errors as sync_errors
from integrations.sync.context import RunContext

log = logging.getLogger(__name__)

# Errors after which no further step can succeed in this run. A protocol-safety refusal (DTD,
# entities, oversize, HTML) means the gateway cannot be trusted: stop as for a lost network.
FATAL = (
    CredentialsError,
    EndpointNotAllowed,
    TransportError,
    RateLimitError,
    TemporaryOutageError,
    UnsafeResponseError,
)


class Outcome(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # It ran on nothing: the step it takes its keys from failed. Not a success of the run.
    NO_INPUT = "no input"


def error_details(exc: BaseException) -> list[dict[str, str]]:
    """Every Intacct error an exception carries, or one made from its message."""
    details = sync_errors.error_dicts(getattr(exc, "errors", None) or [])
    if not details:
        details = [
            {
                "errorno": str(getattr(exc, "errorno", "") or type(exc).__name__),
                "description": str(exc),
                "description2": "",
                "correction": "",
            }
        ]
    return details


@dataclass
class StepLog:
    """The outcomes of a run's units, in order; ``fatal`` is the error that stopped the run."""

    ctx: RunContext
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    fatal: IntacctError | None = None

    def run(
        self,
        work: Callable[[], object],
        *,
        key: str,
        label: str,
        object_name: str,
        direction: str,
        error_label: str,
        step: str | None = None,
        keep_response: bool = False,
        parent: str | None = None,
    ) -> bool:
        """Run one unit and record its lifecycle; True if it succeeded.

        ``key`` names the unit in the run's progress, ``label`` in the run's message;
        ``error_label`` is the failure's record label, filed under ``step`` (default ``key``).
        ``parent`` is the unit it takes its keys from: if that failed, this one ran on nothing.
        """
        self._mark(key, Outcome.RUNNING)
        try:
            work()
        except IntacctError as exc:
            self.failed.append(label)
            # Not in a transaction: the error's catalogue entry can be matched right away.
            sync_errors.record_failure(
                connection=self.ctx.connection,
                run=self.ctx.run,
                step=step or key,
                object_name=object_name,
                direction=direction,
                errors=error_details(exc),
                record_label=error_label,
                raw_response=sync_errors.describe_exception(exc) if keep_response else "",
            )
            self._mark(key, Outcome.FAILED)
            self.ctx.save()
            log.warning("sync run %s: %s failed: %s", self.ctx.run.pk, key, exc)
            if isinstance(exc, CredentialsError | EndpointNotAllowed):
                credentials_status_record(
                    connection=self.ctx.connection, ok=False, message=str(exc)
                )
            if isinstance(exc, FATAL) or exc.stage == "login":
                # No session, no step: a login that fails fails every step the same way.
                self.fatal = exc
            return False
        finally:
            sync_errors.attach_catalogue(run=self.ctx.run)
        ran_on_nothing = parent is not None and self.outcomes.get(parent) in (
            Outcome.FAILED,
            Outcome.NO_INPUT,
        )
        self._mark(key, Outcome.NO_INPUT if ran_on_nothing else Outcome.SUCCEEDED)
        self.ctx.save()
        return not ran_on_nothing

    def _mark(self, key: str, outcome: Outcome) -> None:
        self.outcomes[key] = outcome
        self.ctx.set_progress(steps={name: str(o) for name, o in self.outcomes.items()})
