"""Services of invoices made in the app: create, change lines, issue, renumber, push now.

An issued invoice is queued for the push whenever what would be sent changes (its fields or
its lines); a draft is only saved. Invoices imported from Intacct are never changed here.
Once pushed, an invoice changes only while Intacct allows an update (PROTOCOL §17.1.2): not
when paid or reversed, and never by removing a line Intacct holds.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from ar.models import AppState, Customer, Invoice, InvoiceEntry, Origin
from ar.push.invoices import update_refusal
from integrations.models import IntacctConnection, SyncRun, SyncState
from integrations.push_services import record_push_now
from integrations.sync.pending import record_mark_pending_push

LINE_FIELDS = ("gl_account", "amount", "memo", "location_id", "department_id")


class NotAnAppInvoice(ValueError):
    """The invoice was imported from Intacct: the app does not change it."""


class InvoiceLocked(ValueError):
    """Intacct no longer allows this change of the pushed invoice."""


class InvoiceChangeInvalid(ValueError):
    """The change would leave an invoice Intacct refuses (e.g. one without lines)."""


class InvoiceNotIssued(ValueError):
    """A draft is not pushed."""


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


def app_invoice_push_now(*, invoice: Invoice, requested_by: str = "") -> SyncRun:
    """Push now (the admin's button): an explicit push of the invoices' step, queued; a failed
    invoice is queued again first. Raises RunAlreadyActive / ConnectionUnavailable."""
    _own(invoice)
    if invoice.app_state != AppState.ISSUED:
        raise InvoiceNotIssued(f"Invoice {invoice} is a draft; issue it before pushing it.")
    if invoice.sync_state == SyncState.FAILED:
        Invoice.objects.filter(pk=invoice.pk).update(sync_state=SyncState.PENDING_PUSH)
        invoice.sync_state = SyncState.PENDING_PUSH
    return record_push_now(record=invoice, requested_by=requested_by)


def app_invoice_line_add(
    *,
    invoice: Invoice,
    amount: Decimal,
    gl_account: str = "",
    memo: str = "",
    location_id: str = "",
    department_id: str = "",
) -> InvoiceEntry:
    """A new last line (Intacct adds it on the next update); the invoice is queued if issued."""
    with transaction.atomic():
        _changeable(invoice)
        last = invoice.entries.aggregate(last=Max("line_no"))["last"] or 0
        entry = InvoiceEntry.objects.create(
            invoice=invoice,
            line_no=last + 1,
            gl_account=gl_account,
            amount=amount,
            memo=memo,
            location_id=location_id,
            department_id=department_id,
        )
        app_invoice_queue(invoice=invoice)
    return entry


def app_invoice_line_change(*, invoice: Invoice, entry: InvoiceEntry, **values: Any) -> bool:
    """Change fields of one line (``LINE_FIELDS``); returns whether the invoice was queued."""
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise InvoiceChangeInvalid(f"Not a line field: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        _changeable(invoice)
        _line_of(invoice, entry)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.save(update_fields=list(values) or None)
        return app_invoice_queue(invoice=invoice)


def app_invoice_line_remove(*, invoice: Invoice, entry: InvoiceEntry) -> bool:
    """Remove one line. Intacct cannot remove a line it holds: after the push only a line
    added since can go. The last line never goes. Returns whether the invoice was queued."""
    with transaction.atomic():
        _changeable(invoice)
        lines = list(InvoiceEntry.objects.filter(invoice=invoice).order_by("line_no", "id"))
        position = _line_of(invoice, entry, lines=lines)
        if len(lines) == 1:
            raise InvoiceChangeInvalid("An invoice needs at least one line.")
        refusal = line_removal_refusal(invoice=invoice, position=position)
        if refusal:
            raise InvoiceLocked(refusal)
        entry.delete()
        return app_invoice_queue(invoice=invoice)


def line_removal_refusal(*, invoice: Invoice, position: int) -> str | None:
    """Why the line at ``position`` (1-based, in line order) cannot be removed, or None:
    Intacct keeps every line it holds; only a line added since the push can go."""
    if invoice.intacct_recordno is None or position > invoice.pushed_line_count:
        return None
    return (
        f"Intacct cannot remove lines from an invoice; line {position} is one of the "
        f"{invoice.pushed_line_count} it holds. Reverse the invoice in Intacct and make "
        "a new one."
    )


def _own(invoice: Invoice) -> None:
    if invoice.origin != Origin.APP:
        raise NotAnAppInvoice(f"Invoice {invoice} was imported from Intacct; it is not pushed.")


def _changeable(invoice: Invoice) -> None:
    """Refuse a change Intacct would not take: the invoice is imported, paid or reversed."""
    _own(invoice)
    if invoice.intacct_recordno is not None:
        refusal = update_refusal(invoice)
        if refusal:
            raise InvoiceLocked(f"Intacct no longer allows changing invoice {invoice}: {refusal}")


def _line_of(
    invoice: Invoice, entry: InvoiceEntry, *, lines: list[InvoiceEntry] | None = None
) -> int:
    """The 1-based position of ``entry`` among the invoice's lines (it must be one of them)."""
    if entry.invoice_id != invoice.pk:
        raise InvoiceChangeInvalid(f"Line {entry.pk} is not a line of invoice {invoice}.")
    ordered = lines if lines is not None else list(invoice.entries.order_by("line_no", "id"))
    return [e.pk for e in ordered].index(entry.pk) + 1
