"""Cash application services on the database: bank files, method rules, validation, splits."""

from datetime import date
from decimal import Decimal

import pytest

from ar.cash.bank_files import BankFileRefused, bank_file_import
from ar.cash.errors import CashError, PaymentInvalid, SplitRefused
from ar.cash.methods import payment_method_for
from ar.cash.payments import (
    payment_apply,
    payment_create_for_bank_line,
    payment_post,
    payment_split,
    payment_unapplied,
)
from ar.cash.validation import payment_problems, payment_warnings
from ar.models import (
    BankAccount,
    BankTransaction,
    CashAccountDefault,
    Payment,
    PaymentMethodRule,
)
from integrations.models import GLAccount
from tests.factories.ar import CreditMemoFactory, CustomerFactory, InvoiceFactory
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Date,Amount,Currency,Payer_Name,Memo,Reference\n"
    "2026-11-02,1500.00,USD,Acme Holdings,INV-0000001,REF1\n"
    "11/03/2026,abc,USD,Bad Amount,,REF2\n"
    "2026-11-04,250.5,usd,Card Settlement,VISA batch,REF3\n"
    "2026-13-01,10.00,USD,,x,REF4\n"
    "2026-11-02,1500.00,USD,Acme Holdings,INV-0000001,REF1\n"
    "2026-11-05,-20.00,EURO,Refund,,REF5\n"
)


def test_bank_file_keeps_every_row_and_explains_each_refusal():
    conn = IntacctConnectionFactory()
    result = bank_file_import(connection=conn, file_name="nov.csv", content=CSV.encode())
    assert (result.rows_total, result.rows_imported, result.rows_duplicate) == (6, 2, 1)
    assert result.rows_imported + result.rows_duplicate + len(result.errors) == result.rows_total
    refused = {e["line"]: e for e in result.errors}
    assert sorted(refused) == [3, 5, 7]
    assert refused[3]["errors"] == ["amount “abc” is not a number"]
    assert refused[3]["raw"] == "11/03/2026,abc,USD,Bad Amount,,REF2"
    assert "payer_name is empty" in refused[5]["errors"]
    assert any("date “2026-13-01”" in m for m in refused[5]["errors"])
    assert any("must be positive" in m for m in refused[7]["errors"])
    assert any("3-letter" in m for m in refused[7]["errors"])
    lines = BankTransaction.objects.order_by("line_no")
    assert [(t.amount, t.currency, t.line_no) for t in lines] == [
        (Decimal("1500.00"), "USD", 2),
        (Decimal("250.50"), "USD", 4),
    ]
    again = bank_file_import(connection=conn, file_name="nov.csv", content=CSV.encode())
    assert (again.rows_imported, again.rows_duplicate) == (0, 3)


def test_bank_file_without_its_columns_is_refused_whole():
    conn = IntacctConnectionFactory()
    with pytest.raises(BankFileRefused, match="payer_name"):
        bank_file_import(connection=conn, file_name="x.csv", content=b"date,amount,currency\n")


def _line(conn, amount="1000.00", **extra):
    values = {"date": date(2026, 11, 2), "currency": "USD", "payer_name": "Acme", **extra}
    return BankTransaction.objects.create(connection=conn, amount=Decimal(amount), **values)


def test_method_rules_first_match_wins_and_card_memo_keeps_the_payment_id():
    conn = IntacctConnectionFactory()
    PaymentMethodRule.objects.create(
        connection=conn, position=1, pattern="visa", method="Credit Card"
    )
    PaymentMethodRule.objects.create(
        connection=conn, position=2, source="bank_code", pattern="CHK", method="Printed Check"
    )
    card = _line(conn, memo="VISA settlement 30/11", reference="ch_123")
    check = _line(conn, memo="deposit", bank_code="CHK-DEP")
    plain = _line(conn, memo="wire")
    assert payment_method_for(bank_line=card)[0] == "Credit Card"
    assert payment_method_for(bank_line=check)[0] == "Printed Check"
    assert payment_method_for(bank_line=plain) == ("EFT", None)
    customer = CustomerFactory(connection=conn)
    payment = payment_create_for_bank_line(bank_line=card, customer=customer)
    assert payment.description == "ch_123 VISA settlement 30/11"


