"""Charge card transactions (CCTRANSACTION) and their lines, VAT lines included."""

from django.db import models

from integrations.models import IntacctRecord, Subsidiary
from integrations.models.documents import MONEY, DocumentTotals

__all__ = ["CardTransaction", "CardTransactionLine"]


class CardTransaction(IntacctRecord, DocumentTotals):
    """A charge against a company card; its total includes the VAT of its lines."""

    number = models.CharField("reference number", max_length=100, blank=True, db_index=True)
    card_account = models.CharField(max_length=100, blank=True, help_text="FINANCIALENTITY.")
    payee = models.CharField(max_length=200, blank=True, db_index=True)
    description = models.TextField(blank=True)
    transaction_date = models.DateField(null=True, blank=True, db_index=True)
    posted_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=30, blank=True, db_index=True)
    subsidiary = models.ForeignKey(
        Subsidiary,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="card_transactions",
    )
    tax_solution = models.CharField(max_length=100, blank=True)
    inclusive_tax = models.BooleanField(default=False)

    class Meta(IntacctRecord.Meta):
        ordering = ["-transaction_date", "-id"]

    def __str__(self) -> str:
        return self.number or f"Card transaction {self.intacct_recordno}"


class CardTransactionLine(IntacctRecord):
    """A line of a card transaction; a VAT line names the line it taxes."""

    card_transaction = models.ForeignKey(
        CardTransaction, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    card_transaction_recordno = models.BigIntegerField(db_index=True)
    line_no = models.IntegerField(null=True, blank=True)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    memo = models.TextField(blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    trx_amount = models.DecimalField(null=True, blank=True, **MONEY)
    currency = models.CharField(max_length=3, blank=True)
    department_id = models.CharField(max_length=100, blank=True)
    location_id = models.CharField(max_length=100, blank=True)
    vendor_intacct_id = models.CharField("vendor", max_length=100, blank=True)
    tax_detail = models.CharField(max_length=200, blank=True)
    tax_rate = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    taxed_line_recordno = models.BigIntegerField(
        "VAT of line (RECORDNO)", null=True, blank=True, help_text="PARENTTAXENTRY."
    )

    class Meta(IntacctRecord.Meta):
        ordering = ["card_transaction_id", "line_no"]

    def __str__(self) -> str:
        return f"Line {self.line_no} of card transaction {self.card_transaction_recordno}"

    @property
    def is_vat(self) -> bool:
        return self.taxed_line_recordno is not None
