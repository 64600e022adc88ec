"""Intacct's own timestamp format. WHENMODIFIED has no zone: it is kept as Intacct writes it."""

from datetime import UTC, datetime

INTACCT_TIMESTAMP = "%m/%d/%Y %H:%M:%S"


def parse_timestamp(value: str) -> datetime:
    """'MM/DD/YYYY HH:MM:SS' → naive datetime (raises ValueError on anything else)."""
    text = value.strip()
    # Without strptime when the shape is exact: this runs for every row of every page.
    if (
        len(text) == 19
        and text[2] == text[5] == "/"
        and text[10] == " "
        and text[13] == text[16] == ":"
    ):
        parts = (text[6:10], text[:2], text[3:5], text[11:13], text[14:16], text[17:19])
        if all(p.isdigit() for p in parts):
            year, month, day, hour, minute, second = (int(p) for p in parts)
            try:
                return datetime(year, month, day, hour, minute, second)
            except ValueError:
                pass  # strptime below raises the usual error
    return datetime.strptime(text, INTACCT_TIMESTAMP)


def format_timestamp(value: datetime) -> str:
    return value.strftime(INTACCT_TIMESTAMP)


def as_stored(value: datetime | None) -> datetime | None:
    """Intacct wall-clock time as an aware value for a DateTimeField (labelled 'as reported')."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
