"""Sync runs: the Recent Syncs log."""

from django.db import models
from django.db.models import Q


class SyncRun(models.Model):
    """One sync of one connection, scheduled or manual, with its counts and progress.

    At most one run per connection is queued or running: a partial unique index enforces it
    in the database (SQLite and PostgreSQL both support it), which is the per-connection lock.
    """

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        SYNC_NOW = "sync_now", "Sync Now"
        COMMAND = "command", "Command"
        RETRY = "retry", "Retry"
        MANUAL = "manual", "Manual import button"
        BACKFILL = "backfill", "Custom field backfill"

    class Stage(models.TextChoices):
        INITIAL = "initial", "Initial import"
        HISTORICAL = "historical", "Historical import"
        INCREMENTAL = "incremental", "Incremental"
        MANUAL_IMPORT = "manual_import", "Manual import"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIALLY_FAILED = "partially_failed", "Partially failed"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="runs"
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    objects_requested = models.JSONField(
        default=list, blank=True, help_text="Steps asked for; empty means every enabled step."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    parameters = models.JSONField(
        default=dict, blank=True, help_text="Options of a manual import (e.g. document type)."
    )
    reconcile_keys = models.BooleanField(
        default=False,
        help_text="Also compare every RECORDNO with Intacct and mark what it no longer has.",
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid running it.")
    window_start = models.CharField(
        max_length=40, blank=True, help_text="Earliest WHENMODIFIED asked for (Intacct format)."
    )
    window_end = models.CharField(max_length=40, blank=True)
    counts = models.JSONField(
        default=dict,
        blank=True,
        help_text="Per object: read, created, updated, unchanged, skipped, failed, deleted.",
    )
    records_read = models.PositiveIntegerField(default=0)
    records_written = models.PositiveIntegerField(default=0)
    records_failed = models.PositiveIntegerField(default=0)
    api_requests = models.PositiveIntegerField("API requests", default=0)
    billable_transactions = models.PositiveIntegerField(default=0)
    progress = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    requested_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [
            models.Index(fields=["connection", "-queued_at"]),
            models.Index(fields=["stage", "-queued_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["connection"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_connection",
            )
        ]
        verbose_name = "sync run"
        verbose_name_plural = "Recent syncs"

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of {self.connection} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def duration_seconds(self) -> float | None:
        if not self.started_at:
            return None
        end = self.finished_at or self.heartbeat_at or self.started_at
        return (end - self.started_at).total_seconds()
