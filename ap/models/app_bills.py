"""The staff's page of bills entered here (a proxy of ``Bill``)."""

from ap.models.bills import Bill

__all__ = ["AppBill"]


class AppBill(Bill):
    """Bills entered here: approved, paid (with fees) and deleted from their page."""

    class Meta:
        proxy = True
        verbose_name = "bill entered here"
        verbose_name_plural = "bills entered here"
