"""The onboarding history window both domains share: ``AR_HISTORY_MONTHS`` back from today."""

from datetime import date

from django.conf import settings
from django.utils import timezone


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


def history_start() -> date:
    """The first day the historical import covers."""
    return months_before(timezone.localdate(), settings.AR_HISTORY_MONTHS)
