"""What a push does with one record: create, update, nothing, or refuse (and why).

A push step decides per record (``integrations.sync.push.plan.decide``); its ``prepare`` hook
sees a whole batch first (:class:`PushBatch`), so it can look things up in bulk, refuse a
record with a reason, or require another step's record to be written before it in the same
request (a customer created before the invoice that names it).
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from integrations.models import IntacctConnection

# Error numbers of refusals made here, before anything is sent (the catalogue explains them).
REFUSED = "HUB-PUSH-REFUSED"
INVALID = "HUB-PUSH-INVALID"
AMBIGUOUS = "HUB-PUSH-AMBIGUOUS"
# The description of every such refusal (the reason is its description2).
CHECKED = "Checked before sending: nothing was sent."


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    NOTHING = "nothing"
    REFUSE = "refuse"

    @property
    def sends(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE)


@dataclass(frozen=True)
class Decision:
    """The action for one record, with the reason shown in previews and errors."""

    action: Action
    reason: str = ""
    errorno: str = ""


@dataclass(frozen=True)
class Refusal:
    message: str
    errorno: str = REFUSED


@dataclass
class PushBatch:
    """The records of one push request, as the step's ``prepare`` hook sees them.

    ``client`` may be used for reads (bulk look-ups); ``dry_run`` is true for previews and
    dry runs, whose database changes are rolled back afterwards anyway.
    """

    connection: IntacctConnection
    client: Any
    records: list[Any]
    dry_run: bool = False
    # Kept across the batches of one step's push (e.g. a name index built once per run).
    memo: dict[str, Any] = field(default_factory=dict)
    refusals: dict[Any, Refusal] = field(default_factory=dict)
    # record pk -> [(step, prerequisite record)], in the order required
    requirements: dict[Any, list[tuple[Any, Any]]] = field(default_factory=dict)

    def refuse(self, record: Any, message: str, *, errorno: str = REFUSED) -> None:
        """Send nothing for ``record``; it fails with ``message`` (a SyncError)."""
        self.refusals[record.pk] = Refusal(message, errorno)

    def require(self, record: Any, step: Any, prerequisite: Any) -> None:
        """Write ``prerequisite`` (a record of push step ``step``) before ``record``, in the
        same request, when it is pending itself."""
        self.requirements.setdefault(record.pk, []).append((step, prerequisite))
