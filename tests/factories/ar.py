"""factory-boy factories for the AR models; every record hangs off one connection."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from ar.models import (
    CreditMemo,
    CreditMemoLine,
    Customer,
    Invoice,
    InvoiceDocument,
    InvoiceLine,
    Payment,
    PaymentApplication,
    PaymentTerm,
)
from tests.factories.master import ContactFactory, IntacctRecordFactory, SubsidiaryFactory


class PaymentTermFactory(IntacctRecordFactory):
    class Meta:
        model = PaymentTerm

    name = factory.Sequence(lambda n: f"Net {n}")
    intacct_id = factory.SelfAttribute("name")
    due_days = 30


class CustomerFactory(IntacctRecordFactory):
    class Meta:
        model = Customer

    customer_id = factory.Sequence(lambda n: f"C-{n:05d}")
    intacct_id = factory.SelfAttribute("customer_id")
    name = factory.Sequence(lambda n: f"Customer {n}")
    currency = "USD"
    total_due = Decimal("0.00")
    created_in_entity = factory.SubFactory(
        SubsidiaryFactory, connection=factory.SelfAttribute("..connection")
    )
    display_contact = factory.SubFactory(
        ContactFactory, connection=factory.SelfAttribute("..connection")
    )


def _party(attr: str):
    """The customer's connection and entity unless a test says otherwise."""
    return factory.LazyAttribute(lambda o: getattr(o.customer, attr))


class InvoiceFactory(IntacctRecordFactory):
    """An open AR invoice in USD, due in 30 days from its date unless told otherwise."""

    class Meta:
        model = Invoice

    customer = factory.SubFactory(CustomerFactory)
    connection = _party("connection")
    subsidiary = _party("created_in_entity")
    customer_intacct_id = factory.LazyAttribute(lambda o: o.customer.customer_id)
    number = factory.Sequence(lambda n: f"INV-{n:07d}")
    intacct_id = factory.SelfAttribute("number")
    invoice_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    due_date = factory.LazyAttribute(lambda o: o.invoice_date + timedelta(days=30))
    state = "Posted"
    module = Invoice.Module.AR
    currency = "USD"
    base_currency = "USD"
    total_entered = Decimal("100.00")
    total_paid = Decimal("0.00")
    total_due = factory.LazyAttribute(lambda o: o.total_entered - o.total_paid)
    trx_total_entered = factory.SelfAttribute("total_entered")
    trx_total_paid = factory.SelfAttribute("total_paid")
    trx_total_due = factory.SelfAttribute("total_due")


class InvoiceLineFactory(IntacctRecordFactory):
    class Meta:
        model = InvoiceLine

    invoice = factory.SubFactory(InvoiceFactory)
    connection = factory.LazyAttribute(lambda o: o.invoice.connection)
    invoice_recordno = factory.LazyAttribute(lambda o: o.invoice.intacct_recordno)
    line_no = factory.Sequence(lambda n: n + 1)
    gl_account = "4000"
    memo = "Services"
    amount = Decimal("100.00")
    trx_amount = factory.SelfAttribute("amount")


class CreditMemoFactory(IntacctRecordFactory):
    class Meta:
        model = CreditMemo

    customer = factory.SubFactory(CustomerFactory)
    connection = _party("connection")
    subsidiary = _party("created_in_entity")
    customer_intacct_id = factory.LazyAttribute(lambda o: o.customer.customer_id)
    number = factory.Sequence(lambda n: f"CM-{n:06d}")
    intacct_id = factory.SelfAttribute("number")
    adjustment_date = factory.LazyFunction(date.today)
    state = "Posted"
    currency = "USD"
    base_currency = "USD"
    total_entered = Decimal("-20.00")
    total_paid = Decimal("0.00")
    total_due = factory.LazyAttribute(lambda o: o.total_entered - o.total_paid)


class CreditMemoLineFactory(IntacctRecordFactory):
    class Meta:
        model = CreditMemoLine

    credit_memo = factory.SubFactory(CreditMemoFactory)
    connection = factory.LazyAttribute(lambda o: o.credit_memo.connection)
    credit_memo_recordno = factory.LazyAttribute(lambda o: o.credit_memo.intacct_recordno)
    line_no = factory.Sequence(lambda n: n + 1)
    amount = Decimal("-20.00")


class PaymentFactory(IntacctRecordFactory):
    class Meta:
        model = Payment

    customer = factory.SubFactory(CustomerFactory)
    connection = _party("connection")
    subsidiary = _party("created_in_entity")
    customer_intacct_id = factory.LazyAttribute(lambda o: o.customer.customer_id)
    number = factory.Sequence(lambda n: f"PAY-{n:06d}")
    intacct_id = factory.SelfAttribute("number")
    reference = factory.Sequence(lambda n: f"CHK{n:05d}")
    received_date = factory.LazyFunction(date.today)
    method = "Check"
    state = "Paid"
    currency = "USD"
    base_currency = "USD"
    total_entered = Decimal("50.00")
    total_paid = Decimal("50.00")
    total_due = Decimal("0.00")


class PaymentApplicationFactory(IntacctRecordFactory):
    """Cash of ``payment`` applied to ``invoice`` (set ``credit_memo`` for a credit)."""

    class Meta:
        model = PaymentApplication

    payment = factory.SubFactory(PaymentFactory)
    connection = factory.LazyAttribute(lambda o: o.payment.connection)
    payment_recordno = factory.LazyAttribute(lambda o: o.payment.intacct_recordno)
    invoice = factory.SubFactory(
        InvoiceFactory,
        connection=factory.SelfAttribute("..connection"),
        customer=factory.SelfAttribute("..payment.customer"),
    )
    invoice_recordno = factory.LazyAttribute(lambda o: o.invoice.intacct_recordno)
    credit_memo = None
    credit_memo_recordno = factory.LazyAttribute(
        lambda o: o.credit_memo.intacct_recordno if o.credit_memo else None
    )
    payment_date = factory.LazyFunction(date.today)
    amount = Decimal("50.00")
    currency = "USD"


class InvoiceDocumentFactory(factory.django.DjangoModelFactory):
    """A stored document; pass ``data`` for its bytes (a tiny PDF by default)."""

    class Meta:
        model = InvoiceDocument

    class Params:
        data = b"%PDF-1.4\n%%EOF\n"

    invoice = factory.SubFactory(InvoiceFactory)
    kind = InvoiceDocument.Kind.PDF
    name = factory.LazyAttribute(lambda o: f"{o.invoice.number}.pdf")
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name="invoice.pdf"))
    size = factory.LazyAttribute(lambda o: len(o.data))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.data).hexdigest())
