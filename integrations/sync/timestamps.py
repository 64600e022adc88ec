"""Intacct's own timestamp format. WHENMODIFIED has no zone: it is kept as Intacct writes it."""

from datetime import UTC, datetime

INTACCT_TIMESTAMP = "%m/%d/%Y %H:%M:%S"


def parse_timestamp(value: str) -> datetime:
    """'MM/DD/YYYY HH:MM:SS' → naive datetime (raises ValueError on anything else)."""
    return datetime.strptime(value.strip(), INTACCT_TIMESTAMP)


def format_timestamp(value: datetime) -> str:
    return value.strftime(INTACCT_TIMESTAMP)


def as_stored(value: datetime | None) -> datetime | None:
    """Intacct wall-clock time as an aware value for a DateTimeField (labelled 'as reported')."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
