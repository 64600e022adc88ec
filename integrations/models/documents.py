"""What the documents of both domains share: money columns and their totals."""

from django.db import models

MONEY = {"max_digits": 16, "decimal_places": 2}


class DocumentTotals(models.Model):
    """Amounts in base currency and their transaction-currency twins."""

    currency = models.CharField(max_length=3, blank=True)
    base_currency = models.CharField(max_length=3, blank=True)
    exchange_rate = models.DecimalField(max_digits=18, decimal_places=8, null=True, blank=True)
    total_entered = models.DecimalField(null=True, blank=True, **MONEY)
    total_paid = models.DecimalField(null=True, blank=True, **MONEY)
    total_due = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total_entered = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total_paid = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total_due = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta:
        abstract = True
