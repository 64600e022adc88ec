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


def document_amount(obj: Any, field: str) -> tuple[Decimal | None, str]:
    """A document's ``trx_<field>`` in its own currency, or ``<field>`` in base currency
    (older rows have no transaction amount)."""
    value = getattr(obj, f"trx_{field}", None)
    if value is not None:
        return value, obj.currency or obj.base_currency
    return getattr(obj, field, None), obj.base_currency or obj.currency


def document_money(obj: Any, field: str) -> str:
    """The money cell of :func:`document_amount`."""
    return money_cell(*document_amount(obj, field))
