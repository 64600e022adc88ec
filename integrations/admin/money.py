"""A money cell for admin lists: the amount with its currency, right-aligned."""

from decimal import Decimal
from typing import Any

from django.utils.html import format_html

from integrations.money import money_text


def money_cell(amount: Decimal | None, currency: str, *, flag: str = "") -> str:
    """``USD 1,234.50`` in a ``money`` span; ``flag`` adds a warning sign and its reason."""
    if amount is None:
        return ""
    text = money_text(amount, currency)
    if flag:
        return format_html('<span class="money flagged" title="{}">{} ⚠</span>', flag, text)
    return format_html('<span class="money">{}</span>', text)


def document_money(obj: Any, field: str) -> str:
    """A document's ``trx_<field>`` in its own currency, or ``<field>`` in base currency."""
    value = getattr(obj, f"trx_{field}", None)
    if value is not None:
        return money_cell(value, obj.currency or obj.base_currency)
    return money_cell(getattr(obj, field, None), obj.base_currency or obj.currency)
