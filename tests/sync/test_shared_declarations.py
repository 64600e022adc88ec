"""The declaration builders AR and AP share: the optional rows land where each object had
them, since the pull's record digest follows the declaration's order."""

from integrations.models import Contact, Subsidiary
from integrations.sync.shared_declarations import (
    document_totals,
    party_relations,
    payment_detail,
    payment_term,
)


def test_a_term_with_a_discount_basis_has_its_rows_beside_the_discount():
    plain = payment_term(object_name="ARTERM", model=Subsidiary)
    ap = payment_term(object_name="APTERM", model=Subsidiary, discount_basis=True)

    assert [f.intacct for f in plain.fields][-2:] == ["DISCDATE", "DISCAMOUNT"]
    assert [f.intacct for f in ap.fields][-4:] == [
        "DISCDATE",
        "DISCFROM",
        "DISCAMOUNT",
        "DISCPERCAMN",
    ]
    assert ap.id_field == "NAME" and ap.status_field == "STATUS"


def test_the_exchange_rate_follows_the_currencies():
    assert [f.local for f in document_totals(exchange_rate=True)][:3] == [
        "currency",
        "base_currency",
        "exchange_rate",
    ]
    assert "exchange_rate" not in [f.local for f in document_totals()]


def test_a_payment_detail_names_its_document_and_credit():
    detail = payment_detail(
        object_name="APPYMTDETAIL",
        model=Subsidiary,
        payment_model=Subsidiary,
        document=("bill", Subsidiary),
        credit=("vendor_credit", Contact),
        trx_credit_amount=True,
    )

    locals_ = [f.local for f in detail.fields]
    assert locals_[:3] == ["payment_recordno", "bill_recordno", "vendor_credit_recordno"]
    assert locals_[locals_.index("credit_amount") + 1] == "trx_credit_amount"
    assert [(r.field, r.intacct) for r in detail.relations] == [
        ("payment", "PAYMENTKEY"),
        ("bill", "RECORDKEY"),
        ("vendor_credit", "ADJUSTMENTKEY"),
    ]


def test_party_relations_put_the_shared_contacts_before_the_party_own():
    relations = party_relations(term_model=Subsidiary, contacts=(("pay_to_contact", "PAYTO"),))

    assert [(r.field, r.intacct) for r in relations][2:] == [
        ("display_contact", "DISPLAYCONTACT.CONTACTNAME"),
        ("primary_contact", "CONTACTINFO.CONTACTNAME"),
        ("pay_to_contact", "PAYTO.CONTACTNAME"),
    ]
    assert all(r.by == "intacct_id" for r in relations)
