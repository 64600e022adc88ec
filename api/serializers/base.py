"""What every synced record shows: its binding to Intacct."""

from rest_framework import serializers

RECORD_FIELDS = (
    "id",
    "connection",
    "intacct_recordno",
    "intacct_id",
    "intacct_modified_at",
    "sync_state",
    "last_synced_at",
    "last_pushed_at",
)


class RecordSerializer(serializers.ModelSerializer):
    """Base of the read serializers of synced records (read-only; FKs as the app's IDs)."""

    class Meta:
        fields = RECORD_FIELDS
        read_only_fields = RECORD_FIELDS


def record_fields(*names: str) -> tuple[str, ...]:
    return (*RECORD_FIELDS, *names)
