"""A vendor's open balance, as the vendor admin shows it.

The sum of what is still due on the vendor's open bills less what is left to apply of its
open vendor credits (both in base currency, as Intacct's TOTALDUE), from the local documents
pulled from Intacct. The admin only calls :func:`open_balance_expression`.
"""

from decimal import Decimal

from django.db.models import DecimalField, Expression, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ap.models import Bill, VendorCredit
from integrations.models import SyncState

OPEN_STATES = ("Posted", "Partially Paid", "Selected")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _open_due(model: type[Bill] | type[VendorCredit]) -> Coalesce:
    due = (
        model.objects.filter(vendor=OuterRef("pk"), state__in=OPEN_STATES)
        .exclude(sync_state=SyncState.DELETED_IN_INTACCT)
        .values("vendor")
        .annotate(total=Sum("total_due"))
        .values("total")
    )
    return Coalesce(Subquery(due, output_field=_MONEY), Value(Decimal("0.00")), output_field=_MONEY)


def open_balance_expression() -> Expression:
    """An expression over ``Vendor`` rows giving the open balance (base currency)."""
    return _open_due(Bill) + _open_due(VendorCredit)
