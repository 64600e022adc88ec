"""How a synced object is declared: one field table, relation keys and engine keys.

A :class:`SyncedObject` names the Intacct object and the model, and lists every mapped field
once as a :class:`Field` row (local field, Intacct field, converter, direction). The select
list, the pull mapper and the push builder are all derived from that table, so what a step
selects and what it maps cannot drift apart. Foreign keys are :class:`Relation` rows (the
Intacct field holding the key, resolved by the engine in bulk), and the keys only the engine
reads (``RECORDNO``, ``WHENMODIFIED``, the human ID, the status) are declared as such.

``integrations.sync.checks`` validates every registered declaration at start-up.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.db import models

from integrations.intacct import Record

# Intacct fields every pull selects whatever the declaration says.
ENGINE_FIELDS = ("RECORDNO", "WHENMODIFIED")


class Direction(StrEnum):
    """Which way a field's value travels."""

    PULL = "pull"  # Intacct -> local only (read-only or computed in Intacct)
    PUSH = "push"  # local -> Intacct only
    BOTH = "both"

    @property
    def pulls(self) -> bool:
        return self is not Direction.PUSH

    @property
    def pushes(self) -> bool:
        return self is not Direction.PULL


@dataclass(frozen=True)
class Converter:
    """Turns an Intacct value into a local one (``pull``) and back (``push``).

    ``pull`` reads the named field of a record; ``push`` turns a model value into what the
    write builders accept (text, ``Decimal``, ``date``, ``bool`` or ``None``).
    """

    name: str
    pull: Callable[[Record, str], Any]
    push: Callable[[Any], Any]


def _text_pull(record: Record, name: str) -> str:
    return record.text(name) or ""


def _blank_to_none(value: Any) -> Any:
    return None if value in ("", None) else value


def _money_pull(record: Record, name: str) -> Decimal | None:
    value = record.decimal(name)
    return value.quantize(Decimal("0.01")) if value is not None else None


def _bool_pull(record: Record, name: str) -> bool:
    return (record.text(name) or "").strip().lower() in ("true", "t", "1", "yes")


def _status_pull(record: Record, name: str) -> str:
    return record.text(name) or "active"


TEXT = Converter("text", _text_pull, _blank_to_none)
"""Text; a missing value is ``""`` locally and is not sent."""
STATUS = Converter("status", _status_pull, _blank_to_none)
"""Intacct's STATUS; missing means ``active``."""
INTEGER = Converter("integer", lambda r, n: r.int(n), lambda v: v)
DECIMAL = Converter("decimal", lambda r, n: r.decimal(n), lambda v: v)
MONEY = Converter("money", _money_pull, lambda v: v)
"""An amount, rounded to cents."""
DATE = Converter("date", lambda r, n: r.date(n), lambda v: v)
BOOLEAN = Converter("boolean", _bool_pull, lambda v: bool(v))


@dataclass(frozen=True)
class Field:
    """One row of a field table: ``local`` model field <-> ``intacct`` field.

    ``fallback`` is a second Intacct field the pull reads when ``intacct`` is empty (a
    payment's receipt date falls back to its creation date); it is never pushed.
    """

    local: str
    intacct: str
    converter: Converter = TEXT
    direction: Direction = Direction.PULL
    fallback: str | None = None

    def pull(self, record: Record) -> Any:
        value = self.converter.pull(record, self.intacct)
        if self.fallback and value in (None, ""):
            value = self.converter.pull(record, self.fallback)
        return value

    @property
    def selects(self) -> tuple[str, ...]:
        """The Intacct fields the pull of this row reads."""
        return (self.intacct, self.fallback) if self.fallback else (self.intacct,)


@dataclass(frozen=True)
class Relation:
    """A foreign key resolved in bulk per page.

    The engine reads the key from the record's ``intacct`` field, looks the related local row
    up by ``by`` (``intacct_recordno`` or ``intacct_id``) and sets ``<field>_id``.
    """

    field: str
    model: type[models.Model]
    intacct: str
    by: str = "intacct_recordno"

    def key(self, record: Record) -> Any:
        """The relation's key in ``record`` (an int for RECORDNO keys), or None."""
        if self.by == "intacct_recordno":
            return record.int(self.intacct)
        return record.text(self.intacct) or None


