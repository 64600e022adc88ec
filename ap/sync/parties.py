"""Vendor and AP term pull steps.

Terms are master data (active ones in every full pass). Vendors: every full pass takes the
active and active non-posting vendors; incremental runs take what changed, so a vendor made
inactive in Intacct turns suspended here. A vendor deleted in Intacct is closed, never
dropped.
"""

from ap.declarations import parties as declarations
from ap.models import VendorStatus
from integrations.sync.steps import PullStep, every_stage

AP_TERMS = PullStep(
    name="ap_terms",
    label="AP payment terms",
    declaration=declarations.AP_TERM,
    active_only=True,
    stages=every_stage(),
)

VENDORS = PullStep(
    name="vendors",
    label="Vendors",
    declaration=declarations.VENDOR,
    depends_on=("subsidiaries", "contacts", "ap_terms"),
    active_only=True,
    stages=every_stage(),
    deleted_values={"status": VendorStatus.CLOSED.value},
)

PARTY_STEPS: tuple[PullStep, ...] = (AP_TERMS, VENDORS)
