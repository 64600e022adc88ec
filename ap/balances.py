"""A vendor's open balance, as the vendor admin shows it.

Until the AP documents (bills, vendor credits) are pulled, it is Intacct's TOTALDUE of the
vendor. The bills work replaces :func:`open_balance_expression` with the sum of the vendor's
open local documents; the admin only calls this function.
"""

from django.db.models import Expression, F


def open_balance_expression() -> Expression | F:
    """An expression over ``Vendor`` rows giving the open balance (base currency)."""
    return F("total_due")
