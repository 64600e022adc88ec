"""Checks of an app-made invoice before it is sent: GL accounts as Intacct allows them."""

from decimal import Decimal

import pytest

from ar.push.validation import LineValues, MasterData, invoice_problems
from integrations.models import GLAccount, Status
from tests.factories.ar import InvoiceFactory
from tests.factories.connections import IntacctConnectionFactory
from tests.factories.master import SubsidiaryFactory

pytestmark = pytest.mark.django_db


def line(account):
    return LineValues(
        gl_account=account, amount=Decimal("10.00"), memo="", location_id="", department_id=""
    )


def books(entity_id):
    conn = IntacctConnectionFactory(entity_id=entity_id)
    us = SubsidiaryFactory(connection=conn, location_id="US")
    uk = SubsidiaryFactory(connection=conn, location_id="UK")
    open_to_all = GLAccount.objects.create(connection=conn, account_no="4000", title="Sales")
    uk_only = GLAccount.objects.create(
        connection=conn, account_no="4100", title="UK sales", restricted=True
    )
    uk_only.entities.set([uk])
    us_and_uk = GLAccount.objects.create(
        connection=conn, account_no="4200", title="Shared", restricted=True
    )
    us_and_uk.entities.set([us, uk])
    GLAccount.objects.create(
        connection=conn, account_no="4900", title="Old", status=Status.INACTIVE
    )
    assert open_to_all.entities.count() == 0
    return conn


def problems(conn, account):
    invoice = InvoiceFactory(connection=conn, customer__connection=conn)
    return invoice_problems(invoice, [line(account)], MasterData.load(conn))


def test_an_account_restricted_to_other_entities_is_refused_naming_them():
    conn = books("US")
    assert problems(conn, "4100") == [
        "Line 1: GL account 4100 is restricted in Intacct to UK; it cannot be used in entity US."
    ]


def test_accounts_usable_in_the_entity_pass():
    conn = books("US")
    assert problems(conn, "4000") == []
    assert problems(conn, "4200") == []


def test_at_the_top_level_restrictions_are_left_to_intacct():
    conn = books("")
    assert problems(conn, "4100") == []


def test_inactive_and_unknown_accounts_are_refused():
    conn = books("US")
    assert problems(conn, "4900") == ["Line 1: GL account 4900 is inactive in Intacct."]
    assert problems(conn, "9999") == ["Line 1: GL account 9999 does not exist in Intacct."]
