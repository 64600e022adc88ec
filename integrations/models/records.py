"""The abstract base of every record that is synced with Intacct."""

from django.db import models


def sort_indexes(prefix: str, *fields: str) -> list[models.Index]:
    """An index on ``(field, id)`` for each column a list sorts or filters by.

    Lists break ties by the primary key in the sort's own direction, so one index serves the
    sort both ways (and an equality filter on the field, with the newest rows first).
    """
    return [models.Index(fields=[f, "id"], name=f"{prefix}_{f}"[:26] + "_srt") for f in fields]


class SyncState(models.TextChoices):
    SYNCED = "synced", "Synced"
    PENDING_PUSH = "pending_push", "Pending push"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"
    DELETED_IN_INTACCT = "deleted_in_intacct", "Deleted in Intacct"


class IntacctRecord(models.Model):
    """Binding of a local row to one Intacct record: (connection, object, RECORDNO) is unique.

    ``sync_hash`` is a digest of the values the last pull mapped, so an unchanged record is
    recognised without writing it again.
    """

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    intacct_recordno = models.BigIntegerField("Intacct RECORDNO", null=True, blank=True)
    intacct_id = models.CharField("Intacct ID", max_length=200, blank=True, db_index=True)
    intacct_modified_at = models.DateTimeField(
        "modified in Intacct",
        null=True,
        blank=True,
        help_text="WHENMODIFIED as Intacct reports it (company time zone, no offset).",
    )
    sync_state = models.CharField(
        max_length=20, choices=SyncState.choices, default=SyncState.SYNCED, db_index=True
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    sync_hash = models.CharField(max_length=40, blank=True, editable=False)
    push_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped on every local change that must be pushed."
    )
    last_pushed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Fields that only Intacct changes; the admin shows them read-only.
    BINDING_FIELDS = (
        "connection",
        "intacct_recordno",
        "intacct_id",
        "intacct_modified_at",
        "sync_state",
        "last_synced_at",
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "intacct_recordno"],
                name="%(app_label)s_%(class)s_unique_recordno",
            )
        ]
