"""Sync runs, sync errors (with the troubleshooting catalogue's fix) and connections."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import MAX_ID
from api.serializers.base import ModelReadSerializer
from integrations.models import ErrorCatalogueEntry, IntacctConnection, SyncError, SyncRun


class SyncRunSerializer(ModelReadSerializer):
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = SyncRun
        fields = (
            "id",
            "connection",
            "trigger",
            "stage",
            "status",
            "objects_requested",
            "parameters",
            "reconcile_keys",
            "queued_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "duration_seconds",
            "window_start",
            "window_end",
            "counts",
            "records_read",
            "records_written",
            "records_failed",
            "api_requests",
            "billable_transactions",
            "progress",
            "message",
            "requested_by",
        )
        read_only_fields = fields


class CatalogueFixSerializer(ModelReadSerializer):
    admin_link = serializers.SerializerMethodField()

    class Meta:
        model = ErrorCatalogueEntry
        fields = (
            "id",
            "title",
            "cause",
            "fix_steps",
            "intacct_menu_path",
            "retry_safe",
            "admin_link",
        )
        read_only_fields = fields

    def get_admin_link(self, obj: ErrorCatalogueEntry) -> str:
        return obj.link_for(self.context.get("connection_id"))


class SyncErrorSerializer(ModelReadSerializer):
    catalogue_fix = serializers.SerializerMethodField()

    class Meta:
        model = SyncError
        fields = (
            "id",
            "connection",
            "run",
            "step",
            "object_name",
            "direction",
            "record_key",
            "record_label",
            "local_model",
            "local_pk",
            "errorno",
            "summary",
            "errors",
            "status",
            "first_seen",
            "last_seen",
            "repeat_count",
            "resolved_at",
            "history",
            "catalogue_fix",
        )
        read_only_fields = fields

    @extend_schema_field(CatalogueFixSerializer(allow_null=True))
    def get_catalogue_fix(self, obj: SyncError) -> dict[str, object] | None:
        entry = obj.catalogue_entry
        if entry is None:
            return None
        return CatalogueFixSerializer(entry, context={"connection_id": obj.connection_id}).data


class ConnectionSerializer(ModelReadSerializer):
    """A connection's settings and status; its passwords are never part of any answer."""

    class Meta:
        model = IntacctConnection
        fields = (
            "id",
            "name",
            "endpoint_url",
            "company_id",
            "entity_id",
            "user_id",
            "sender_id",
            "enabled",
            "daily_sync_time",
            "hourly_sync",
            "credentials_status",
            "credentials_message",
            "credentials_checked_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ErrorActionResultSerializer(serializers.Serializer[Any]):
    error = SyncErrorSerializer(read_only=True)
    run = SyncRunSerializer(read_only=True, allow_null=True)
    message = serializers.CharField(read_only=True)


class SyncNowSerializer(serializers.Serializer[Any]):
    connection = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ManualImportSerializer(serializers.Serializer[Any]):
    connection = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    what = serializers.CharField(max_length=100, help_text="The import's name, e.g. customers.")
    parameters = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True), required=False
    )
