"""Services of invoices made in the app: create, change lines, issue, renumber.

An issued invoice is queued for the push whenever what would be sent changes (its fields or
its lines); a draft is only saved. Invoices imported from Intacct are never changed here.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ar.models import AppState, Customer, Invoice, InvoiceEntry, Origin
from integrations.models import IntacctConnection, SyncState
from integrations.sync.pending import record_mark_pending_push

LINE_FIELDS = ("gl_account", "amount", "memo", "location_id", "department_id")


class NotAnAppInvoice(ValueError):
    """The invoice was imported from Intacct: the app does not change it."""


def lines_digest(invoice: Invoice) -> str:
    rows = [
        [e.line_no, e.gl_account, str(e.amount), e.memo, e.location_id, e.department_id]
        for e in InvoiceEntry.objects.filter(invoice=invoice).order_by("line_no", "id")
    ]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def app_invoice_queue(*, invoice: Invoice) -> bool:
    """Save ``invoice`` (lines already saved) and queue it when issued and changed.

    Returns whether it was queued for the next push.
    """
    if invoice.pk is not None and invoice.origin != Origin.APP:
        raise NotAnAppInvoice(f"Invoice {invoice} was imported from Intacct; it is not pushed.")
    invoice.origin = Origin.APP
    invoice.app_state = invoice.app_state or AppState.DRAFT
    with transaction.atomic():
        if invoice.pk is None:
            invoice.save()
        invoice.lines_digest = lines_digest(invoice)
        if invoice.app_state == AppState.ISSUED:
            return record_mark_pending_push(record=invoice)
        invoice.save()
        return False


def app_invoice_create(
    *,
    connection: IntacctConnection,
    customer: Customer,
    number: str,
    invoice_date: date,
    lines: Iterable[Mapping[str, Any]],
    due_date: date | None = None,
    term_name: str = "",
    currency: str = "",
    description: str = "",
    reference: str = "",
    issue: bool = False,
) -> Invoice:
    """A new invoice made in the app, draft or issued (queued for the push)."""
    with transaction.atomic():
        invoice = Invoice(
            connection=connection,
            origin=Origin.APP,
            app_state=AppState.ISSUED if issue else AppState.DRAFT,
            customer=customer,
            number=number,
            invoice_date=invoice_date,
            due_date=due_date,
            term_name=term_name,
            currency=currency,
            description=description,
            reference=reference,
            sync_state=SyncState.SKIPPED,  # a draft: nothing to push yet
        )
        invoice.save()
        for n, line in enumerate(lines, start=1):
            InvoiceEntry.objects.create(
                invoice=invoice,
                line_no=line.get("line_no", n),
                gl_account=line.get("gl_account", ""),
                amount=Decimal(str(line["amount"])),
                memo=line.get("memo", ""),
                location_id=line.get("location_id", ""),
                department_id=line.get("department_id", ""),
            )
        app_invoice_queue(invoice=invoice)
    return invoice


def app_invoice_issue(*, invoice: Invoice) -> bool:
    """Draft → issued: from now on it is pushed."""
    invoice.app_state = AppState.ISSUED
    return app_invoice_queue(invoice=invoice)


def app_invoice_change(*, invoice: Invoice, **values: Any) -> bool:
    """Change header fields (e.g. ``number`` after a numbering collision) and queue it."""
    for name, value in values.items():
        setattr(invoice, name, value)
    return app_invoice_queue(invoice=invoice)
