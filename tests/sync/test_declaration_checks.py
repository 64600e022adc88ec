"""The system check of pull declarations: one test per check ID, and ``manage.py check``."""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ar.declarations import CONTACT, CUSTOMER, INVOICE
from ar.models import Contact, PaymentTerm
from ar.sync import CONTACTS, CUSTOMERS, INVOICES, STEPS
from integrations.sync.checks import check_pull_declarations, declaration_errors
from integrations.sync.declarations import Direction, Field, Relation
from integrations.sync.registry import registry
from integrations.sync.steps import ParentKeys, StageSpec

KNOWN = [s.name for s in STEPS]


def ids(step):
    return [e.id for e in declaration_errors(step, known_steps=KNOWN)]


def with_decl(step, **changes):
    return replace(step, declaration=replace(step.declaration, **changes))


def test_the_registered_ar_declarations_pass():
    assert check_pull_declarations() == []


def test_e101_a_local_field_the_model_lacks():
    step = with_decl(CONTACTS, fields=(*CONTACT.fields, Field("nickname", "INITIAL")))
    assert ids(step) == ["integrations.E101"]


def test_e102_a_relation_that_is_no_foreign_key_or_cannot_be_resolved():
    not_fk = with_decl(CUSTOMERS, relations=(Relation("name", PaymentTerm, "TERMNAME"),))
    assert ids(not_fk) == ["integrations.E102"]
    wrong_target = with_decl(CUSTOMERS, relations=(Relation("payment_term", Contact, "TERMNAME"),))
    assert ids(wrong_target) == ["integrations.E102"]
    bad_by = with_decl(
        CUSTOMERS, relations=(Relation("payment_term", PaymentTerm, "TERMNAME", by="nope"),)
    )
    assert ids(bad_by) == ["integrations.E102"]


def test_e103_an_intacct_field_the_object_does_not_have():
    step = with_decl(INVOICES, fields=(*INVOICE.fields, Field("memo_text", "NOTAFIELD")))
    errors = declaration_errors(step, known_steps=KNOWN)
    assert [e.id for e in errors] == ["integrations.E101", "integrations.E103"]
    assert "'NOTAFIELD' is not a known field of ARINVOICE" in errors[1].msg
    relation_key = with_decl(
        CUSTOMERS,
        relations=(Relation("payment_term", PaymentTerm, "TERMKEYX", by="intacct_id"),),
    )
    assert ids(relation_key) == ["integrations.E103"]


def test_e104_a_local_field_mapped_twice():
    step = with_decl(CONTACTS, fields=(*CONTACT.fields, Field("email", "EMAIL2")))
    assert "integrations.E104" in ids(step)


def test_e105_an_intacct_field_pulled_or_pushed_twice():
    pulled = with_decl(CONTACTS, fields=(*CONTACT.fields[:-1], Field("status", "PRINTAS")))
    assert ids(pulled) == ["integrations.E105"]
    pushed = with_decl(
        CUSTOMERS,
        fields=(*CUSTOMER.fields, Field("custom_fields", "NAME", direction=Direction.PUSH)),
    )
    errors = declaration_errors(pushed, known_steps=KNOWN)
    assert [e.id for e in errors] == ["integrations.E105"]
    assert "'NAME' is pushed 2 times" in errors[0].msg


def test_e106_an_unknown_intacct_object():
    step = with_decl(CONTACTS, object_name="CONTACTZ")
    assert ids(step) == ["integrations.E106"]


def test_e107_custom_fields_on_a_model_without_them():
    step = with_decl(CONTACTS, custom_fields=True)
    assert ids(step) == ["integrations.E107"]


def test_e108_rekey_by_a_field_that_is_not_pulled():
    step = with_decl(CUSTOMERS, rekey_by="payment_term")
    assert ids(step) == ["integrations.E108"]


def test_e109_wrong_stage_specs():
    unknown_stage = replace(CONTACTS, stages={"weekly": StageSpec()})
    both = replace(
        INVOICES,
        stages={"initial": StageSpec(parent=ParentKeys("customers", "CUSTOMERID"), keys=list)},
    )
    unknown_parent = replace(
        INVOICES, stages={"initial": StageSpec(parent=ParentKeys("orders", "DOCHDRKEY"))}
    )
    keyed_pass = replace(
        INVOICES, stages={"historical": StageSpec(keys=list, since_last_pass=True)}
    )
    for step in (unknown_stage, both, unknown_parent, keyed_pass):
        assert ids(step) == ["integrations.E109"], step.stages


def test_e110_active_only_without_a_status_field():
    step = with_decl(CUSTOMERS, status_field=None)
    assert ids(step) == ["integrations.E110"]


def test_manage_py_check_refuses_a_wrong_declaration():
    bad = replace(
        with_decl(CUSTOMERS, fields=(*CUSTOMER.fields, Field("total_due", "TOTALDUE"))),
        name="customers_again",
    )
    registry.register(bad)
    try:
        with pytest.raises(SystemCheckError, match=r"integrations\.E104"):
            call_command("check")
    finally:
        registry.unregister(bad.name)
    call_command("check")
