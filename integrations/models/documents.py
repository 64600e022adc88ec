"""What the documents of both domains share: money columns and their totals, payment
applications and adjustment lines."""

from django.db import models

from integrations.models.records import IntacctRecord

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


class Application(IntacctRecord):
    """What one payment (or credit) applied to one document: cash and credit, as Intacct
    reports them on ARPYMTDETAIL and APPYMTDETAIL. Subclasses add the foreign keys."""

    payment_date = models.DateField(null=True, blank=True)
    amount = models.DecimalField("cash applied", null=True, blank=True, **MONEY)
    trx_amount = models.DecimalField(null=True, blank=True, **MONEY)
    credit_amount = models.DecimalField(
        "credit applied", null=True, blank=True, help_text="ADJUSTMENTAMOUNT", **MONEY
    )
    currency = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=30, blank=True)

    class Meta(IntacctRecord.Meta):
        abstract = True
        ordering = ["-payment_date", "-id"]


class AdjustmentLine(IntacctRecord):
    """A line of an adjustment (ARADJUSTMENTITEM, APADJUSTMENTITEM): account, location and
    amount in base and transaction currency. Subclasses add the foreign key to the header."""

    line_no = models.IntegerField(null=True, blank=True)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    location_id = models.CharField(max_length=100, blank=True)
    memo = models.TextField(blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    trx_amount = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta(IntacctRecord.Meta):
        abstract = True
