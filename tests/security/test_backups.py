"""Backups: dumpdata never carries passwords, and the README says how to put them back."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def test_dumpdata_never_exports_passwords_and_the_readme_says_how_to_restore_them():
    conn = IntacctConnectionFactory(user_password="user-pw-9", sender_password="sender-pw-9")
    out = StringIO()
    call_command("dumpdata", "integrations.intacctconnection", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["pk"] == conn.pk
    assert row["fields"]["user_password"] == "" and row["fields"]["sender_password"] == ""
    assert "pw-9" not in out.getvalue()
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "`manage.py dumpdata` never exports passwords" in text
    assert "INTACCT_SENDER_PASSWORD=... INTACCT_USER_PASSWORD=... python manage.py" in text
