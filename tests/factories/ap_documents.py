"""factory-boy factories for the AP documents (bills, payments, credits, card transactions)."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from ap.models import (
    AmortizationTemplate,
    Bill,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    CardTransaction,
    CardTransactionLine,
    Vendor,
    VendorCredit,
)
from tests.factories.master import IntacctRecordFactory, SubsidiaryFactory


class DocumentVendorFactory(IntacctRecordFactory):
    class Meta:
        model = Vendor

    vendor_id = factory.Sequence(lambda n: f"V-{n:05d}")
    intacct_id = factory.SelfAttribute("vendor_id")
    name = factory.Sequence(lambda n: f"Vendor {n}")
    currency = "USD"
    created_in_entity = factory.SubFactory(
        SubsidiaryFactory, connection=factory.SelfAttribute("..connection")
    )


def _vendor(attr: str):
    return factory.LazyAttribute(lambda o: getattr(o.vendor, attr))


class _Document(IntacctRecordFactory):
    vendor = factory.SubFactory(DocumentVendorFactory)
    connection = _vendor("connection")
    subsidiary = _vendor("created_in_entity")
    vendor_intacct_id = factory.LazyAttribute(lambda o: o.vendor.vendor_id)
    state = "Posted"
    currency = "USD"
    base_currency = "USD"
    total_entered = Decimal("100.00")
    total_paid = Decimal("0.00")
    total_due = factory.LazyAttribute(lambda o: o.total_entered - o.total_paid)
    trx_total_entered = factory.SelfAttribute("total_entered")
    trx_total_paid = factory.SelfAttribute("total_paid")
    trx_total_due = factory.SelfAttribute("total_due")


class BillFactory(_Document):
    class Meta:
        model = Bill

    number = factory.Sequence(lambda n: f"BILL-{n:07d}")
    intacct_id = factory.SelfAttribute("number")
    reference = factory.Sequence(lambda n: f"VINV-{n:06d}")
    bill_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    due_date = factory.LazyAttribute(lambda o: o.bill_date + timedelta(days=30))


class AmortizationTemplateFactory(IntacctRecordFactory):
    class Meta:
        model = AmortizationTemplate

    template_id = factory.Sequence(lambda n: f"PREPAID-{n}")
    intacct_id = factory.SelfAttribute("template_id")
    total_periods = 12


class BillLineFactory(IntacctRecordFactory):
    class Meta:
        model = BillLine

    bill = factory.SubFactory(BillFactory)
    connection = factory.LazyAttribute(lambda o: o.bill.connection)
    bill_recordno = factory.Sequence(lambda n: n + 1)
    line_no = 1
    gl_account = "6000"
    currency = "USD"
    amount = Decimal("100.00")
    trx_amount = Decimal("100.00")
    amortization_start = factory.LazyFunction(date.today)
    amortization_template = factory.SubFactory(
        AmortizationTemplateFactory, connection=factory.SelfAttribute("..connection")
    )


class VendorCreditFactory(_Document):
    class Meta:
        model = VendorCredit

    number = factory.Sequence(lambda n: f"VC-{n:06d}")
    intacct_id = factory.SelfAttribute("number")
    credit_date = factory.LazyFunction(lambda: date.today() - timedelta(days=5))
    total_entered = Decimal("-25.00")


class BillPaymentFactory(_Document):
    class Meta:
        model = BillPayment

    number = factory.Sequence(lambda n: f"APP-{n:07d}")
    intacct_id = factory.SelfAttribute("number")
    reference = factory.Sequence(lambda n: f"{1000 + n}")
    payment_date = factory.LazyFunction(date.today)
    method = "EFT"
    state = "Paid"
    total_paid = factory.SelfAttribute("total_entered")


class BillPaymentDetailFactory(IntacctRecordFactory):
    class Meta:
        model = BillPaymentDetail

    payment = factory.SubFactory(BillPaymentFactory)
    connection = factory.LazyAttribute(lambda o: o.payment.connection)
    bill = factory.SubFactory(BillFactory, vendor=factory.SelfAttribute("..payment.vendor"))
    payment_recordno = factory.Sequence(lambda n: n + 1)
    bill_recordno = factory.Sequence(lambda n: n + 1)
    payment_date = factory.LazyFunction(date.today)
    amount = Decimal("10.00")
    trx_amount = Decimal("10.00")
    currency = "USD"
    state = "Paid"


class CardTransactionFactory(IntacctRecordFactory):
    class Meta:
        model = CardTransaction

    subsidiary = factory.SubFactory(
        SubsidiaryFactory, connection=factory.SelfAttribute("..connection")
    )
    number = factory.Sequence(lambda n: f"CC-{n:06d}")
    intacct_id = factory.SelfAttribute("number")
    card_account = "VISA-UK"
    payee = "Café 89"
    transaction_date = factory.LazyFunction(date.today)
    state = "Posted"
    currency = "GBP"
    base_currency = "GBP"
    total_entered = Decimal("120.00")
    trx_total_entered = Decimal("120.00")


class CardTransactionLineFactory(IntacctRecordFactory):
    class Meta:
        model = CardTransactionLine

    card_transaction = factory.SubFactory(CardTransactionFactory)
    connection = factory.LazyAttribute(lambda o: o.card_transaction.connection)
    card_transaction_recordno = factory.Sequence(lambda n: n + 1)
    line_no = 1
    gl_account = "6000"
    currency = "GBP"
    amount = Decimal("100.00")
    trx_amount = Decimal("100.00")
