"""Invoice PDFs and supporting-document attachments, stored as files."""

from django.db import models

from ar.models.receivables import Invoice


def document_path(instance: "InvoiceDocument", filename: str) -> str:
    return f"invoices/{instance.invoice.connection_id}/{instance.invoice_id}/{filename}"


class InvoiceDocument(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "Invoice PDF"
        ATTACHMENT = "attachment", "Attachment"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=document_path, max_length=500)
    invoice_modified_at = models.DateTimeField(
        null=True, blank=True, help_text="The invoice's WHENMODIFIED when this was fetched."
    )
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["invoice", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "kind", "name"], name="one_document_per_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
