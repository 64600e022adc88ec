"""Columns that the admins of synced records repeat, AR and AP alike: dates, the entity
code and where the record is found in Intacct."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin

from integrations.admin.links import intacct_reference
from integrations.display import DOCUMENT_TOTALS as DOCUMENT_TOTALS  # re-exported for the admins
from integrations.display import entity_code


def iso_day(value: Any) -> str:
    """A date as 2026-11-30: the shortest unambiguous form, so list columns stay narrow."""
    return value.isoformat() if value else "—"


def day_column(field: str, description: str) -> Callable[[Any, Any], str]:
    """A list column that shows the date ``field`` with :func:`iso_day`, sorted by it.

    Used as a class attribute: ``paid_on = day_column("payment_date", "Paid on")``.
    """

    @admin.display(description=description, ordering=field)
    def column(self: Any, obj: Any) -> str:
        return iso_day(getattr(obj, field))

    return column


class IntacctRecordColumn:
    """The "Intacct record" field: the record's object name, RECORDNO and ID.

    Subclasses name their Intacct object in ``intacct_object`` ("APBILL", "ARPYMT" …).
    """

    intacct_object = ""

    @admin.display(description="Intacct record")
    def intacct_record(self, obj: Any) -> str:
        return intacct_reference(obj, self.intacct_object)


class EntityColumn:
    """The document's entity (subsidiary) as its short code."""

    @admin.display(description="Entity", ordering="subsidiary__location_id")
    def entity_code(self, obj: Any) -> str:
        return entity_code(obj) or "—"


_TOTALS = ("total_entered", "total_paid", "total_due")


def base_amounts(
    title: str = "Amounts (base currency)", *, extra: tuple[str, ...] = ()
) -> tuple[str, dict[str, Any]]:
    """The fieldset of a document's base-currency totals (and ``extra`` totals) on one row."""
    return (title, {"fields": ((*_TOTALS, *extra), "base_currency")})


def trx_amounts(
    title: str = "Amounts (transaction currency)",
    *,
    exchange_rate: bool = True,
    extra: tuple[str, ...] = (),
) -> tuple[str, dict[str, Any]]:
    """The fieldset of a document's transaction-currency totals (``trx_`` + each of the
    totals and ``extra``), with its currency and, unless told not to, its exchange rate."""
    row = tuple(f"trx_{name}" for name in (*_TOTALS, *extra))
    currency: str | tuple[str, str] = ("currency", "exchange_rate") if exchange_rate else "currency"
    return (title, {"fields": (row, currency)})
