"""The connection's chosen custom fields of an object: which to select and their typed values."""

from typing import Any

from integrations.intacct import Record
from integrations.models import CustomField, IntacctConnection
from integrations.sync.steps import PullStep


def chosen_custom_fields(connection: IntacctConnection, step: PullStep) -> list[CustomField]:
    if not step.declaration.custom_fields:
        return []
    return list(
        CustomField.objects.filter(
            connection=connection, object_name=step.object_name, enabled=True
        ).order_by("field_id")
    )


def custom_values(record: Record, customs: list[CustomField]) -> dict[str, Any]:
    """Chosen custom fields as JSON-safe typed values (numbers as text, dates ISO)."""
    out: dict[str, Any] = {}
    for field in customs:
        text = record.text(field.field_id)
        if text is None:
            out[field.field_id] = None
        elif field.datatype in ("DECIMAL", "CURRENCY", "PERCENT", "INTEGER"):
            number = record.decimal(field.field_id)
            out[field.field_id] = str(number) if number is not None else text
        elif field.datatype == "DATE":
            day = record.date(field.field_id)
            out[field.field_id] = day.isoformat() if day else text
        elif field.datatype == "BOOLEAN":
            out[field.field_id] = text.strip().lower() in ("true", "t", "1")
        else:
            out[field.field_id] = text
    return out