def test_payment_takes_the_entity_default_account():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    CashAccountDefault.objects.create(connection=conn, bank_account="TOP-BANK")
    CashAccountDefault.objects.create(
        connection=conn, subsidiary=customer.created_in_entity, bank_account="ENTITY-BANK"
    )
    payment = payment_create_for_bank_line(bank_line=_line(conn), customer=customer)
    assert (payment.account_type, payment.bank_account) == ("bank", "ENTITY-BANK")
    other = CustomerFactory(connection=conn)
    second = payment_create_for_bank_line(bank_line=_line(conn, "5.00"), customer=other)
    assert second.bank_account == "TOP-BANK"


def test_each_problem_is_on_its_field():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    invoice = InvoiceFactory(customer=customer, total_entered=Decimal("400.00"))
    gbp = InvoiceFactory(customer=customer, currency="GBP", total_entered=Decimal("90.00"))
    BankAccount.objects.create(
        connection=conn, account_id="BOA", gl_account="1000", location_id="XX"
    )
    payment = payment_create_for_bank_line(bank_line=_line(conn, "300.00"), customer=customer)
    payment.bank_account = "BOA"
    payment.method = "Check"
    payment.subsidiary = None
    payment.save()
    problems = payment_problems(payment)
    assert problems["__all__"] == ["Apply the payment to at least one invoice."]
    assert problems["method"] == ["Choose one of Intacct's payment methods."]

    payment_apply(payment=payment, invoice=invoice, amount=Decimal("350.00"))
    problems = payment_problems(payment)
    assert problems["amount"] == [
        "350.00 is applied but the payment is only 300.00: reduce the applications."
    ]
    assert problems["subsidiary"][0].startswith("Choose the location (entity)")

    payment_apply(payment=payment, invoice=invoice, amount=Decimal("0"))
    payment_apply(payment=payment, invoice=gbp, amount=Decimal("90.00"))
    problems = payment_problems(payment)
    assert problems["translated_amount"] == [
        "The invoices are in another currency: enter the amount in their currency."
    ]
    payment_apply(payment=payment, invoice=invoice, amount=Decimal("10.00"))
    assert "different currencies (GBP, USD)" in payment_problems(payment)["__all__"][0]

    payment.subsidiary = customer.created_in_entity
    payment.save()
    assert payment_problems(payment)["bank_account"] == [
        f"Bank account BOA belongs to entity XX, not {customer.created_in_entity.location_id}."
    ]


def test_over_application_of_an_invoice_counts_other_drafts():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    invoice = InvoiceFactory(customer=customer, total_entered=Decimal("100.00"))
    first = payment_create_for_bank_line(bank_line=_line(conn, "80.00"), customer=customer)
    second = payment_create_for_bank_line(bank_line=_line(conn, "80.00"), customer=customer)
    payment_apply(payment=first, invoice=invoice, amount=Decimal("80.00"))
    payment_apply(payment=second, invoice=invoice, amount=Decimal("30.00"))
    assert "30.00 applied to invoice" in " ".join(payment_problems(second)["__all__"])
    assert "is more than its amount due 20.00" in " ".join(payment_problems(second)["__all__"])


def test_undeposited_account_tied_to_a_bank_warns_and_unknown_gl_is_refused():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    BankAccount.objects.create(connection=conn, account_id="BOA-OPS", gl_account="1000")
    payment = payment_create_for_bank_line(bank_line=_line(conn), customer=customer)
    payment.account_type = "undeposited"
    payment.undeposited_account = "1000"
    payment.save()
    assert payment_warnings(payment) == [
        "Undeposited funds account 1000 is the GL account of bank account BOA-OPS: Intacct "
        "will refuse the payment. Pick another undeposited funds account or deposit to the "
        "bank directly."
    ]
    assert payment_problems(payment)["undeposited_account"] == [
        "GL account 1000 does not exist in Intacct."
    ]
    GLAccount.objects.create(connection=conn, account_no="1000", title="Cash")
    assert "undeposited_account" not in payment_problems(payment)


