"""Per connection and object: where the last pull got to, and the consultant's filters."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from integrations.validators import validate_xml_text


class SyncCursor(models.Model):
    """High-water mark of a pull: the last committed (WHENMODIFIED, RECORDNO)."""

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="cursors"
    )
    step = models.CharField(max_length=60)
    object_name = models.CharField(max_length=60)
    last_modified = models.CharField(
        max_length=40, blank=True, help_text="WHENMODIFIED in Intacct's MM/DD/YYYY HH:MM:SS."
    )
    last_recordno = models.BigIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a full pass last finished (set at the run's end)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "step"], name="one_cursor_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.step} @ {self.last_modified or 'start'}"


FIELD_NAME = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$")


class ObjectFilter(models.Model):
    """A consultant's extra condition on what is pulled for one step (ANDed with the others)."""

    class Operator(models.TextChoices):
        EQUAL = "equal", "equals"
        NOT_EQUAL = "not_equal", "does not equal"
        IN = "in", "is one of (comma-separated)"
        NOT_IN = "not_in", "is none of (comma-separated)"
        LIKE = "like", "matches (use % as wildcard)"
        GREATER_OR_EQUAL = "greater_than_or_equal", "is at least"
        LESS_OR_EQUAL = "less_than_or_equal", "is at most"
        IS_NULL = "is_null", "is empty"
        IS_NOT_NULL = "is_not_null", "is not empty"

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="object_filters"
    )
    step = models.CharField(max_length=60, help_text="What it filters (e.g. customers).")
    field = models.CharField(
        max_length=100, help_text="Intacct field name, e.g. CUSTTYPE or GLGROUP."
    )
    operator = models.CharField(max_length=30, choices=Operator.choices, default=Operator.EQUAL)
    value = models.CharField(max_length=500, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step", "field"]

    def __str__(self) -> str:
        return f"{self.step}: {self.field} {self.get_operator_display()} {self.value}".strip()

    def clean(self) -> None:
        self.field = (self.field or "").strip().upper()
        if not FIELD_NAME.match(self.field):
            raise ValidationError(
                {"field": "Use an Intacct field name: letters, digits, underscores (CUSTTYPE)."}
            )
        needs_value = self.operator not in (self.Operator.IS_NULL, self.Operator.IS_NOT_NULL)
        try:
            validate_xml_text(self.value)
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from None
        if needs_value and not self.value.strip():
            raise ValidationError({"value": "This operator needs a value."})
        if self.operator in (self.Operator.IN, self.Operator.NOT_IN) and not self.values:
            raise ValidationError({"value": "List one or more values, separated by commas."})

    @property
    def values(self) -> list[str]:
        return [v.strip() for v in self.value.split(",") if v.strip()]
