"""Matching a vendor's invoice to PO lines (2-way) or receiver lines (3-way), over-billing
refused. A matched bill is written to Intacct as a vendor invoice (``ap.push.vendor_invoices``)
once it is approved, never before."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from ap.models import (
    Bill,
    MatchedLine,
    PurchasingDocument,
    PurchasingLine,
    VendorInvoiceMatch,
)
from ap.models.purchasing import DocumentKind
from integrations.sync.pending import record_mark_pending_push


class OverBillingError(ValueError):
    """A matched quantity or amount beyond what the PO / receiver line has left."""


def _already(line: PurchasingLine) -> tuple[Decimal, Decimal]:
    """What earlier matches here billed of ``line`` (Intacct's converted quantity of a PO
    line counts its receipts too, so it is not billing)."""
    done = MatchedLine.objects.filter(source_line=line).aggregate(
        quantity=Sum("quantity"), amount=Sum("amount")
    )
    return done["quantity"] or Decimal(0), done["amount"] or Decimal(0)


def _n(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)).normalize():f}"


def vendor_invoice_match(
    *,
    bill: Bill,
    source_document: PurchasingDocument,
    lines: Sequence[tuple[PurchasingLine, Decimal, Decimal]],
    invoice_number: str,
    reference_code: str,
    invoice_date: date,
    due_date: date | None = None,
) -> VendorInvoiceMatch:
    """Match ``bill`` to lines (line, quantity, amount) of a PO (2-way) or receiver (3-way)."""
    if source_document.kind == DocumentKind.PURCHASE_ORDER:
        mode = VendorInvoiceMatch.Mode.TWO_WAY
    elif source_document.kind == DocumentKind.RECEIVER:
        mode = VendorInvoiceMatch.Mode.THREE_WAY
    else:
        raise OverBillingError("Match to a purchase order or a PO receiver.")
    if not lines:
        raise OverBillingError("Match at least one line.")
    problems = []
    for line, quantity, amount in lines:
        if line.document_id != source_document.pk:
            problems.append(f"{line.item_id} is not a line of {source_document}.")
            continue
        if quantity <= 0 or amount <= 0:
            problems.append(f"{line.item_id}: quantity and amount must be positive.")
            continue
        done_quantity, done_amount = _already(line)
        if done_quantity + quantity > (line.quantity or Decimal(0)):
            problems.append(
                f"{line.item_id}: quantity {_n(quantity)} more would bill "
                f"{_n(done_quantity + quantity)} of {_n(line.quantity)}."
            )
        if done_amount + amount > (line.amount or Decimal(0)):
            problems.append(
                f"{line.item_id}: amount {amount} more would bill {done_amount + amount} of "
                f"{line.amount}."
            )
    if problems:
        raise OverBillingError("Over-billing refused. " + " ".join(problems))
    with transaction.atomic():
        Bill.objects.filter(pk=bill.pk).update(
            source_document=source_document,
            bill_date=invoice_date,
            due_date=due_date,
            reference=invoice_number,
            reference_code=reference_code,
        )
        match = VendorInvoiceMatch(
            connection=bill.connection,
            bill=bill,
            source_document=source_document,
            mode=mode,
            invoice_number=invoice_number,
            reference_code=reference_code,
        )
        record_mark_pending_push(record=match)
        MatchedLine.objects.bulk_create(
            MatchedLine(match=match, source_line=line, quantity=quantity, amount=amount)
            for line, quantity, amount in lines
        )
    return match
