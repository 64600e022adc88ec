"""Money as finance people read it: the currency code, thousands separators, two decimals.

Django's own number formatting (``django.utils.numberformat``) with grouping forced on: the
admin is English-only and amounts must read the same for every user, so a locale library
such as Babel would add a dependency without changing the output.
"""

from decimal import Decimal

from django.utils.numberformat import format as number_format


def amount_text(value: Decimal | None) -> str:
    """``12345.6`` → ``12,345.60``; ``None`` → an empty string."""
    if value is None:
        return ""
    return number_format(
        Decimal(value).quantize(Decimal("0.01")),
        ".",
        decimal_pos=2,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
        use_l10n=False,
    )


def money_text(value: Decimal | None, currency: str) -> str:
    """``USD 12,345.60`` (the code first, as Intacct shows it)."""
    text = amount_text(value)
    return f"{currency} {text}".strip() if text else ""
