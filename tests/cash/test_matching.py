"""Customer suggestions for a bank line, with the reasons behind each score."""

from decimal import Decimal

import pytest

from ar.cash.matching import CustomerIndex, OpenInvoice, normalise
from tests.factories.ar import CustomerFactory, InvoiceFactory

CUSTOMERS = [
    ("C-001", "Société Générale Manufacturing Ltd", ["Amélie Durand"]),
    ("C-002", "Summit International Holdings", []),
    ("C-003", "Summit Interiors LLC", []),
    ("C-004", "Kraków Café & Sons", []),
]
INVOICES = [
    OpenInvoice("INV-0001936", "C-002", Decimal("500.00")),
    OpenInvoice("INV-0001937", "C-002", Decimal("250.25")),
    OpenInvoice("INV-0002000", "C-003", Decimal("999.00")),
    OpenInvoice("INV-0003000", "C-004", Decimal("120.00")),
    OpenInvoice("INV-0003001", "C-004", Decimal("80.00")),
]


@pytest.fixture
def index():
    return CustomerIndex.build(CUSTOMERS, INVOICES)


def test_names_are_compared_without_accents_forms_or_abbreviations():
    assert normalise("SOCIETE GENERALE MFG. LTD") == normalise("Société Générale Manufacturing")
    assert normalise("Summit Intl Hldgs Inc") == "summit international holdings"


def test_memo_name_and_amount_explain_the_first_suggestion(index):
    ranked = index.suggest(
        payer_name="SUMMIT INTL HLDGS", memo="PAYMENT INV-0001936", amount=Decimal("500.00")
    )
    first = ranked[0]
    assert first.customer_id == "C-002"
    assert first.explanation == (
        "name 100% similar; memo names INV-0001936; amount equals open invoice INV-0001936"
    )
    assert first.score == 100.0
    assert [s.customer_id for s in ranked[1:]] == ["C-003"]


def test_amount_of_two_invoices_together_is_found(index):
    first = index.suggest(payer_name="Krakow Cafe and Sons", amount=Decimal("200.00"))[0]
    assert first.customer_id == "C-004"
    assert first.explanation == "name 100% similar; amount equals 2 open invoices"
    assert first.invoices == ["INV-0003000", "INV-0003001"]


def test_a_typo_and_a_contact_name_still_point_to_the_customer(index):
    first = index.suggest(payer_name="Amelie Durnd")[0]
    assert first.customer_id == "C-001"
    assert first.reasons[0].startswith("name ") and first.score < 60


def test_memo_customer_id_alone_is_enough(index):
    first = index.suggest(payer_name="", memo="remittance for c-003")[0]
    assert (first.customer_id, first.explanation) == ("C-003", "memo names customer ID C-003")


@pytest.mark.django_db
def test_index_from_the_database_uses_open_invoices_and_contacts():
    customer = CustomerFactory(name="Évora Atlas Group")
    customer.display_contact.print_as = "Zoë Maple"
    customer.display_contact.save()
    InvoiceFactory(customer=customer, number="INV-77", total_entered=Decimal("75.00"))
    InvoiceFactory(customer=customer, number="INV-8", state="Paid")
    index = CustomerIndex.from_database(customer.connection_id)
    assert list(index.by_number) == ["inv77"]
    first = index.suggest(payer_name="ZOE MAPLE", memo="inv-77", amount=Decimal("75.00"))[0]
    assert first.customer_id == customer.customer_id
    assert "memo names INV-77" in first.explanation
