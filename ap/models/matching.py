"""A vendor's invoice matched here to PO lines (2-way) or receiver lines (3-way), written to
Intacct as a "Vendor Invoice" purchasing transaction converted from that document."""

from django.db import models

from ap.models.purchasing import PurchasingDocument, PurchasingLine
from integrations.models import IntacctRecord
from integrations.models.documents import MONEY

__all__ = ["MatchedLine", "VendorInvoiceMatch"]


class VendorInvoiceMatch(IntacctRecord):
    """One matched invoice; ``intacct_id`` is the vendor invoice's DOCID once written."""

    class Mode(models.TextChoices):
        TWO_WAY = "2-way", "2-way (PO lines)"
        THREE_WAY = "3-way", "3-way (receiver lines)"

    bill = models.OneToOneField("ap.Bill", on_delete=models.CASCADE, related_name="po_match")
    source_document = models.ForeignKey(
        PurchasingDocument, on_delete=models.PROTECT, related_name="invoice_matches"
    )
    mode = models.CharField(max_length=5, choices=Mode.choices)
    invoice_number = models.CharField(max_length=100, help_text="The vendor's document number.")
    reference_code = models.CharField(max_length=100, help_text="The document number in Intacct.")

    class Meta(IntacctRecord.Meta):
        verbose_name = "vendor invoice match"

    def __str__(self) -> str:
        return f"{self.invoice_number} from {self.source_document}"


class MatchedLine(models.Model):
    match = models.ForeignKey(VendorInvoiceMatch, on_delete=models.CASCADE, related_name="lines")
    source_line = models.ForeignKey(PurchasingLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=18, decimal_places=4)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["match_id", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.source_line_id}"
