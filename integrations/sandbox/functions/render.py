"""Rendering stored rows as response elements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from ..catalog import FieldDef, ObjectDef
from ..values import from_db


def add_row(
    parent: etree._Element,
    tag: str,
    names: Sequence[str],
    values: Sequence[Any],
    types: Sequence[FieldDef | None],
    nest: bool,
) -> etree._Element:
    """Append one record element; with ``nest`` dotted names become nested elements."""
    record = etree.SubElement(parent, tag)
    groups: dict[str, etree._Element] = {}
    for name, value, field in zip(names, values, types, strict=True):
        text = from_db(field, value)
        if nest and "." in name:
            path = name.split(".")
            holder = record
            for depth in range(1, len(path)):
                key = ".".join(path[:depth])
                if key not in groups:
                    groups[key] = etree.SubElement(holder, path[depth - 1])
                holder = groups[key]
            leaf = etree.SubElement(holder, path[-1])
        else:
            leaf = etree.SubElement(record, name)
        leaf.text = text
    return record


def field_types(definition: ObjectDef, names: Sequence[str]) -> list[FieldDef | None]:
    """The field definitions for a list of selected names (None for nested extras)."""
    return [definition.fields.get(name) for name in names]
