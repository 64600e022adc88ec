"""The AP writes fuzzed as accounting staff (the whole-schema fuzz signs in as a consultant,
whom every AP write refuses before reading the body): generated bodies and IDs for every
bill, bill payment and vendor invoice write; no server error, nothing outside the schema."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token

from ap.bill_lifecycle import bill_approve, bill_create
from tests.api.conftest import make_user
from tests.api.test_schema_fuzz import (  # noqa: F401 - fixtures used by name
    CHECKS,
    FUZZ,
    _connections_stay_open,
    book,
    schema,
)
from tests.factories.ap import PurchasingDocumentFactory, PurchasingLineFactory, VendorFactory

ap_writes = schema.include(
    path_regex=r"^/api/v1/(bills|bill-payments|vendor-invoice-matches)/", method_regex="POST|PATCH"
)


@pytest.fixture
def ap_book(book):  # noqa: F811 - the fixture imported above
    """An AP book beside the AR one: bills entered here (one approved), a PO with a line."""
    vendor = VendorFactory(connection=book.connection)
    lines = [{"gl_account": "6000", "amount": "100.00"}]
    for number in ("FUZZ-1", "FUZZ-2"):
        bill = bill_create(connection=book.connection, vendor=vendor, number=number,
                           bill_date=date(2026, 11, 2), lines=lines)  # fmt: skip
    bill_approve(bill=bill, approved_on=date(2026, 11, 3), approved_by="fuzz")
    po = PurchasingDocumentFactory(connection=book.connection, vendor=vendor)
    PurchasingLineFactory(document=po, quantity=Decimal(5), amount=Decimal("500.00"))
    return book


@pytest.fixture
def staff_token(db):
    return Token.objects.create(user=make_user("ap-fuzzer", "staff")).key


def test_the_fuzz_reaches_every_ap_write():
    ops = {f"{r.ok().method.upper()} {r.ok().path}" for r in ap_writes.get_all_operations()}
    assert "PATCH /api/v1/bills/{id}/" in ops
    assert "POST /api/v1/vendor-invoice-matches/" in ops
    assert len(ops) == 13, ops  # bills: 10, bill payments: 2, vendor invoices: 1


@ap_writes.parametrize()
@FUZZ
def test_ap_writes_honour_the_schema_as_staff(case, ap_book, staff_token):
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
