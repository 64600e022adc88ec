"""Rendering stored rows as response elements (hot path: thousands of rows per page)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from lxml import etree

from ..catalog import NUMERIC_TYPES, FieldDef, ObjectDef
from ..values import format_amount, from_db

Formatter = Callable[[Any], str]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _amount(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Six decimals hide float noise from SUM() while keeping exchange rates exact.
        value = round(value, 6)
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" not in text:
            return text
    return format_amount(value)


def _date(value: Any) -> str:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        return f"{value[5:7]}/{value[8:10]}/{value[0:4]}"
    return _text(value)


def _timestamp(value: Any) -> str:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        clock = value[11:19] if len(value) >= 19 else "00:00:00"
        return f"{value[5:7]}/{value[8:10]}/{value[0:4]} {clock}"
    return _text(value)


def formatter_for(field: FieldDef | None) -> Formatter:
    """The wire formatter of a field (generic ``from_db`` for unusual cases)."""
    if field is None:
        return lambda value: from_db(None, value)
    if field.datatype in NUMERIC_TYPES:
        return _amount
    if field.datatype == "DATE":
        return _date
    if field.datatype == "TIMESTAMP":
        return _timestamp
    if field.datatype == "INTEGER":
        return _text
    return lambda value: from_db(field, value) if isinstance(value, float) else _text(value)


class RowRenderer:
    """Renders rows of fixed columns; names in ``nest`` become nested elements.

    ``nest`` holds the stored contact groups of legacy reads (``DISPLAYCONTACT.EMAIL1`` is
    ``<DISPLAYCONTACT><EMAIL1>``); relationship fields keep their dotted name as the element
    name (``<PAYTO.TAXID>``), as in real readByQuery rows.
    """

    def __init__(
        self,
        tag: str,
        names: Sequence[str],
        types: Sequence[FieldDef | None],
        nest: Collection[str] = (),
    ) -> None:
        self.tag = tag
        self.columns = [
            (name.split(".") if name in nest else None, name, formatter_for(field))
            for name, field in zip(names, types, strict=True)
        ]

    def add(self, parent: etree._Element, values: Sequence[Any]) -> etree._Element:
        """Append one record element built from ``values``."""
        record = etree.SubElement(parent, self.tag)
        sub_element = etree.SubElement
        groups: dict[str, etree._Element] = {}
        for (path, name, formatter), value in zip(self.columns, values, strict=True):
            if path is None:
                sub_element(record, name).text = formatter(value)
                continue
            holder = record
            for depth in range(1, len(path)):
                key = ".".join(path[:depth])
                group = groups.get(key)
                if group is None:
                    group = groups[key] = sub_element(holder, path[depth - 1])
                holder = group
            sub_element(holder, path[-1]).text = formatter(value)
        return record


def field_types(definition: ObjectDef, names: Sequence[str]) -> list[FieldDef | None]:
    """The field definitions for a list of selected names (None for nested extras)."""
    return [definition.fields.get(name) for name in names]