@dataclass(frozen=True)
class Mapped:
    """One record as the pull sees it: model values, relation keys and the engine's keys."""

    values: dict[str, Any]
    relation_keys: dict[str, Any]
    intacct_id: str
    status: str | None

    def fingerprint(self) -> dict[str, Any]:
        """Everything that, when it changes, must rewrite the local row."""
        return {
            **self.values,
            **{f"{name}->": key for name, key in self.relation_keys.items()},
            "->id": self.intacct_id,
            "->status": self.status,
        }


@dataclass(frozen=True)
class SyncedObject:
    """One Intacct object synced into one model.

    ``id_field`` is the Intacct human ID stored in the binding's ``intacct_id`` and
    ``status_field`` the field the engine reads to keep master data active-only; neither
    needs a field-table row. ``custom_fields``: the model has a ``custom_fields`` JSON field
    that receives the connection's chosen custom fields of this object. ``rekey_by``: a
    local field of the table by which a record Intacct re-created under a new RECORDNO is
    matched to its local row (order-entry invoices).
    """

    object_name: str
    model: type[models.Model]
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...] = ()
    id_field: str | None = None
    status_field: str | None = None
    custom_fields: bool = False
    rekey_by: str | None = None

    @cached_property
    def pulled(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.direction.pulls)

    @cached_property
    def _pull_plan(self) -> tuple[tuple[str, Callable[[Record, str], Any], str, str | None], ...]:
        # The mapper runs for every row of every page: resolve each field's reader once.
        return tuple((f.local, f.converter.pull, f.intacct, f.fallback) for f in self.pulled)

    @property
    def pushed(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.direction.pushes)

    def select_list(self, custom: Iterable[str] = ()) -> list[str]:
        """What a pull selects: engine keys, pulled fields, relation keys, chosen custom fields.

        This is the only way a select list is built, for every page source and for Retry.
        """
        wanted = [*ENGINE_FIELDS]
        if self.id_field:
            wanted.append(self.id_field)
        if self.status_field:
            wanted.append(self.status_field)
        wanted.extend(name for f in self.pulled for name in f.selects)
        wanted.extend(r.intacct for r in self.relations)
        wanted.extend(custom)
        return list(dict.fromkeys(wanted))

    def pull_values(self, record: Record) -> dict[str, Any]:
        """The pull mapper: the model values of every pulled field of ``record``."""
        out: dict[str, Any] = {}
        for local, pull, intacct, fallback in self._pull_plan:
            value = pull(record, intacct)
            if fallback and value in (None, ""):
                value = pull(record, fallback)
            out[local] = value
        return out

    def map_record(self, record: Record) -> Mapped:
        """``record`` as model values, relation keys and engine keys."""
        return Mapped(
            values=self.pull_values(record),
            relation_keys={r.field: r.key(record) for r in self.relations},
            intacct_id=(record.text(self.id_field) if self.id_field else "") or "",
            status=record.text(self.status_field) if self.status_field else None,
        )

    def label(self, record: Record) -> str:
        return (record.text(self.id_field) if self.id_field else "") or ""

    def push_values(self, instance: models.Model) -> dict[str, Any]:
        """The push builder: Intacct field values of every pushed field of ``instance``.

        Dotted Intacct fields nest (``MAILADDRESS.CITY`` -> ``{"MAILADDRESS": {"CITY": …}}``),
        as the write builders expect; values the converter turns into ``None`` are left out.
        """
        out: dict[str, Any] = {}
        for f in self.pushed:
            value = f.converter.push(getattr(instance, f.local))
            if value is None:
                continue
            *path, leaf = f.intacct.split(".")
            node = out
            for part in path:
                node = node.setdefault(part, {})
            node[leaf] = value
        return out

    @property
    def written_fields(self) -> set[str]:
        """Model fields a pull writes (the rest are local-only and keep their values)."""
        written = {f.local for f in self.pulled} | {r.field for r in self.relations}
        if self.custom_fields:
            written.add("custom_fields")
        return written
