"""How far back a historical import reaches, shared by the domains' pull steps.

``history_start`` is the AR window (``AR_HISTORY_MONTHS`` back from today); a domain with a
window of its own builds it with :func:`months_ago`.
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.utils import timezone

from integrations.intacct import filters as F


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def months_ago(months: int) -> date:
    """Today, ``months`` months earlier."""
    return months_before(timezone.localdate(), months)


def history_start() -> date:
    """The first day the historical import covers."""
    return months_ago(settings.AR_HISTORY_MONTHS)


def on_or_after(field: str, start: Callable[[], date]) -> Callable[[], F.Filter]:
    """A filter factory: ``field`` on or after ``start()`` (read when the stage runs)."""
    return lambda: F.greater_than_or_equal(field, start())


def recent_or_open(
    field: str, start: Callable[[], date], still_open: Callable[[], F.Filter]
) -> Callable[[], F.Filter]:
    """History bounded by ``start()``; what is still open is taken at any age."""
    return lambda: F.or_(on_or_after(field, start)(), still_open())
