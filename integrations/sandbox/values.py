"""Conversion between Intacct's wire formats and the values stored in SQLite.

Dates are stored as ISO strings (so SQL comparisons and ordering work) and shown as
``MM/DD/YYYY``; timestamps are stored as ``YYYY-MM-DD HH:MM:SS`` and shown as
``MM/DD/YYYY HH:MM:SS``; amounts are REAL columns computed with ``Decimal`` and shown without
trailing zeros; booleans are stored as ``true``/``false``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .catalog import NUMERIC_TYPES, FieldDef

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_US_TIMESTAMP = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")

_BOOL_WORDS = {
    "true": "true",
    "false": "false",
    "t": "true",
    "f": "false",
    "1": "true",
    "0": "false",
}


class ValueFormatError(ValueError):
    """A value does not match the field's wire format."""


def parse_us_date(text: str) -> date:
    """Parse ``MM/DD/YYYY`` (the only date format Intacct accepts in generic functions)."""
    match = _US_DATE.match(text.strip())
    if not match:
        raise ValueFormatError(f"'{text}' is not a valid date (expected mm/dd/yyyy)")
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueFormatError(f"'{text}' is not a valid date") from exc


def parse_us_timestamp(text: str) -> datetime:
    """Parse ``MM/DD/YYYY HH:MM:SS`` (or a bare date, meaning midnight)."""
    cleaned = text.strip()
    match = _US_TIMESTAMP.match(cleaned)
    if not match:
        return datetime.combine(parse_us_date(cleaned), datetime.min.time())
    month, day, year, hour, minute, second = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError as exc:
        raise ValueFormatError(f"'{text}' is not a valid timestamp") from exc


def format_amount(value: Decimal | float | int) -> str:
    """Render an amount the way Intacct does: plain decimal, no trailing zeros."""
    amount = value if isinstance(value, Decimal) else Decimal(repr(value))
    # Six decimals: enough for exchange rates, and hides float noise from SQL sums.
    amount = amount.quantize(Decimal("0.000001"))
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "0.0", "-0.0") else text


def to_decimal(value: object) -> Decimal:
    """A stored or wire amount as ``Decimal`` (``None``/empty is zero)."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueFormatError(f"'{value}' is not a valid number") from exc


def to_db(field: FieldDef, text: str | None) -> object:
    """Convert wire text for ``field`` into its stored value (``None`` for empty)."""
    if text is None or text.strip() == "":
        return None
    raw = text.strip()
    if field.datatype == "INTEGER":
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueFormatError(f"'{raw}' is not a valid integer for {field.name}") from exc
    if field.datatype in NUMERIC_TYPES:
        amount = to_decimal(raw)
        return (
            float(amount.quantize(Decimal("0.01")))
            if field.datatype == "CURRENCY"
            else float(amount)
        )
    if field.datatype == "DATE":
        return parse_us_date(raw).isoformat()
    if field.datatype == "TIMESTAMP":
        return parse_us_timestamp(raw).isoformat(sep=" ")
    if field.datatype == "BOOLEAN":
        word = _BOOL_WORDS.get(raw.lower())
        if word is None:
            raise ValueFormatError(f"'{raw}' is not a valid boolean for {field.name}")
        return word
    return raw


def from_db(field: FieldDef | None, value: object) -> str:
    """Render a stored value as wire text (empty string for ``None``)."""
    if value is None:
        return ""
    datatype = field.datatype if field else ""
    if isinstance(value, float) or datatype in NUMERIC_TYPES:
        return format_amount(to_decimal(value))
    if datatype == "DATE" and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        return f"{value[5:7]}/{value[8:10]}/{value[0:4]}"
    if datatype == "TIMESTAMP" and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        time_part = value[11:19] if len(value) >= 19 else "00:00:00"
        return f"{value[5:7]}/{value[8:10]}/{value[0:4]} {time_part}"
    return str(value)


def iso_timestamp(value: datetime) -> str:
    """A timestamp as stored (second resolution)."""
    return value.replace(microsecond=0).isoformat(sep=" ")
