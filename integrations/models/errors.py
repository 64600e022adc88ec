"""Per-record sync errors."""

from django.db import models
from django.db.models import Q


class SyncError(models.Model):
    """A record (or a whole step) that failed to sync, deduplicated while it stays unresolved."""

    class Direction(models.TextChoices):
        PULL = "pull", "Intacct → app"
        PUSH = "push", "App → Intacct"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RETRYING = "retrying", "Retrying"
        SKIPPED = "skipped", "Skipped in future syncs"
        RESOLVED = "resolved", "Resolved"

    UNRESOLVED = (Status.OPEN, Status.RETRYING, Status.SKIPPED)

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="sync_errors"
    )
    run = models.ForeignKey(
        "integrations.SyncRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="errors",
        help_text="The last run that met this error.",
    )
    step = models.CharField(max_length=60)
    object_name = models.CharField("Intacct object", max_length=60, db_index=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    record_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Intacct RECORDNO for pulls, local key for pushes; blank when a step failed.",
    )
    record_label = models.CharField(max_length=300, blank=True)
    local_model = models.CharField(max_length=100, blank=True)
    local_pk = models.CharField(max_length=64, blank=True)
    errorno = models.CharField(
        "error number", max_length=100, blank=True, db_index=True, help_text="The first error's."
    )
    summary = models.TextField(blank=True)
    errors = models.JSONField(
        default=list,
        help_text="Every Intacct error: errorno, description, description2, correction.",
    )
    raw_response = models.TextField(blank=True, help_text="Scrubbed of credentials and sessions.")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True)
    repeat_count = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    catalogue_entry = models.ForeignKey(
        "integrations.ErrorCatalogueEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sync_errors",
    )
    history = models.JSONField(
        default=list, blank=True, help_text="Actions taken, with who and when."
    )

    class Meta:
        ordering = ["-last_seen", "-id"]
        indexes = [models.Index(fields=["connection", "object_name", "direction", "record_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "object_name", "direction", "record_key"],
                condition=Q(status__in=["open", "retrying", "skipped"]),
                name="one_unresolved_error_per_record",
            )
        ]

    def __str__(self) -> str:
        target = self.record_label or self.record_key or self.step
        return f"{self.object_name} {target}: {self.errorno or self.summary[:60]}"
