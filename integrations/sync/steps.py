"""What a step declares. Steps are data; the engine (pull.py, push.py) does the work."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from integrations.intacct import Record
from integrations.intacct import filters as F

STAGES = ("initial", "historical", "incremental", "manual_import")

Mapper = Callable[[Record], dict[str, Any]]
FilterFactory = Callable[[], "F.Filter | None"]
PageHook = Callable[[Any, list[int]], None]


@dataclass(frozen=True)
class Relation:
    """A foreign key resolved in bulk per page.

    The mapper puts the Intacct key under ``source``; the engine looks the related local row up
    by ``by`` (``intacct_recordno`` or ``intacct_id``) and sets ``<field>_id``.
    """

    field: str
    model: type[models.Model]
    source: str
    by: str = "intacct_recordno"


@dataclass(frozen=True)
class PullStep:
    """Pull one Intacct object into one model.

    ``stage_filters`` narrows what a stage pulls (e.g. the initial import takes only customers
    with an open balance); a stage missing from ``stages`` skips the step.
    ``active_only`` is the Intacct-as-source-of-truth default for master data: full passes
    pull only active records, and incremental runs take status changes of records already here
    but skip inactive records never seen before.
    """

    name: str
    object_name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    mapper: Mapper
    label: str = ""
    id_field: str | None = None
    depends_on: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    stages: frozenset[str] = frozenset(STAGES)
    stage_filters: Mapping[str, FilterFactory] = field(default_factory=dict)
    active_only: bool = False
    status_field: str = "STATUS"
    track_deletions: bool = True
    # The model has a ``custom_fields`` JSON field: the connection's chosen custom fields of
    # this object are selected too and their values land there.
    custom_fields: bool = False
    # Intacct can re-create a record under a new RECORDNO (order-entry invoices): an unknown
    # RECORDNO whose ``rekey_field`` value matches a local row takes that row over.
    rekey_field: str | None = None
    # In these stages, pull only records whose ``field`` holds the RECORDNO of a record the
    # named parent step has locally (e.g. the lines of the open invoices just imported).
    parent_keys: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # In these stages, pull exactly the RECORDNOs the function returns (it may query Intacct
    # through the run context, e.g. the invoices made from sales documents of one type).
    stage_keys: Mapping[str, Callable[[Any], list[int]]] = field(default_factory=dict)
    # Called with the run context and the RECORDNOs of each page once that page is committed,
    # for work that follows the records but must not hold the page's transaction open (e.g.
    # fetching invoice documents). It records its own failures; an IntacctError it lets out
    # fails the step like any other.
    after_page: PageHook | None = None

    @property
    def display(self) -> str:
        return self.label or self.name

    def query_fields(self) -> tuple[str, ...]:
        """Fields to select: the declared ones plus those the engine always needs."""
        wanted = ["RECORDNO", "WHENMODIFIED"]
        if self.id_field:
            wanted.append(self.id_field)
        if self.active_only:
            wanted.append(self.status_field)
        return tuple(dict.fromkeys([*wanted, *self.fields]))


@dataclass(frozen=True)
class PushStep:
    """Push pending local records to Intacct.

    ``build`` turns a record into one write function with the controlid the engine gives it;
    ``find_existing`` looks a record up in Intacct by business key after an ambiguous outcome;
    ``key_from_outcome`` extracts (RECORDNO, ID) from a success.
    """

    name: str
    object_name: str
    model: type[models.Model]
    select_pending: Callable[[Any], Iterable[models.Model]]
    build: Callable[[models.Model, str], Any]
    find_existing: Callable[[Any, models.Model], "Record | None"]
    key_from_outcome: Callable[[Any], tuple[int | None, str]]
    label: str = ""
    depends_on: tuple[str, ...] = ()
    stages: frozenset[str] = frozenset({"incremental", "manual_import"})

    @property
    def display(self) -> str:
        return self.label or self.name


Step = PullStep | PushStep
