"""Money columns of the AR lists: each cell says its currency, right-aligned with separators.

A row's amounts are all in the document's transaction currency (what the customer was
billed or paid), so a list never puts a transaction amount beside a base amount as if they
were comparable; base-currency figures (aging, overdue) are labelled as such. Where a
transaction amount is missing (older rows), the base amount is shown with the base code.
"""

from decimal import Decimal
from typing import Any

from django.contrib import admin

from integrations.admin.money import money_cell
from integrations.display import entity_code


def trx_amount(obj: Any, field: str) -> tuple[Decimal | None, str]:
    """``trx_<field>`` in the document's currency, or ``<field>`` in base currency."""
    value = getattr(obj, f"trx_{field}", None)
    if value is not None:
        return value, obj.currency or obj.base_currency
    return getattr(obj, field, None), obj.base_currency or obj.currency


class DocumentMoneyMixin:
    """Amount and balance due of an invoice or credit memo, in its transaction currency."""

    @admin.display(description="Amount", ordering="trx_total_entered")
    def amount_money(self, obj: Any) -> str:
        return money_cell(*trx_amount(obj, "total_entered"))

    @admin.display(description="Balance due", ordering="trx_total_due")
    def due_money(self, obj: Any) -> str:
        value, currency = trx_amount(obj, "total_due")
        is_open = getattr(obj, "balance", None)
        if is_open is not None and not is_open:
            value = Decimal("0.00")  # closed: nothing due, whatever Intacct left in the field
        return money_cell(value, currency)


class PaymentMoneyMixin(DocumentMoneyMixin):
    """Amount, applied and unapplied of a payment, all in its transaction currency."""

    @admin.display(description="Applied", ordering="trx_total_paid")
    def applied_money(self, obj: Any) -> str:
        return money_cell(*trx_amount(obj, "total_paid"))

    @admin.display(description="Unapplied", ordering="trx_total_due")
    def unapplied_money(self, obj: Any) -> str:
        return money_cell(*trx_amount(obj, "total_due"))


def iso_day(value: Any) -> str:
    """A date as 2026-11-30: the shortest unambiguous form, so list columns stay narrow."""
    return value.isoformat() if value else "—"


class CompactColumnsMixin:
    """Columns that keep AR lists within 1,400 px: entity codes, ISO dates, two-line cells."""

    @admin.display(description="Entity", ordering="subsidiary__location_id")
    def entity_code(self, obj: Any) -> str:
        return entity_code(obj) or "—"
