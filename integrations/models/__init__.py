"""Models of the integration: connections, the synced-record base, runs, errors, catalogue,
and the company-wide master data both domains use."""

from integrations.models.catalogue import ErrorCatalogueEntry
from integrations.models.connections import (
    IntacctConnection,
    default_endpoint,
    validate_intacct_endpoint,
)
from integrations.models.cursors import ObjectFilter, SyncCursor
from integrations.models.custom_fields import CustomField
from integrations.models.errors import SyncError
from integrations.models.master import (
    Class,
    Contact,
    Department,
    GLAccount,
    Location,
    Status,
    Subsidiary,
)
from integrations.models.records import IntacctRecord, SyncState, sort_indexes
from integrations.models.request_slots import RequestSlot
from integrations.models.runs import SyncRun

__all__ = [
    "Class",
    "Contact",
    "CustomField",
    "Department",
    "ErrorCatalogueEntry",
    "GLAccount",
    "IntacctConnection",
    "IntacctRecord",
    "Location",
    "ObjectFilter",
    "RequestSlot",
    "Status",
    "Subsidiary",
    "SyncCursor",
    "SyncError",
    "SyncRun",
    "SyncState",
    "default_endpoint",
    "sort_indexes",
    "validate_intacct_endpoint",
]
