"""Custom fields a consultant chose to import, per connection and Intacct object."""

from django.db import models


class CustomField(models.Model):
    """An Intacct custom field (``ISCUSTOM`` in ``lookup``) and whether it is imported."""

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="custom_fields"
    )
    object_name = models.CharField("Intacct object", max_length=60)
    field_id = models.CharField("Intacct field ID", max_length=100)
    label = models.CharField(max_length=200)
    datatype = models.CharField(max_length=30, blank=True)
    valid_values = models.JSONField(default=list, blank=True)
    enabled = models.BooleanField(
        "import it", default=False, help_text="Bring this field's values in on the next sync."
    )
    discovered_at = models.DateTimeField(auto_now_add=True)
    missing_in_intacct = models.BooleanField(
        default=False, editable=False, help_text="Intacct no longer reports this field."
    )

    class Meta:
        ordering = ["object_name", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "object_name", "field_id"], name="one_custom_field_per_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.object_name}.{self.field_id})"
