"""Money cells of the admin lists: each amount says its currency, right-aligned with separators."""

from decimal import Decimal
from typing import Any

from django.utils.html import format_html

from integrations.money import money_text

__all__ = ["iso_day", "money_cell", "trx_amount"]


def money_cell(amount: Decimal | None, currency: str, *, flag: str = "") -> str:
    if amount is None:
        return ""
    text = money_text(amount, currency)
    if flag:
        return format_html('<span class="money flagged" title="{}">{} ⚠</span>', flag, text)
    return format_html('<span class="money">{}</span>', text)


def trx_amount(obj: Any, field: str) -> tuple[Decimal | None, str]:
    """``trx_<field>`` in the document's currency, or ``<field>`` in base currency."""
    value = getattr(obj, f"trx_{field}", None)
    if value is not None:
        return value, obj.currency or obj.base_currency
    return getattr(obj, field, None), obj.base_currency or obj.currency


def iso_day(value: Any) -> str:
    """A date as 2026-11-30: the shortest unambiguous form, so list columns stay narrow."""
    return value.isoformat() if value else "—"
