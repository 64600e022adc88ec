"""A small book of records for the API tests: one of every kind the API reads."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ar.models import CreditMemo, Customer, Invoice, Payment
from integrations.models import (
    Contact,
    ErrorCatalogueEntry,
    GLAccount,
    IntacctConnection,
    Subsidiary,
    SyncError,
    SyncRun,
)
from tests.factories.ar import (
    CreditMemoFactory,
    CreditMemoLineFactory,
    InvoiceDocumentFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    PaymentApplicationFactory,
    PaymentFactory,
)


@dataclass
class Book:
    connection: IntacctConnection
    entity: Subsidiary
    contact: Contact
    customer: Customer
    invoice: Invoice
    overdue_invoice: Invoice
    payment: Payment
    credit_memo: CreditMemo
    gl_account: GLAccount
    run: SyncRun
    record_error: SyncError
    step_error: SyncError


def make_book() -> Book:
    invoice = InvoiceFactory(total_entered=Decimal("1234.50"))
    customer = invoice.customer
    connection = invoice.connection
    InvoiceLineFactory(invoice=invoice, amount=Decimal("1234.50"))
    InvoiceDocumentFactory(invoice=invoice)
    overdue = InvoiceFactory(
        customer=customer, invoice_date=date.today() - timedelta(days=60), currency="EUR"
    )
    payment = PaymentFactory(customer=customer)
    PaymentApplicationFactory(payment=payment, invoice=invoice, connection=connection)
    credit = CreditMemoFactory(customer=customer)
    CreditMemoLineFactory(credit_memo=credit)
    gl = GLAccount.objects.create(
        connection=connection, intacct_recordno=77, account_no="4000", title="Sales"
    )
    run = SyncRun.objects.create(
        connection=connection,
        trigger=SyncRun.Trigger.COMMAND,
        stage=SyncRun.Stage.INCREMENTAL,
        status=SyncRun.Status.PARTIALLY_FAILED,
        counts={"ARINVOICE": {"read": 2, "created": 1, "failed": 1}},
        progress={"step": "invoices", "done": 2, "total": 2},
    )
    entry = ErrorCatalogueEntry.objects.create(
        title="Customer on hold",
        errorno="BL-TEST-1",
        cause="The customer is on hold.",
        fix_steps="Take it off hold.",
        admin_link="/admin/integrations/intacctconnection/{connection_id}/change/",
    )
    record_error = SyncError.objects.create(
        connection=connection,
        run=run,
        step="invoices",
        object_name="ARINVOICE",
        direction=SyncError.Direction.PULL,
        record_key=str(invoice.intacct_recordno),
        errorno="BL-TEST-1",
        summary="Customer on hold",
        catalogue_entry=entry,
    )
    step_error = SyncError.objects.create(
        connection=connection,
        run=run,
        step="customers",
        object_name="CUSTOMER",
        direction=SyncError.Direction.PULL,
        record_key="",
        summary="The step failed",
    )
    return Book(
        connection=connection,
        entity=invoice.subsidiary,
        contact=customer.display_contact,
        customer=customer,
        invoice=invoice,
        overdue_invoice=overdue,
        payment=payment,
        credit_memo=credit,
        gl_account=gl,
        run=run,
        record_error=record_error,
        step_error=step_error,
    )
