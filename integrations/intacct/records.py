"""Records parsed from ``<data>`` rows, and converters for Intacct's text formats.

A :class:`Record` is a read-only mapping of field name to text: names are kept exactly as the
gateway sends them (dotted related fields such as ``VENDOR.CREDITLIMIT`` included), empty
elements become ``None``. Nested groups (``DISPLAYCONTACT/MAILADDRESS/CITY``) are flattened to
dotted names when they do not repeat; repeated children (invoice lines, attachments) are kept as
lists of records under :meth:`Record.groups`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d")
_DATETIME_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S")
INTACCT_DATETIME_FORMAT = "%m/%d/%Y %H:%M:%S"
INTACCT_DATE_FORMAT = "%m/%d/%Y"


def to_decimal(value: str | None) -> Decimal | None:
    """``'76343.43'`` -> ``Decimal('76343.43')``; empty -> None; garbage -> ValueError."""
    if value is None or not value.strip():
        return None
    try:
        result = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError(f"Not a decimal amount: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"Not a finite decimal amount: {value!r}")
    return result


def to_int(value: str | None) -> int | None:
    """``'149'`` -> 149; empty -> None; garbage -> ValueError."""
    if value is None or not value.strip():
        return None
    return int(value.strip())


def to_date(value: str | None) -> date | None:
    """Intacct ``MM/DD/YYYY`` (a timestamp's time part is dropped); empty -> None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    head = text.split(" ", 1)[0]
    fast = _mmddyyyy(head)
    if fast is not None:
        return fast
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Not an Intacct date: {value!r}")


def _mmddyyyy(text: str) -> date | None:
    """``MM/DD/YYYY`` without strptime (it runs for every date of every row); None if the
    text is in another shape (the caller then tries every format). Raises on a bad day."""
    if len(text) != 10 or text[2] != "/" or text[5] != "/":
        return None
    month, day, year = text[:2], text[3:5], text[6:]
    if not (month.isdigit() and day.isdigit() and year.isdigit()):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def to_datetime(value: str | None) -> datetime | None:
    """Intacct ``MM/DD/YYYY HH:MM:SS`` -> naive datetime (Intacct sends no zone); empty -> None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        # Session timestamps are ISO 8601 with an offset.
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Not an Intacct timestamp: {value!r}") from None


def to_bool(value: str | None) -> bool | None:
    """``true``/``T``/``false``/``F`` (any case) -> bool; empty -> None."""
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if text in ("true", "t", "1", "yes"):
        return True
    if text in ("false", "f", "0", "no"):
        return False
    raise ValueError(f"Not an Intacct boolean: {value!r}")


def format_datetime(value: datetime) -> str:
    """A naive datetime in Intacct's ``MM/DD/YYYY HH:MM:SS`` (company time, never UTC-shifted)."""
    if value.tzinfo is not None:
        raise ValueError(
            "Intacct timestamps carry no time zone; pass a naive datetime in the company's time."
        )
    return value.strftime(INTACCT_DATETIME_FORMAT)


def format_date(value: date) -> str:
    """A date in Intacct's ``MM/DD/YYYY``."""
    return value.strftime(INTACCT_DATE_FORMAT)


class Record(Mapping[str, str | None]):
    """One row of a ``<data>`` element (see the module docstring)."""

    __slots__ = ("_fields", "_groups", "attributes", "object_name")

    def __init__(
        self,
        fields: dict[str, str | None],
        groups: dict[str, list[Record]] | None = None,
        object_name: str = "",
        attributes: dict[str, str] | None = None,
    ) -> None:
        self._fields = fields
        self._groups = groups or {}
        self.object_name = object_name
        self.attributes = attributes or {}

    @classmethod
    def from_element(cls, element: etree._Element) -> Record:
        """Build a record from a row element such as ``<VENDOR>`` or ``<apbill>``."""
        tag = str(element.tag)
        attrib = element.attrib
        attributes = {str(k): str(v) for k, v in attrib.items()} if len(attrib) else None
        fields: dict[str, str | None] = {}
        if len(element) == 0:
            # A repeated leaf such as <VALIDVALUE>x</VALIDVALUE> is a one-field record.
            fields[tag] = _text(element)
            return cls(fields, None, tag, attributes)
        # Fast path for the usual flat row; nested groups fall back to the general walk.
        for child in element.iterchildren(etree.Element):
            if len(child):
                break
            text = child.text
            fields.setdefault(child.tag, text if text and not text.isspace() else None)
        else:
            return cls(fields, None, tag, attributes)
        fields = {}
        groups: dict[str, list[Record]] = {}
        _collect(element, "", fields, groups)
        return cls(fields, groups, tag, attributes)

    def __getitem__(self, key: str) -> str | None:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Record({self.object_name!r}, {self._fields!r})"

    def groups(self, name: str) -> list[Record]:
        """Child records of a nested element (e.g. lines under ``ARINVOICEITEMS``); [] if none.

        For a container whose children are rows (``<attachments><attachment>...``) the rows are
        returned; for a plain nested group (``<DISPLAYCONTACT>``) the group itself.
        """
        found = self._groups.get(name)
        if found is None:
            lowered = name.lower()
            found = next((v for k, v in self._groups.items() if k.lower() == lowered), [])
        return list(found)

    def text(self, name: str) -> str | None:
        """The field's text, ``None`` when empty or absent."""
        return self._fields.get(name)

    def decimal(self, name: str) -> Decimal | None:
        """The field as ``Decimal`` (amounts)."""
        return to_decimal(self._fields.get(name))

    def int(self, name: str) -> int | None:
        """The field as ``int`` (record numbers, keys)."""
        return to_int(self._fields.get(name))

    def date(self, name: str) -> date | None:
        """The field as ``date`` (``MM/DD/YYYY``)."""
        return to_date(self._fields.get(name))

    def datetime(self, name: str) -> datetime | None:
        """The field as naive ``datetime`` (``MM/DD/YYYY HH:MM:SS``, company time)."""
        return to_datetime(self._fields.get(name))

    def bool(self, name: str) -> bool | None:
        """The field as ``bool`` (``true``/``false``, ``T``/``F``)."""
        return to_bool(self._fields.get(name))


def _collect(
    element: etree._Element,
    prefix: str,
    fields: dict[str, str | None],
    groups: dict[str, list[Record]],
) -> None:
    # This loop runs for every field of every row: keep it lean.
    for child in element.iterchildren(etree.Element):
        tag = str(child.tag)
        name = prefix + tag if prefix else tag
        if len(child) == 0:
            if name not in fields:
                text = child.text
                fields[name] = text if text and not text.isspace() else None
            continue
        tags = [str(c.tag) for c in child.iterchildren(etree.Element)]
        repeated = len(tags) != len(set(tags))
        rows_container = repeated or (len(tags) == 1 and len(child[0]) > 0)
        if rows_container:
            groups.setdefault(tag, []).extend(
                Record.from_element(c) for c in child.iterchildren(etree.Element)
            )
        else:
            groups.setdefault(tag, []).append(Record.from_element(child))
            _collect(child, name + ".", fields, groups)


def _text(element: etree._Element) -> str | None:
    text = element.text
    return text if text is not None and text.strip() != "" else None
