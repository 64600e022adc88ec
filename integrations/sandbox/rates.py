"""The sandbox's fixed exchange rates (to USD) used for TRX_/base amount twins."""

from __future__ import annotations

from decimal import Decimal

RATES_TO_USD = {"USD": 1.0, "GBP": 1.27, "CAD": 0.73, "EUR": 1.08}


def rate(currency: str, base: str) -> Decimal:
    """Units of ``base`` per unit of ``currency`` (6 decimals)."""
    if currency == base:
        return Decimal(1)
    if currency not in RATES_TO_USD or base not in RATES_TO_USD:
        raise KeyError(currency if currency not in RATES_TO_USD else base)
    value = Decimal(repr(RATES_TO_USD[currency])) / Decimal(repr(RATES_TO_USD[base]))
    return value.quantize(Decimal("0.000001"))


def to_base(amount: Decimal, currency: str, base: str) -> Decimal:
    """Convert a transaction amount to the base currency (rounded to cents)."""
    return (amount * rate(currency, base)).quantize(Decimal("0.01"))
