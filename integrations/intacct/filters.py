"""Filter trees for the ``query`` function (PROTOCOL.md §6.3).

Values are plain text in Intacct's own formats; ``date``/``datetime``/``Decimal``/``bool`` values
are converted here (``MM/DD/YYYY``, ``MM/DD/YYYY HH:MM:SS``, ``true``/``false``) so that no ISO
string ever reaches a filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from .errors import RequestValueError
from .records import format_date, format_datetime
from .text import check_xml_text

Value = str | int | Decimal | date | datetime | bool

MAX_IN_VALUES = 1000


def format_value(value: Value) -> str:
    """Render one filter value in the text form Intacct expects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        raise TypeError("Use Decimal or str for amounts, never float.")
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return check_xml_text(value, "a filter value")
    raise TypeError(f"Unsupported filter value type: {type(value).__name__}")


def _check_field(field: str) -> str:
    if not isinstance(field, str) or not field.strip():
        raise RequestValueError("A filter needs a non-empty field name.")
    return field.strip()


class Filter:
    """A node of the filter tree; :meth:`to_element` builds its XML."""

    def to_element(self) -> etree._Element:
        """Build this node as an lxml element."""
        raise NotImplementedError


@dataclass(frozen=True)
class Comparison(Filter):
    """``<op><field/><value/>...</op>``: one field compared with zero or more values."""

    operator: str
    field: str
    values: tuple[str, ...]

    def to_element(self) -> etree._Element:
        """Build ``<operator><field>..</field><value>..</value>*</operator>``."""
        node = etree.Element(self.operator)
        etree.SubElement(node, "field").text = self.field
        for value in self.values:
            etree.SubElement(node, "value").text = value
        return node


@dataclass(frozen=True)
class Logical(Filter):
    """``<and>``/``<or>`` over two or more filters."""

    operator: str
    children: tuple[Filter, ...]

    def to_element(self) -> etree._Element:
        """Build ``<and>``/``<or>`` with the child filters."""
        node = etree.Element(self.operator)
        for child in self.children:
            node.append(child.to_element())
        return node


def _one(op: str, field: str, value: Value) -> Comparison:
    return Comparison(op, _check_field(field), (format_value(value),))


def equal(field: str, value: Value) -> Comparison:
    """``field = value``."""
    return _one("equalto", field, value)


def not_equal(field: str, value: Value) -> Comparison:
    """``field <> value``."""
    return _one("notequalto", field, value)


def less_than(field: str, value: Value) -> Comparison:
    """``field < value``."""
    return _one("lessthan", field, value)


def less_than_or_equal(field: str, value: Value) -> Comparison:
    """``field <= value``."""
    return _one("lessthanorequalto", field, value)


def greater_than(field: str, value: Value) -> Comparison:
    """``field > value``."""
    return _one("greaterthan", field, value)


def greater_than_or_equal(field: str, value: Value) -> Comparison:
    """``field >= value``."""
    return _one("greaterthanorequalto", field, value)


def between(field: str, low: Value, high: Value) -> Comparison:
    """``low <= field <= high``."""
    return Comparison("between", _check_field(field), (format_value(low), format_value(high)))


def _many(op: str, field: str, values: Iterable[Value]) -> Comparison:
    rendered = tuple(format_value(v) for v in values)
    if not 1 <= len(rendered) <= MAX_IN_VALUES:
        raise RequestValueError(f"'{op}' takes 1 to {MAX_IN_VALUES} values, got {len(rendered)}.")
    return Comparison(op, _check_field(field), rendered)


def in_(field: str, values: Iterable[Value]) -> Comparison:
    """``field IN (values)`` (1..1000 values)."""
    return _many("in", field, values)


def not_in(field: str, values: Iterable[Value]) -> Comparison:
    """``field NOT IN (values)`` (1..1000 values)."""
    return _many("notin", field, values)


def like(field: str, pattern: str) -> Comparison:
    """``field LIKE pattern`` (``%`` wildcard)."""
    return _one("like", field, pattern)


def not_like(field: str, pattern: str) -> Comparison:
    """``field NOT LIKE pattern``."""
    return _one("notlike", field, pattern)


def is_null(field: str) -> Comparison:
    """``field IS NULL``."""
    return Comparison("isnull", _check_field(field), ())


def is_not_null(field: str) -> Comparison:
    """``field IS NOT NULL``."""
    return Comparison("isnotnull", _check_field(field), ())


def _logical(op: str, filters: tuple[Filter | None, ...]) -> Filter:
    present = tuple(f for f in filters if f is not None)
    if not present:
        raise ValueError(f"'{op}' needs at least one filter.")
    if len(present) == 1:
        # Intacct requires two or more children under and/or; one is just itself.
        return present[0]
    return Logical(op, present)


def and_(*filters: Filter | None) -> Filter:
    """All of ``filters`` (``None`` entries are skipped; one filter is returned as is)."""
    return _logical("and", filters)


def or_(*filters: Filter | None) -> Filter:
    """Any of ``filters`` (``None`` entries are skipped; one filter is returned as is)."""
    return _logical("or", filters)


__all__ = [
    "Comparison",
    "Filter",
    "Logical",
    "and_",
    "between",
    "equal",
    "format_value",
    "greater_than",
    "greater_than_or_equal",
    "in_",
    "is_not_null",
    "is_null",
    "less_than",
    "less_than_or_equal",
    "like",
    "not_equal",
    "not_in",
    "not_like",
    "or_",
]