def test_post_refuses_an_invalid_payment_and_locks_a_valid_one():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    invoice = InvoiceFactory(customer=customer, total_entered=Decimal("100.00"))
    payment = payment_create_for_bank_line(bank_line=_line(conn, "100.00"), customer=customer)
    with pytest.raises(PaymentInvalid) as refused:
        payment_post(payment=payment)
    assert "bank_account" in refused.value.message_dict
    payment.bank_account = "BOA-OPS"
    payment.save()
    payment_apply(payment=payment, invoice=invoice, amount=Decimal("100.00"))
    payment_post(payment=payment)
    payment.refresh_from_db()
    assert (payment.app_status, payment.sync_state, payment.push_version) == (
        "posted",
        "pending_push",
        1,
    )
    with pytest.raises(CashError):
        payment_apply(payment=payment, invoice=invoice, amount=Decimal("1.00"))


def test_every_split_keeps_the_bank_total():
    conn = IntacctConnectionFactory()
    acme = CustomerFactory(connection=conn)
    others = [CustomerFactory(connection=conn) for _ in range(3)]
    bank_line = _line(conn, "1000.00")
    own = InvoiceFactory(customer=acme, total_entered=Decimal("400.00"))
    payment = payment_create_for_bank_line(bank_line=bank_line, customer=acme)
    payment_apply(payment=payment, invoice=own, amount=Decimal("400.00"))
    splits = []
    for other, amount in zip(others, ("150.00", "200.00", "250.00"), strict=True):
        invoice = InvoiceFactory(customer=other, total_entered=Decimal("300.00"))
        new = payment_split(payment=payment, invoice=invoice, amount=Decimal(amount))
        splits.append(new)
        assert bank_line.payments_total() == bank_line.amount
        assert new.customer == other and new.applications.get().invoice == invoice
    payment.refresh_from_db()
    assert payment.amount == Decimal("400.00")
    assert payment_unapplied(payment) == 0
    assert [p.amount for p in splits] == [Decimal("150.00"), Decimal("200.00"), Decimal("250.00")]
    with pytest.raises(SplitRefused, match=r"Only 0\.00 of this payment is unapplied"):
        payment_split(payment=payment, invoice=invoice, amount=Decimal("1.00"))
    assert bank_line.payments_total() == bank_line.amount
    assert Payment.objects.filter(bank_transaction=bank_line).count() == 4


def test_split_preview_changes_nothing():
    conn = IntacctConnectionFactory()
    acme, other = CustomerFactory(connection=conn), CustomerFactory(connection=conn)
    bank_line = _line(conn, "500.00")
    payment = payment_create_for_bank_line(bank_line=bank_line, customer=acme)
    invoice = InvoiceFactory(customer=other)
    preview = payment_split(payment=payment, invoice=invoice, amount=Decimal("80.00"), create=False)
    assert (preview.pk, preview.customer, preview.amount) == (None, other, Decimal("80.00"))
    assert Payment.objects.count() == 1
    payment.refresh_from_db()
    assert payment.amount == Decimal("500.00")


def test_a_credit_applies_at_most_what_is_left_of_it():
    conn = IntacctConnectionFactory()
    customer = CustomerFactory(connection=conn)
    invoice = InvoiceFactory(customer=customer, total_entered=Decimal("100.00"))
    memo = CreditMemoFactory(customer=customer, total_entered=Decimal("-30.00"))
    memo.trx_total_due = Decimal("-30.00")
    memo.save()
    payment = payment_create_for_bank_line(bank_line=_line(conn, "0.00"), customer=customer)
    payment.bank_account = "BOA-OPS"
    payment.save()
    payment_apply(payment=payment, invoice=invoice, credit_memo=memo, credit_amount=Decimal("45"))
    assert payment_problems(payment)["__all__"] == [
        "Only 30.00 of that credit is left to apply to invoice " + invoice.number + "."
    ]
    payment_apply(payment=payment, invoice=invoice, credit_memo=memo, credit_amount=Decimal("30"))
    assert payment_problems(payment) == {}
    payment.subsidiary = None  # a partial application needs its entity
    payment.save()
    assert list(payment_problems(payment)) == ["subsidiary"]
