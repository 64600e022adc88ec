"""The shared admin columns: a date column made from a field name, and the Intacct record."""

from datetime import date
from types import SimpleNamespace

from integrations.admin.columns import IntacctRecordColumn, day_column


class _Columns(IntacctRecordColumn):
    intacct_object = "APPYMT"
    paid_on = day_column("payment_date", "Paid on")


def test_day_column_shows_the_named_date_and_sorts_by_it():
    columns = _Columns()

    assert columns.paid_on(SimpleNamespace(payment_date=date(2026, 11, 30))) == "2026-11-30"
    assert columns.paid_on(SimpleNamespace(payment_date=None)) == "—"
    assert _Columns.paid_on.short_description == "Paid on"
    assert _Columns.paid_on.admin_order_field == "payment_date"


def test_intacct_record_names_the_subclass_object():
    row = SimpleNamespace(intacct_recordno=42, intacct_id="PAY-1")

    text = _Columns().intacct_record(row)

    assert text.startswith("APPYMT · RECORDNO <strong>42</strong>")
    assert "ID <strong>PAY-1</strong>" in text
    assert _Columns.intacct_record.short_description == "Intacct record"
