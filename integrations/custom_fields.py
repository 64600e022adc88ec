"""Discovering the custom fields Intacct has, so a consultant can pick which to import.

Discovery asks ``lookup`` for each supported object and keeps one ``CustomField`` row per
field that Intacct marks ``ISCUSTOM``. It never enables a field: importing one is the
consultant's choice. The label and type are the consultant's too once the row exists; what
discovery refreshes is what only Intacct knows (picklist values, whether the field exists).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from integrations.models import CustomField, IntacctConnection
from integrations.sync.clients import client_for

# Objects whose custom fields the pull steps can import (their models have custom_fields).
DISCOVERABLE_OBJECTS = ("CUSTOMER", "ARINVOICE")

# lookup's DATATYPE words, as the engine types values (see integrations.sync.pull.customs).
DATATYPES = (
    ("TEXT", "Text"),
    ("DECIMAL", "Number"),
    ("INTEGER", "Whole number"),
    ("CURRENCY", "Currency amount"),
    ("PERCENT", "Percent"),
    ("DATE", "Date"),
    ("BOOLEAN", "Checkbox"),
    ("ENUM", "Picklist"),
)


@dataclass
class DiscoveryResult:
    """Field IDs per outcome, as ``OBJECT.FIELD``."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Missing fields still enabled: the next pull of their object fails until they are unticked.
    missing_enabled: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.created)} new",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.missing)} no longer in Intacct",
        ]
        return ", ".join(parts)


def custom_fields_discover(
    *,
    connection: IntacctConnection,
    client: Any = None,
    objects: tuple[str, ...] = DISCOVERABLE_OBJECTS,
) -> DiscoveryResult:
    """Create or refresh the connection's CustomField rows from Intacct's ``lookup``.

    Raises the client's IntacctError when Intacct cannot be asked; nothing changes then.
    """
    own = client is None
    client = client_for(connection) if own else client
    try:
        definitions = {name: client.lookup(name) for name in objects}
    finally:
        if own:
            client.close()
    result = DiscoveryResult()
    with transaction.atomic():
        for object_name, definition in definitions.items():
            _apply(connection, object_name, [f for f in definition.fields if f.is_custom], result)
    return result


def _apply(
    connection: IntacctConnection, object_name: str, fields: list[Any], result: DiscoveryResult
) -> None:
    existing = {
        row.field_id: row
        for row in CustomField.objects.select_for_update().filter(
            connection=connection, object_name=object_name
        )
    }
    reported = set()
    for definition in fields:
        field_id = definition.id.upper()
        reported.add(field_id)
        name = f"{object_name}.{field_id}"
        valid_values = list(definition.valid_values or [])
        row = existing.get(field_id)
        if row is None:
            CustomField.objects.create(
                connection=connection,
                object_name=object_name,
                field_id=field_id,
                label=(definition.label or field_id)[:200],
                datatype=(definition.datatype or "TEXT")[:30],
                valid_values=valid_values,
                enabled=False,
            )
            result.created.append(name)
        elif row.valid_values != valid_values or row.missing_in_intacct:
            row.valid_values = valid_values
            row.missing_in_intacct = False
            row.save(update_fields=["valid_values", "missing_in_intacct"])
            result.updated.append(name)
        else:
            result.unchanged.append(name)
    for field_id, row in existing.items():
        if field_id in reported:
            continue
        name = f"{object_name}.{field_id}"
        result.missing.append(name)
        if row.enabled:
            result.missing_enabled.append(name)
        if not row.missing_in_intacct:
            row.missing_in_intacct = True
            row.save(update_fields=["missing_in_intacct"])
