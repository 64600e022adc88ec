"""Declarations: the select list, the pull mapper and the push builder come from one table."""

from datetime import date
from decimal import Decimal

import pytest

from ar.declarations import CONTACT, CUSTOMER, PAYMENT
from ar.models import Contact, Customer, InvoiceLine
from ar.sync import INVOICE_LINES
from integrations.intacct import Record
from integrations.models import SyncRun
from integrations.sync.context import RunContext
from integrations.sync.declarations import MONEY, Direction, Field, SyncedObject
from integrations.sync.pull import pull_step
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, row


def test_the_select_list_is_engine_keys_pulled_fields_relation_keys_and_custom_fields():
    fields = CUSTOMER.select_list(["REGION"])
    assert fields[:4] == ["RECORDNO", "WHENMODIFIED", "CUSTOMERID", "STATUS"]
    assert "TOTALDUE" in fields and "DISPLAYCONTACT.CONTACTNAME" in fields
    assert fields[-1] == "REGION"
    assert len(fields) == len(set(fields))


def test_every_pulled_intacct_field_of_every_ar_declaration_is_selected():
    from ar import declarations

    for decl in [v for v in vars(declarations).values() if isinstance(v, SyncedObject)]:
        selected = set(decl.select_list())
        record = Record({name: None for name in selected})
        decl.map_record(record)  # reads nothing outside the select list
        assert {f.intacct for f in decl.pulled} <= selected, decl.object_name
        assert {r.intacct for r in decl.relations} <= selected, decl.object_name


def test_the_pull_mapper_converts_and_the_fallback_fills_an_empty_field():
    record = Record(
        {
            "RECORDNO": "9",
            "RECORDID": "PAY-9",
            "RECEIPTDATE": None,
            "WHENCREATED": "03/04/2025",
            "TOTALENTERED": "10.499",
            "CUSTOMERID": "C1",
        }
    )
    mapped = PAYMENT.map_record(record)
    assert mapped.values["received_date"] == date(2025, 3, 4)
    assert mapped.values["total_entered"] == Decimal("10.50")
    assert mapped.values["number"] == "PAY-9"
    assert mapped.relation_keys == {"customer": "C1", "subsidiary": None}
    assert mapped.intacct_id == "PAY-9"
    # Relation keys and engine keys are not model values.
    assert "customer" not in mapped.values and "RECORDNO" not in mapped.values


def test_the_push_builder_sends_push_and_both_fields_nested_by_path():
    contact = Contact(
        contact_name="Zoë & Co",
        print_as="Zoë",
        email="z@example.com",
        city="Lyon",
        zip_code="69001",
        status="active",
    )
    values = CONTACT.push_values(contact)
    assert values["CONTACTNAME"] == "Zoë & Co"
    assert values["MAILADDRESS"] == {"CITY": "Lyon", "ZIP": "69001"}
    assert "PHONE1" not in values  # blank text is not sent

    customer = Customer(customer_id="C1", name="Acme", credit_limit=Decimal("500.00"))
    pushed = CUSTOMER.push_values(customer)
    assert pushed["CREDITLIMIT"] == Decimal("500.00") and pushed["ONHOLD"] is False
    assert "TOTALDUE" not in pushed  # pull-only: Intacct computes it


def test_push_only_fields_are_neither_selected_nor_mapped():
    decl = SyncedObject(
        object_name="ARINVOICEITEM",
        model=InvoiceLine,
        fields=(
            Field("amount", "AMOUNT", MONEY),
            Field("trx_amount", "TRX_AMOUNT", MONEY, Direction.PUSH),
        ),
    )
    assert "TRX_AMOUNT" not in decl.select_list()
    assert decl.pull_values(Record({"AMOUNT": "1", "TRX_AMOUNT": "2"})) == {
        "amount": Decimal("1.00")
    }
    assert decl.push_values(InvoiceLine(amount=Decimal("1.00"), trx_amount=Decimal("2"))) == {
        "TRX_AMOUNT": Decimal("2")
    }


@pytest.mark.django_db
def test_the_fake_returns_only_selected_fields_so_a_drifted_mapper_fails():
    conn = IntacctConnectionFactory()
    client = FakeClient(
        rows={
            "ARINVOICEITEM": [
                row(1, "01/01/2025 09:00:00", RECORDKEY="7", AMOUNT="5", TOTALPAID="2.5"),
            ]
        }
    )
    run = SyncRun.objects.create(
        connection=conn, trigger="command", stage="incremental", status="running"
    )
    ctx = RunContext(run=run, connection=conn, client=client, stage="incremental")
    pull_step(ctx, INVOICE_LINES)
    assert InvoiceLine.objects.get().total_paid == Decimal("2.50")
    (obj, selected) = client.selects[-1]
    assert obj == "ARINVOICEITEM" and "TOTALPAID" in selected

    # A select list without the field: the page no longer carries it.
    pages = client.query_modified_since("ARINVOICEITEM", ["RECORDNO", "AMOUNT"])
    (record,) = next(pages).records
    assert record.text("TOTALPAID") is None and record.text("AMOUNT") == "5"
