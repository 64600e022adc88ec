"""The status an invoice shows for what settled it (payments, credits, both)."""

from decimal import Decimal as D

import pytest

from ar.models import Invoice
from ar.settlement import settlement


@pytest.mark.parametrize(
    ("state", "paid", "due", "credits", "status", "payments"),
    [
        ("Posted", "0", "100", "0", "Posted", "0"),
        ("Partially Paid", "30", "70", "30", "Partial credit applied", "0"),
        ("Partially Paid", "50", "50", "20", "Partially paid; partial credit applied", "30"),
        ("Partially Paid", "40", "60", "0", "Partially paid", "40"),
        ("Paid", "100", "0", "100", "Paid in full by credit", "0"),
        ("Paid", "100", "0", "25", "Paid by payment and credit", "75"),
        ("Paid", "100", "0", "0", "Paid", "100"),
        ("Reversed", "0", "0", "0", "Reversed", "0"),
    ],
)
def test_status_and_amounts(state, paid, due, credits, status, payments):
    invoice = Invoice(state=state, total_entered=D("100"), total_paid=D(paid), total_due=D(due))
    result = settlement(invoice, D(credits))
    assert result.status == status
    assert (result.payments, result.credits, result.balance) == (D(payments), D(credits), D(due))
