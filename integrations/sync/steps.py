"""What a step declares. Steps are data; the engine (pull, push) does the work."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from integrations.intacct import Function, FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.models import IntacctConnection
from integrations.sync.clients import SyncClient
from integrations.sync.context import RunContext
from integrations.sync.decisions import PushBatch
from integrations.sync.declarations import SyncedObject

STAGES = ("initial", "historical", "incremental", "manual_import")

FilterFactory = Callable[[], "F.Filter | None"]
# Called with the run context and the RECORDNOs of a committed page.
PageHook = Callable[[RunContext, list[int]], None]
# The RECORDNOs a stage pulls (it may query Intacct through the run context).
KeysFactory = Callable[[RunContext], list[int]]


@dataclass(frozen=True)
class ParentKeys:
    """Pull only the records whose ``intacct`` field holds the RECORDNO of a record the
    ``step`` named pulled in this run (or, when it did not run, of its local records)."""

    step: str
    intacct: str


@dataclass(frozen=True)
class StageSpec:
    """What a step does in one stage. A stage a step has no spec for skips the step.

    - ``filter`` narrows what the stage pulls (e.g. only customers with an open balance);
    - ``parent`` pulls the children of what a parent step pulled (the lines of the invoices);
    - ``keys`` pulls exactly the RECORDNOs it returns (it may query Intacct through the run
      context, e.g. the invoices made from sales documents of one type);
    - ``since_last_pass``: the stage reads the same records as the step's other full passes,
      so once one of them has completed it reads only what changed since (the historical pass
      of entities, terms and contacts does not re-read them after the initial import).

    At most one of ``parent`` and ``keys``; ``since_last_pass`` needs neither.
    """

    filter: FilterFactory | None = None
    parent: ParentKeys | None = None
    keys: KeysFactory | None = None
    since_last_pass: bool = False


def every_stage(**overrides: StageSpec) -> dict[str, StageSpec]:
    """Master data: the same records in every full pass, so the historical pass only tops up."""
    specs = {stage: StageSpec() for stage in STAGES}
    specs["historical"] = StageSpec(since_last_pass=True)
    return {**specs, **overrides}


@dataclass(frozen=True)
class PullStep:
    """Pull one declared Intacct object into its model, stage by stage.

    ``active_only`` is the Intacct-as-source-of-truth default for master data: full passes
    pull only active records, and incremental runs take status changes of records already here
    but skip inactive records never seen before (the declaration names the status field).
    """

    name: str
    declaration: SyncedObject
    stages: Mapping[str, StageSpec]
    label: str = ""
    depends_on: tuple[str, ...] = ()
    active_only: bool = False
    track_deletions: bool = True
    # Called with the run context and the RECORDNOs of each page once that page is committed,
    # for work that follows the records but must not hold the page's transaction open (e.g.
    # fetching invoice documents). It records its own failures; an IntacctError it lets out
    # fails the step like any other.
    after_page: PageHook | None = None
    # Model values written with the ``deleted in Intacct`` state when Intacct deletes a record
    # (a deleted vendor becomes closed); the record is never dropped.
    deleted_values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def display(self) -> str:
        return self.label or self.name

    @property
    def object_name(self) -> str:
        return self.declaration.object_name

    @property
    def model(self) -> type[models.Model]:
        return self.declaration.model

    def spec(self, stage: str) -> StageSpec | None:
        return self.stages.get(stage)


@dataclass(frozen=True)
class PushStep:
    """Push pending local records to Intacct.

    - ``build`` turns a record Intacct does not hold yet into its create function, with the
      controlid the engine gives it; ``build_update`` (optional) turns a record pushed before
      and changed since into its update function. Without ``build_update`` a pushed record is
      never written again (its decision is "nothing").
    - ``update_refusal`` (optional) names why Intacct no longer allows an update of a pushed
      record (e.g. "it is paid in Intacct"); a non-empty reason fails the record with it.
    - ``prepare`` (optional) sees each batch before anything is decided: bulk look-ups,
      validation (``batch.refuse``), records another step must write first in the same
      request (``batch.require``).
    - ``find_existing`` looks a created record up in Intacct by business key after an
      ambiguous outcome (``find_existing_many``, when given, does a batch of them at once);
      ``key_from_outcome`` extracts (RECORDNO, ID) from a success (None: keep the known one).
    - ``select_pending`` lists what is pending for a connection (in the order to send it).
    """

    name: str
    object_name: str
    model: type[models.Model]
    select_pending: Callable[[IntacctConnection], Iterable[Any]]
    build: Callable[[Any, str], Function]
    find_existing: Callable[[SyncClient, Any], Record | None]
    key_from_outcome: Callable[[FunctionOutcome], tuple[int | None, str]]
    label: str = ""
    depends_on: tuple[str, ...] = ()
    stages: frozenset[str] = frozenset({"incremental", "manual_import"})
    build_update: Callable[[Any, str], Function] | None = None
    update_refusal: Callable[[Any], str] | None = None
    prepare: Callable[[PushBatch], None] | None = None
    find_existing_many: Callable[[SyncClient, list[Any]], dict[Any, Record]] | None = None
    # Called with a record once Intacct holds its pushed version (inside the write transaction).
    on_pushed: Callable[[Any], None] | None = None

    def spec(self, stage: str) -> StageSpec | None:
        return StageSpec() if stage in self.stages else None

    @property
    def display(self) -> str:
        return self.label or self.name


Step = PullStep | PushStep
