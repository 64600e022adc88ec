"""How a synced record is shown, the same in the admin and the API: a document's currencies
and totals, in their order, and the code of the entity it belongs to."""

from typing import Any

# The fields of DocumentTotals (integrations.models.documents), as they are listed.
DOCUMENT_TOTALS = (
    "currency",
    "base_currency",
    "exchange_rate",
    "total_entered",
    "total_paid",
    "total_due",
    "trx_total_entered",
    "trx_total_paid",
    "trx_total_due",
)


def entity_code(record: Any) -> str | None:
    """The Intacct ID (LOCATIONID) of the record's entity: a document's ``subsidiary``, a
    party's ``created_in_entity``; None at the top level."""
    for name in ("subsidiary", "created_in_entity"):
        entity = getattr(record, name, None)
        if entity is not None:
            return str(entity.location_id)
    return None
