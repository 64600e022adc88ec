"""What every function handler gets and returns, and the handler registry."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..catalog import ObjectDef, get_object
from ..errors import IntacctError, error
from ..store import Actor, Store

if TYPE_CHECKING:
    from ..gateway import Gateway
    from ..sessions import Session


@dataclass
class Context:
    """Per-request state shared by the functions of one operation."""

    conn: sqlite3.Connection
    store: Store
    gateway: Gateway
    actor: Actor
    session: Session | None
    company_id: str
    function_count: int = 1
    billable: int = 0

    @property
    def entity_id(self) -> str | None:
        """The session's entity (None at the top level)."""
        return self.actor.entity_id


@dataclass
class FunctionResult:
    """Elements placed in ``<result>`` after ``controlid`` (``data``, ``key``, ``listtype``)."""

    elements: list[etree._Element] = field(default_factory=list)


Handler = Callable[[Context, etree._Element], FunctionResult]


@dataclass(frozen=True)
class FunctionSpec:
    """A registered function: its handler and whether it writes (write lock, uniqueid)."""

    handler: Handler
    write: bool


REGISTRY: dict[str, FunctionSpec] = {}


def register(name: str, *, write: bool) -> Callable[[Handler], Handler]:
    """Decorator registering a handler under a function element name."""

    def decorate(handler: Handler) -> Handler:
        REGISTRY[name] = FunctionSpec(handler, write)
        return handler

    return decorate


def require_object(name: str, errorno: str = "Query Failed") -> ObjectDef:
    """The object definition, or the gateway's 'Object definition X not found' failure."""
    definition = get_object(name) if name else None
    if definition is None:
        raise IntacctError(error(errorno, f"Object definition {name} not found"))
    return definition


def text_of(element: etree._Element, tag: str, default: str = "") -> str:
    """Stripped text of a direct child (``default`` when absent)."""
    found = element.find(tag)
    if found is None or found.text is None:
        return default
    return found.text.strip()


def scope_condition(
    definition: ObjectDef,
    context: Context,
    show_private: bool,
    alias: str = "t",
    indexable: bool = True,
) -> tuple[str, list[Any]]:
    """SQL restricting rows to what the session's entity may see.

    An entity session sees its own records and top-level (shared) ones, except top-level
    records restricted to other entities (``_restriction``: a GL account usable in some
    entities only). A top-level session sees private entity records only with ``show_private``
    (``query``'s ``showprivate``), and every restricted record. Line and detail objects
    (``ObjectDef.headers``) are visible exactly where their header is.
    """
    sql, params = _entity_scope(definition, context, show_private, alias, indexable)
    if context.entity_id and definition.name in RESTRICTABLE:
        restricted = (
            f"(NOT EXISTS (SELECT 1 FROM _restriction r WHERE r.object = ? "
            f'AND r.recordno = {alias}."RECORDNO") OR EXISTS (SELECT 1 FROM _restriction r '
            f'WHERE r.object = ? AND r.recordno = {alias}."RECORDNO" AND r.entity = ?))'
        )
        values = [definition.name, definition.name, context.entity_id]
        return (f"{sql} AND {restricted}" if sql else restricted), [*params, *values]
    return sql, params


# Top-level objects whose records can be restricted to some entities (``_restriction``).
RESTRICTABLE = frozenset({"GLACCOUNT"})


def _entity_scope(
    definition: ObjectDef,
    context: Context,
    show_private: bool,
    alias: str,
    indexable: bool,
) -> tuple[str, list[Any]]:
    if definition.headers:
        return _header_scope(definition, context, show_private, alias, indexable)
    if "MEGAENTITYID" not in definition.fields:
        return "", []
    # With indexable=False the unary + keeps SQLite from picking the entity index, so an
    # ORDER BY index serves the page instead of sorting every row of the entity.
    column = f'{"" if indexable else "+"}{alias}."MEGAENTITYID"'
    if context.entity_id:
        return f"({column} = ? OR {column} IS NULL)", [context.entity_id]
    if show_private:
        return "", []
    return f"{column} IS NULL", []


def _header_scope(
    definition: ObjectDef, context: Context, show_private: bool, alias: str, indexable: bool
) -> tuple[str, list[Any]]:
    # Counting (indexable): IN (visible header keys) lets SQLite scan the line key index.
    # Paging (not indexable): EXISTS per line keeps the RECORDNO order and stops at the page.
    if not context.entity_id and show_private:
        return "", []
    if context.entity_id:
        visible = '(h."MEGAENTITYID" = ? OR h."MEGAENTITYID" IS NULL)'
        values: list[Any] = [context.entity_id]
    else:
        visible, values = 'h."MEGAENTITYID" IS NULL', []
    branches: list[str] = []
    params: list[Any] = []
    previous: list[str] = []
    for key, header_name in definition.headers:
        header = get_object(header_name)
        assert header is not None
        column = f'{alias}."{key}"'
        if indexable:
            test = f'{column} IN (SELECT h."RECORDNO" FROM {header.table} AS h WHERE {visible})'
        else:
            test = (
                f'EXISTS (SELECT 1 FROM {header.table} AS h WHERE h."RECORDNO" = {column} '
                f"AND {visible})"
            )
        guard = " AND ".join([*previous, f"{column} IS NOT NULL"])
        branches.append(f"({guard} AND {test})")
        params.extend(values)
        previous.append(f"{column} IS NULL")
    return "(" + " OR ".join(branches) + ")", params
