"""RECORDNOs only grow: a deleted record's number is never handed out again (issue 10, item 5)."""

from __future__ import annotations

from .helpers import call, fn, ok
from .test_accounting import new_invoice


def _create_customer(handle, ident: str) -> int:
    body = (
        f"<create><CUSTOMER><CUSTOMERID>{ident}</CUSTOMERID><NAME>{ident}</NAME>"
        f"<DISPLAYCONTACT><PRINTAS>{ident}</PRINTAS></DISPLAYCONTACT></CUSTOMER></create>"
    )
    return int(ok(call(handle, fn(body))).findtext("data/customer/RECORDNO"))


def _delete(handle, object_name: str, key: int) -> None:
    ok(call(handle, fn(f"<delete><object>{object_name}</object><keys>{key}</keys></delete>")))


def test_create_delete_create_gets_a_new_record_number(sandbox):
    first = _create_customer(sandbox, "RN-1")
    _delete(sandbox, "CUSTOMER", first)
    second = _create_customer(sandbox, "RN-2")
    assert second > first
    audit = sandbox.query_rows(
        'SELECT "OBJECTKEY", "ACCESSMODE" FROM audithistory WHERE "OBJECTTYPE"=\'customer\' '
        'AND "OBJECTKEY" IN (?, ?) ORDER BY "RECORDNO"',
        (str(first), str(second)),
    )
    assert [(row["OBJECTKEY"], row["ACCESSMODE"]) for row in audit] == [
        (str(first), "C"),
        (str(first), "D"),
        (str(second), "C"),
    ]


def test_deleted_lines_keep_their_numbers_too(sandbox):
    _, key = new_invoice(sandbox)
    lines = [
        row["RECORDNO"]
        for row in sandbox.query_rows(
            'SELECT "RECORDNO" FROM arinvoiceitem WHERE "RECORDKEY"=?', (key,)
        )
    ]
    _delete(sandbox, "ARINVOICE", key)
    _, again = new_invoice(sandbox)
    assert again > key
    new_lines = sandbox.query_rows(
        'SELECT "RECORDNO" FROM arinvoiceitem WHERE "RECORDKEY"=?', (again,)
    )
    assert min(row["RECORDNO"] for row in new_lines) > max(lines)
