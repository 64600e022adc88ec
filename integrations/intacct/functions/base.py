"""The base of every function builder, and helpers that turn Python values into XML text.

Every builder produces an lxml ``<function controlid="...">`` element; no XML is ever built from
strings, so ``&``, ``<``, quotes and emoji in values are escaped by lxml.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from lxml import etree

from ..records import format_date
from ..text import check_xml_text

MAX_CONTROLID_LENGTH = 256

# A value a builder accepts for an element's text (None = an empty element, which clears).
Scalar = str | int | Decimal | date | bool | None


def new_controlid() -> str:
    """A random function controlid, for reads (writes must pass a deterministic one)."""
    return str(uuid.uuid4())


def check_controlid(controlid: str) -> str:
    """Return ``controlid`` if it is 1..256 characters, else raise ValueError."""
    if not isinstance(controlid, str) or not 1 <= len(controlid) <= MAX_CONTROLID_LENGTH:
        raise ValueError(f"A function controlid must be 1 to {MAX_CONTROLID_LENGTH} characters.")
    return controlid


def scalar_text(value: Scalar) -> str | None:
    """Render a value for a generic function: dates ``MM/DD/YYYY``, booleans ``true``/``false``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        raise TypeError("Generic functions take dates, not datetimes; pass a date.")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        raise TypeError("Use Decimal or str for amounts, never float.")
    if isinstance(value, int | Decimal | str):
        return str(value)
    raise TypeError(f"Unsupported value type {type(value).__name__}")


def sub(parent: etree._Element, tag: str, value: Scalar = None) -> etree._Element:
    """Append ``<tag>value</tag>`` to ``parent`` and return it."""
    child = etree.SubElement(parent, tag)
    text = scalar_text(value)
    child.text = None if text is None else check_xml_text(text, f"<{tag}>")
    return child


def join_keys(keys: Sequence[int | str], *, limit: int) -> str:
    """Comma-join record keys, refusing empty lists, commas inside keys and too many keys."""
    rendered = [str(k).strip() for k in keys]
    if not rendered or any(not k or "," in k for k in rendered):
        raise ValueError("Keys must be a non-empty list of values without commas.")
    if len(rendered) > limit:
        raise ValueError(f"At most {limit} keys per function, got {len(rendered)}.")
    return ",".join(rendered)


def join_fields(fields: Sequence[str]) -> str:
    """Comma-join a field list (``*`` allowed)."""
    if isinstance(fields, str):
        raise TypeError("fields must be a sequence of names, not one string")
    names = [f.strip() for f in fields]
    if not names or any(not n for n in names):
        raise ValueError("A field list needs at least one non-empty name.")
    return ",".join(names)


class Function(ABC):
    """One Intacct function. Subclasses define :attr:`function_name` and :meth:`payload`."""

    function_name: ClassVar[str]
    writes: ClassVar[bool] = False
    # Intacct bills each query/readByQuery/readMore call and each written record as one
    # transaction; sessions and metadata calls are free.
    billable: ClassVar[int] = 1
    controlid: str

    @abstractmethod
    def payload(self) -> etree._Element:
        """The element inside ``<function>`` (e.g. ``<readByQuery>``)."""

    def to_element(self) -> etree._Element:
        """``<function controlid="...">payload</function>``."""
        node = etree.Element("function", controlid=check_controlid(self.controlid))
        node.append(self.payload())
        return node

    def billable_units(self) -> int:
        """Estimated Intacct transactions this function costs when it succeeds."""
        return self.billable


def mapping_children(parent: etree._Element, values: Mapping[str, Any]) -> None:
    """Free-form nested elements for generic create/update (field order as given).

    A Mapping value nests, a list/tuple repeats the element, anything else becomes text.
    """
    for tag, value in values.items():
        if not isinstance(tag, str) or not tag:
            raise ValueError("Field names must be non-empty strings.")
        if isinstance(value, Mapping):
            mapping_children(etree.SubElement(parent, tag), value)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, Mapping):
                    mapping_children(etree.SubElement(parent, tag), item)
                else:
                    sub(parent, tag, item)
        else:
            sub(parent, tag, value)
