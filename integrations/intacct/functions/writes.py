"""Generic ``create``/``update``/``delete`` builders (free-form object fields, PROTOCOL §6.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lxml import etree

from .base import Function, check_controlid, join_keys, mapping_children, sub

DELETE_MAX_KEYS = 100


def _check_object(name: str) -> str:
    if not isinstance(name, str) or not name.strip() or not name.strip().isidentifier():
        raise ValueError(f"Not a valid object name: {name!r}")
    return name.strip()


@dataclass(frozen=True)
class Create(Function):
    """``<create><OBJECT>fields</OBJECT></create>``.

    ``fields`` maps field names to values; a Mapping value nests (``DISPLAYCONTACT``), a list
    repeats the element (``APBILLITEMS: {"APBILLITEM": [line, line]}``), ``None`` sends an empty
    element (which clears the field on update). Dates become ``MM/DD/YYYY``.
    """

    function_name: ClassVar[str] = "create"
    writes: ClassVar[bool] = True
    object: str
    fields: Mapping[str, Any]
    controlid: str = field(kw_only=True)

    def __post_init__(self) -> None:
        _check_object(self.object)
        check_controlid(self.controlid)
        if not isinstance(self.fields, Mapping) or not self.fields:
            raise ValueError(f"{self.function_name} needs a non-empty mapping of fields.")

    def payload(self) -> etree._Element:
        """The ``<create>``/``<update>`` element with one object child."""
        node = etree.Element(self.function_name)
        mapping_children(etree.SubElement(node, _check_object(self.object)), self.fields)
        return node


@dataclass(frozen=True)
class Update(Create):
    """``<update><OBJECT>RECORDNO or ID + changed fields</OBJECT></update>``."""

    function_name: ClassVar[str] = "update"


@dataclass(frozen=True)
class Delete(Function):
    """``<delete><object>X</object><keys>1,2</keys></delete>`` (at most 100 keys)."""

    function_name: ClassVar[str] = "delete"
    writes: ClassVar[bool] = True
    object: str
    keys: Sequence[int | str]
    controlid: str = field(kw_only=True)

    def __post_init__(self) -> None:
        _check_object(self.object)
        check_controlid(self.controlid)
        join_keys(self.keys, limit=DELETE_MAX_KEYS)

    def payload(self) -> etree._Element:
        """``<delete>`` with object and comma-separated keys."""
        node = etree.Element("delete")
        sub(node, "object", _check_object(self.object))
        sub(node, "keys", join_keys(self.keys, limit=DELETE_MAX_KEYS))
        return node

    def billable_units(self) -> int:
        """One transaction per deleted record."""
        return len(self.keys)
