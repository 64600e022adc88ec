"""Resolving field names (including dotted related fields) to SQL, and filter literals."""

from __future__ import annotations

from typing import Any

from ..catalog import JOINS, FieldDef, ObjectDef, get_object
from ..errors import IntacctError, data_layer_error
from ..store import quote
from ..values import ValueFormatError, parse_us_date, parse_us_timestamp, to_decimal

# Transaction objects whose STATE has a one-letter database value (RAWSTATE). readByQuery
# filters may use either the letter or the word.
STATE_CODES = {
    "D": "Draft",
    "S": "Submitted",
    "A": "Posted",
    "P": "Partially Paid",
    "C": "Paid",
    "L": "Selected",
    "V": "Reversed",
    "R": "Reversal",
    "X": "Declined",
    "N": "No Value",
}
STATE_LETTERS = {word: letter for letter, word in STATE_CODES.items()}
TRANSACTION_OBJECTS = frozenset(
    {"ARINVOICE", "ARADJUSTMENT", "ARPYMT", "APBILL", "APADJUSTMENT", "APPYMT"}
)
STATUS_CODES = {"T": "active", "F": "inactive"}
ACCESSMODE_WORDS = {"create": "C", "modify": "M", "delete": "D", "read": "R"}


class Resolver:
    """Maps field names of one object to SQL expressions, adding joins for dotted paths.

    A dotted name walks relationships (``VENDOR.TERM.DUEDATE`` on APBILL joins VENDOR, then
    APTERM) until the rest is a stored field of the object reached. A dotted field that the
    object's lookup lists but the sandbox cannot reach (an object it does not serve) reads as
    empty; any other unknown name is a ``DL02000001`` failure, as on the gateway.
    """

    def __init__(self, definition: ObjectDef) -> None:
        self.definition = definition
        self.joins: list[str] = []
        self._aliases: dict[str, str] = {}

    def _invalid(self, name: str) -> IntacctError:
        return data_layer_error(f"Invalid field '{name}' for object {self.definition.name}")

    def resolve(self, name: str) -> tuple[str, FieldDef | None]:
        """SQL expression and field definition for ``name``; DL02000001 when unknown."""
        definition = self.definition
        upper = name.strip().upper()
        if definition.has(upper):
            return f"t.{quote(upper)}", definition.fields.get(upper)
        alias_of = definition.aliases.get(upper)
        if alias_of is not None:
            return f"t.{quote(alias_of)}", definition.fields.get(alias_of)
        if "." in upper:
            found = self._walk(upper)
            if found is not None:
                return found
            dotted = definition.dotted.get(upper)
            if dotted is not None:
                return "NULL", dotted
        raise self._invalid(name)

    def _walk(self, upper: str) -> tuple[str, FieldDef | None] | None:
        """Follow relationships along ``upper``; None when the path leaves the sandbox."""
        current = self.definition
        segments = upper.split(".")
        hops: list[tuple[str, str, ObjectDef, str]] = []  # (path, local, target, remote)
        prefix = ""
        position = 0
        while True:
            if position > 0 and current.has(".".join(segments[position:])):
                break
            if position == len(segments) - 1:
                return None
            segment = segments[position]
            join = JOINS.get((current.name, segment))
            if join is None:
                relation = current.relationships.get(segment)
                if relation is None:
                    return None
                target = get_object(relation.object_name)
                if target is None:
                    return None
                local = relation.related_by
                remote = (
                    "RECORDNO" if local.endswith("KEY") or local == "RECORDNO" else target.id_field
                )
            else:
                target = get_object(join.object_name)
                assert target is not None
                local, remote = join.local, join.remote
            if not current.has(local):
                return None
            prefix = f"{prefix}.{segment}" if prefix else segment
            hops.append((prefix, local, target, remote))
            current = target
            position += 1
        parent = "t"
        for path, local, target, remote in hops:
            alias = self._aliases.get(path)
            if alias is None:
                alias = f"j{len(self._aliases)}"
                self._aliases[path] = alias
                self.joins.append(
                    f"LEFT JOIN {target.table} AS {alias} "
                    f"ON {alias}.{quote(remote)} = {parent}.{quote(local)}"
                )
            parent = alias
        rest = ".".join(segments[position:])
        return f"{parent}.{quote(rest)}", current.fields.get(rest)

    def from_clause(self) -> str:
        """``FROM table AS t`` plus the joins collected so far."""
        return " ".join([f"FROM {self.definition.table} AS t", *self.joins])

    def count_from(self, where: str) -> str:
        """The FROM clause for counting rows: joins only when ``where`` reads joined fields.

        Every join is a LEFT JOIN to at most one row, so it never changes the count; skipping
        it keeps the count of a large object fast when only the select list is dotted.
        """
        if any(f"{alias}." in where for alias in self._aliases.values()):
            return self.from_clause()
        return f"FROM {self.definition.table} AS t"


def literal(
    definition: ObjectDef, field: FieldDef | None, name: str, text: str, legacy: bool
) -> Any:
    """Convert a filter literal to the stored representation of ``field``.

    ``legacy`` (readByQuery) accepts database characters for enumerations: ``T``/``F`` for
    booleans and STATUS, one-letter states on transactions, and AUDITHISTORY's
    ``Create``/``Modify``/``Delete`` words (the newer ``query`` uses ``C``/``M``/``D``).
    """
    if field is None:
        return text
    upper = field.name
    if upper == "STATUS" and text in STATUS_CODES:
        return STATUS_CODES[text]
    if upper in ("STATE", "RAWSTATE") and definition.name in TRANSACTION_OBJECTS:
        if upper == "STATE" and text in STATE_CODES:
            return STATE_CODES[text]
        return text
    if upper == "ACCESSMODE" and definition.name == "AUDITHISTORY":
        return ACCESSMODE_WORDS.get(text.lower(), text) if legacy or len(text) > 1 else text
    try:
        if field.datatype == "BOOLEAN":
            lowered = text.lower()
            if lowered in ("t", "true", "1"):
                return "true"
            if lowered in ("f", "false", "0"):
                return "false"
            raise ValueFormatError(text)
        if field.datatype == "DATE":
            return parse_us_date(text).isoformat()
        if field.datatype == "TIMESTAMP":
            return parse_us_timestamp(text).isoformat(sep=" ")
        if field.datatype == "INTEGER":
            return int(text)
        if field.sql_type == "REAL":
            return float(to_decimal(text))
    except (ValueFormatError, ValueError) as exc:
        raise data_layer_error(f"Invalid value '{text}' for field {name}") from exc
    return text
