"""Tipalti's purchasing status map, shipped with the product.

Loaded by a data migration, and again after a flush (tests, ``manage.py flush``) when the
map is empty: an empty map would leave every purchase order without a status. A map with any
row is the consultants' and is left alone, so a mapping they deleted stays deleted.
"""

from typing import Any

BOTH = ""
# (document kind, Intacct state, matching mode, status here)
TIPALTI_STATUS_MAP = (
    ("po", "Submitted", BOTH, "pending_approval"),
    ("po", "Partially Approved", BOTH, "pending_approval"),
    ("po", "Draft", BOTH, "pending_approval"),
    ("po", "Closed", BOTH, "closed"),
    ("po", "Converted", "2-way", "closed"),
    ("po", "Pending", BOTH, "active"),
    ("po", "In Progress", BOTH, "active"),
    ("po", "Converted", "3-way", "active"),
    ("po", "Partially Converted", "3-way", "active"),
    ("po", "Declined", BOTH, "deleted"),
    ("po", "Partially Converted", "2-way", "partially_billed"),
    ("receiver", "Draft", BOTH, "active"),
    ("receiver", "Pending", BOTH, "active"),
    ("receiver", "In Progress", BOTH, "active"),
    ("receiver", "Partially Converted", BOTH, "active"),
    ("receiver", "Closed", BOTH, "closed"),
    ("receiver", "Converted", BOTH, "closed"),
    ("receiver", "Declined", BOTH, "deleted"),
)


def seed_status_map(mapping_model: Any, using: str = "default") -> int:
    """Load Tipalti's map into an empty ``StatusMapping`` table; returns the rows added."""
    rows = mapping_model.objects.using(using)
    if rows.exists():
        return 0
    rows.bulk_create(
        [
            mapping_model(
                document_kind=kind, intacct_state=state, matching_mode=mode, status=status
            )
            for kind, state, mode, status in TIPALTI_STATUS_MAP
        ]
    )
    return len(TIPALTI_STATUS_MAP)


def restore_status_map(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver (``sender`` is AP's app config): the shipped map is back after a
    flush emptied it."""
    if sender.label != "ap":
        return
    seed_status_map(sender.get_model("StatusMapping"), using=using)
