"""factory-boy factories for the AP models (vendors, terms, purchasing documents and lines)."""

from datetime import date
from decimal import Decimal

import factory

from ap.models import APTerm, PurchasingDocument, PurchasingLine, Vendor
from tests.factories.master import IntacctRecordFactory


class APTermFactory(IntacctRecordFactory):
    class Meta:
        model = APTerm

    name = factory.Sequence(lambda n: f"AP Net {n}")
    intacct_id = factory.SelfAttribute("name")
    due_days = 30


class VendorFactory(IntacctRecordFactory):
    class Meta:
        model = Vendor

    vendor_id = factory.Sequence(lambda n: f"V-{n:05d}")
    intacct_id = factory.SelfAttribute("vendor_id")
    name = factory.Sequence(lambda n: f"Vendor {n}")
    currency = "USD"
    total_due = Decimal("0.00")


class PurchasingDocumentFactory(IntacctRecordFactory):
    """A pending purchase order of the vendor's connection."""

    class Meta:
        model = PurchasingDocument

    vendor = factory.SubFactory(VendorFactory)
    connection = factory.SelfAttribute("vendor.connection")
    number = factory.Sequence(lambda n: f"P{n:06d}")
    definition_name = "Purchase Order"
    doc_id = factory.LazyAttribute(lambda o: f"{o.definition_name}-{o.number}")
    intacct_id = factory.SelfAttribute("doc_id")
    kind = "po"
    state = "Pending"
    vendor_intacct_id = factory.SelfAttribute("vendor.vendor_id")
    document_date = factory.LazyFunction(date.today)
    currency = "USD"
    base_currency = "USD"
    total = Decimal("100.00")
    trx_total = Decimal("100.00")


class PurchasingLineFactory(IntacctRecordFactory):
    class Meta:
        model = PurchasingLine

    document = factory.SubFactory(PurchasingDocumentFactory)
    connection = factory.SelfAttribute("document.connection")
    document_recordno = factory.SelfAttribute("document.intacct_recordno")
    line_no = factory.Sequence(lambda n: n)
    item_id = "LAPTOP-14"
    quantity = Decimal("2")
    unit = "Each"
    rate = Decimal("50")
    amount = Decimal("100.00")
    currency = "USD"
