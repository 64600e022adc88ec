"""What every synced record shows: its binding to Intacct."""

from typing import Any, cast

from django.db import models
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


class ModelReadSerializer(serializers.ModelSerializer[Any]):
    """A read-only model serializer whose choice fields admit what the model admits: DRF drops
    ``allow_blank``/``allow_null`` from read-only fields, so the schema would wrongly refuse
    a blank status."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        opts = cast(type[models.Model], self.Meta.model)._meta
        for name, field in fields.items():
            if not isinstance(field, serializers.ChoiceField):
                continue
            try:
                model_field = opts.get_field(field.source or name)
            except Exception:  # noqa: S112 - a computed field: nothing to copy
                continue
            field.allow_blank = bool(getattr(model_field, "blank", False))
            field.allow_null = bool(getattr(model_field, "null", False))
        return fields


class RecordSerializer(ModelReadSerializer):
    """Base of the read serializers of synced records (read-only; FKs as the app's IDs)."""

    class Meta:
        fields = RECORD_FIELDS
        read_only_fields = RECORD_FIELDS


def record_fields(*names: str) -> tuple[str, ...]:
    return (*RECORD_FIELDS, *names)
