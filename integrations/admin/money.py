"""A money cell for admin lists: the amount with its currency, right-aligned."""

from decimal import Decimal

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
