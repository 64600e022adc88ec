"""The invoice write-back step: app-made invoices to Intacct with ``create_invoice`` /
``update_invoice``, their customers matched or created first, looked up by number and
customer after an ambiguous outcome.

Only issued invoices made in the app are pending; imported invoices and drafts never are.
"""

from collections.abc import Iterable
from typing import Any

from ar.models import AppState, Invoice, InvoiceEntry, Origin
from ar.push.customers import PUSH_CUSTOMERS, resolve_customers
from ar.push.validation import LineValues, MasterData, invoice_problems, line_values
from integrations.intacct import FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.legacy import CreateInvoice, UpdateInvoice
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import INVALID, PushBatch
from integrations.sync.steps import PushStep

PAID_STATES = ("Paid", "Partially Paid", "Selected")
REVERSED_STATES = ("Reversed", "Reversal")
DAILY_RATE = "Intacct Daily Rate"


def pending_invoices(connection: IntacctConnection) -> Iterable[Invoice]:
    return (
        Invoice.objects.filter(
            connection=connection,
            origin=Origin.APP,
            sync_state__in=(SyncState.PENDING_PUSH,),
        )
        .exclude(app_state=AppState.DRAFT)
        .select_related("customer", "connection")
        .order_by("pk")
    )


def _lines_of(
    invoices: list[Invoice], connection: IntacctConnection
) -> dict[int, list[LineValues]]:
    out: dict[int, list[LineValues]] = {inv.pk: [] for inv in invoices}
    for entry in InvoiceEntry.objects.filter(invoice__in=[i.pk for i in invoices]).order_by(
        "invoice_id", "line_no", "id"
    ):
        out[entry.invoice_id].append(line_values(entry, connection))
    return out


def prepare_invoices(batch: PushBatch) -> None:
    """Lines with the connection's settings, validation, then customers (matched or created)."""
    connection = batch.connection
    if "master" not in batch.memo:
        batch.memo["master"] = MasterData.load(connection)
    master: MasterData = batch.memo["master"]
    invoices: list[Invoice] = list(batch.records)
    lines = _lines_of(invoices, connection)
    valid: list[Invoice] = []
    for invoice in invoices:
        invoice.push_lines = lines[invoice.pk]  # type: ignore[attr-defined]
        if invoice.origin != Origin.APP:
            batch.refuse(invoice, "Imported from Intacct: Intacct is its source of truth.")
            continue
        problems = invoice_problems(invoice, lines[invoice.pk], master)
        if problems:
            batch.refuse(invoice, " ".join(problems), errorno=INVALID)
        else:
            valid.append(invoice)
    customers = resolve_customers(batch, valid)
    for invoice in valid:
        customer_id = customers.get(invoice.pk)
        if customer_id is None:
            continue
        if invoice.customer_intacct_id != customer_id:
            invoice.customer_intacct_id = customer_id
            Invoice.objects.filter(pk=invoice.pk).update(customer_intacct_id=customer_id)


def _line(line: LineValues) -> dict[str, Any]:
    values: dict[str, Any] = {"glaccountno": line.gl_account, "amount": line.amount}
    if line.memo:
        values["memo"] = line.memo
    if line.location_id:
        values["locationid"] = line.location_id
    if line.department_id:
        values["departmentid"] = line.department_id
    return values


def _header(invoice: Invoice) -> dict[str, Any]:
    values: dict[str, Any] = {
        "customerid": invoice.customer_intacct_id,
        "datecreated": invoice.invoice_date,
    }
    if invoice.due_date:
        values["datedue"] = invoice.due_date
    if invoice.term_name.strip():
        values["termname"] = invoice.term_name.strip()
    values["invoiceno"] = invoice.number.strip()
    if invoice.reference.strip():
        values["ponumber"] = invoice.reference.strip()
    if invoice.description.strip():
        values["description"] = invoice.description.strip()
    if invoice.currency:
        values["currency"] = invoice.currency
        values["exchratetype"] = DAILY_RATE
    return values


def invoice_create(invoice: Invoice, controlid: str) -> CreateInvoice:
    lines: list[LineValues] = invoice.push_lines  # type: ignore[attr-defined]
    return CreateInvoice(
        controlid=controlid, **_header(invoice), invoiceitems=[_line(x) for x in lines]
    )


def invoice_update(invoice: Invoice, controlid: str) -> UpdateInvoice:
    lines: list[LineValues] = invoice.push_lines  # type: ignore[attr-defined]
    items = [
        {**_line(x), "line_num": n} if n <= invoice.pushed_line_count else _line(x)
        for n, x in enumerate(lines, start=1)
    ]
    return UpdateInvoice(
        controlid=controlid,
        key=invoice.intacct_recordno,
        **_header(invoice),
        updateinvoiceitems=items,
    )


def update_refusal(invoice: Invoice) -> str:
    """Why Intacct no longer lets the pushed invoice change ("" when it does)."""
    if invoice.state in REVERSED_STATES:
        return f"it is {invoice.state.lower()} in Intacct."
    if invoice.state in PAID_STATES or (invoice.total_paid or 0) > 0:
        return (
            f"payments are applied to it in Intacct (state: {invoice.state or 'paid'}), which "
            "locks a paid invoice. Reverse the payment in Intacct first, or undo the change."
        )
    lines = getattr(invoice, "push_lines", None)
    if lines is not None and len(lines) < invoice.pushed_line_count:
        return (
            f"Intacct cannot remove lines from an invoice (it has {invoice.pushed_line_count}, "
            f"the invoice here has {len(lines)}). Reverse it in Intacct and make a new one."
        )
    return ""


def find_invoices(client: Any, invoices: list[Invoice]) -> dict[Any, Record]:
    """Intacct's invoices with the numbers and customers of ``invoices`` (one query)."""
    wanted = {(i.number.strip(), i.customer_intacct_id): i.pk for i in invoices}
    numbers = sorted({number for number, _ in wanted})
    found: dict[Any, Record] = {}
    for start in range(0, len(numbers), 1000):
        chunk = numbers[start : start + 1000]
        for page in client.query(
            "ARINVOICE", ["RECORDNO", "RECORDID", "CUSTOMERID"], filter=F.in_("RECORDID", chunk)
        ):
            for record in page.records:
                key = (record.text("RECORDID") or "", record.text("CUSTOMERID") or "")
                if key in wanted:
                    found[wanted[key]] = record
    return found


def find_invoice(client: Any, invoice: Invoice) -> Record | None:
    return find_invoices(client, [invoice]).get(invoice.pk)


def _invoice_key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    key = outcome.key or (outcome.records[0].text("RECORDNO") if outcome.records else None)
    return (int(key) if key and str(key).isdigit() else None), ""


def invoice_pushed(invoice: Invoice) -> None:
    lines = getattr(invoice, "push_lines", [])
    Invoice.objects.filter(pk=invoice.pk, push_version=invoice.push_version).update(
        pushed_line_count=len(lines), intacct_id=invoice.number.strip()
    )


PUSH_INVOICES = PushStep(
    name="invoices_push",
    label="invoices (write-back)",
    object_name="ARINVOICE",
    model=Invoice,
    select_pending=pending_invoices,
    build=invoice_create,
    build_update=invoice_update,
    update_refusal=update_refusal,
    prepare=prepare_invoices,
    find_existing=find_invoice,
    find_existing_many=find_invoices,
    key_from_outcome=_invoice_key,
    on_pushed=invoice_pushed,
    depends_on=(PUSH_CUSTOMERS.name,),
)

PUSH_STEPS = (PUSH_CUSTOMERS, PUSH_INVOICES)
