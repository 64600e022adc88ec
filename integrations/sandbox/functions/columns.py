"""Resolving field names (including dotted related fields) to SQL, and filter literals."""

from __future__ import annotations

from typing import Any

from ..catalog import FieldDef, ObjectDef, get_object
from ..errors import data_layer_error
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
    """Maps field names of one object to SQL expressions, adding joins for dotted paths."""

    def __init__(self, definition: ObjectDef) -> None:
        self.definition = definition
        self.joins: list[str] = []
        self._aliases: dict[str, str] = {}

    def resolve(self, name: str) -> tuple[str, FieldDef | None]:
        """SQL expression and field definition for ``name``; DL02000001 when unknown."""
        definition = self.definition
        upper = name.strip().upper()
        if definition.has(upper):
            return f"t.{quote(upper)}", definition.fields.get(upper)
        path, _, rest = upper.partition(".")
        relation = definition.relationships.get(path)
        if not rest or relation is None:
            raise data_layer_error(f"Invalid field '{name}' for object {definition.name}")
        target = get_object(relation.object_name)
        if target is None or not target.has(rest):
            raise data_layer_error(f"Invalid field '{name}' for object {definition.name}")
        alias = self._aliases.get(path)
        if alias is None:
            alias = f"j{len(self._aliases)}"
            self._aliases[path] = alias
            local = relation.related_by
            if not definition.has(local):
                raise data_layer_error(f"Invalid field '{name}' for object {definition.name}")
            remote = "RECORDNO" if local.endswith("KEY") or local == "RECORDNO" else target.id_field
            self.joins.append(
                f"LEFT JOIN {target.table} AS {alias} ON {alias}.{quote(remote)} = t.{quote(local)}"
            )
        return f"{alias}.{quote(rest)}", target.fields.get(rest)

    def from_clause(self) -> str:
        """``FROM table AS t`` plus the joins collected so far."""
        return " ".join([f"FROM {self.definition.table} AS t", *self.joins])


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
