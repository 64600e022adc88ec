"""Matched vendor invoices to Intacct: ``create_potransaction`` of the "Vendor Invoice"
definition, converted from the matched PO (2-way) or receiver (3-way), with the seed's map —
invoice and due dates, per line the item, the source line (``sourcelinekey``), the location
(the payer entity), price = amount / quantity, quantity, unit, ``billable`` and ``taxable``
false; state Pending (a matched bill is written only once approved); vendor document number =
the invoice number, document number = the reference code, created from = the source's
document ID. Written once: those four are create-only, so a match is never updated.
Intacct posts the bill itself (MODULEKEY 9.PO); the next pull brings it, linked to the
vendor invoice and through it to the PO.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ap.models import MatchedLine, VendorInvoiceMatch
from ap.models.lifecycle import POSTED_STATUSES
from integrations.intacct import FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.legacy import CreatePoTransaction
from integrations.models import IntacctConnection, SyncState
from integrations.sync.steps import PushStep

DEFINITION = "Vendor Invoice"
PRICE = Decimal("0.0001")


def pending_matches(connection: IntacctConnection) -> Any:
    return (
        VendorInvoiceMatch.objects.filter(
            connection=connection,
            sync_state=SyncState.PENDING_PUSH,
            bill__app_status__in=list(POSTED_STATUSES),
        )
        .select_related("bill", "bill__vendor", "source_document", "connection")
        .order_by("pk")
    )


def _item(line: MatchedLine, connection: IntacctConnection) -> dict[str, Any]:
    source = line.source_line
    values: dict[str, Any] = {
        "itemid": source.item_id.split("--")[0],
        "taxable": "false",
        "quantity": line.quantity.normalize(),
        "unit": source.unit or None,
        "price": (line.amount / line.quantity).quantize(PRICE, ROUND_HALF_UP).normalize(),
        "sourcelinekey": source.intacct_recordno,
        "locationid": source.location_id or connection.push_location_id or None,
        "billable": "false",
    }
    return {k: v for k, v in values.items() if v not in (None, "")}


def match_create(match: VendorInvoiceMatch, controlid: str) -> CreatePoTransaction:
    bill = match.bill
    if bill.vendor is None or bill.bill_date is None:
        raise ValueError("The matched bill needs a vendor and an invoice date.")
    lines = list(MatchedLine.objects.filter(match=match).select_related("source_line"))
    return CreatePoTransaction(
        controlid=controlid,
        transactiontype=DEFINITION,
        datecreated=bill.bill_date,
        createdfrom=match.source_document.doc_id,
        vendorid=bill.vendor.vendor_id,
        documentno=match.reference_code,
        vendordocno=match.invoice_number,
        datedue=bill.due_date or bill.bill_date,
        state="Pending",
        potransitems=[_item(line, match.connection) for line in lines],
    )


def find_match(client: Any, match: VendorInvoiceMatch) -> Record | None:
    for page in client.query(
        "PODOCUMENT",
        ["RECORDNO", "DOCID"],
        filter=F.equal("DOCID", f"{DEFINITION}-{match.reference_code}"),
    ):
        for record in page.records:
            found: Record = record
            return found
    return None


def _match_key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    return None, outcome.key or ""  # the DOCID; the RECORDNO comes with the next pull


PUSH_VENDOR_INVOICES = PushStep(
    name="vendor_invoices_push",
    label="vendor invoices from PO matching (write-back)",
    object_name="PODOCUMENT",
    model=VendorInvoiceMatch,
    select_pending=pending_matches,
    build=match_create,
    find_existing=find_match,
    key_from_outcome=_match_key,
    depends_on=("vendors_push",),
)
