"""The AR writes and operations fuzzed as accounting staff (the whole-schema fuzz signs in as
a consultant, whom these writes refuse before reading the body): generated bodies and IDs for
invoices and their lines, bank lines, payments, error actions and operations; no server error,
nothing outside the schema."""

import pytest
from rest_framework.authtoken.models import Token

from tests.api.conftest import make_user
from tests.api.test_schema_fuzz import (  # noqa: F401 - fixtures used by name
    CHECKS,
    FUZZ,
    _connections_stay_open,
    book,
    schema,
)

ar_writes = schema.include(
    path_regex=r"^/api/v1/(invoices|payments|bank-transactions|sync-errors|operations)/",
    method_regex="POST|PATCH|DELETE",
)


@pytest.fixture
def staff_token(db):
    return Token.objects.create(user=make_user("ar-fuzzer", "staff")).key


def test_the_fuzz_reaches_the_ar_writes_and_operations():
    ops = {f"{r.ok().method.upper()} {r.ok().path}" for r in ar_writes.get_all_operations()}
    for op in (
        "POST /api/v1/invoices/",
        "PATCH /api/v1/invoices/{id}/",
        "POST /api/v1/invoices/{id}/lines/",
        "POST /api/v1/bank-transactions/",
        "POST /api/v1/payments/",
        "POST /api/v1/operations/sync-now/",
    ):
        assert op in ops, sorted(ops)


@ar_writes.parametrize()
@FUZZ
def test_ar_writes_honour_the_schema_as_staff(case, book, staff_token):  # noqa: F811
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
