"""GL accounts restricted to some entities: the app knows exactly where each is usable."""

import sqlite3

import pytest

from integrations.models import GLAccount
from tests.ap.helpers import run

pytestmark = pytest.mark.django_db


def usable_in(conn):
    return {
        account.account_no: (
            account.restricted,
            sorted(e.location_id for e in account.entities.all()),
        )
        for account in GLAccount.objects.filter(connection=conn).prefetch_related("entities")
    }


def test_each_account_knows_the_entities_it_is_usable_in(sandbox, connect):
    conn = connect(sandbox)
    run(conn, "initial")
    accounts = usable_in(conn)
    everywhere = ["CA", "UK", "US"]
    # The seeded restrictions: 1010 in UK only, 1020 in CA only, 6200 in US and CA.
    assert accounts["1010"] == (True, ["UK"])
    assert accounts["1020"] == (True, ["CA"])
    assert accounts["6200"] == (True, ["CA", "US"])
    assert accounts["6000"] == (False, everywhere)
    assert sum(1 for restricted, _ in accounts.values() if restricted) == 3
    assert len(accounts) == len(sandbox.query_rows("SELECT RECORDNO FROM glaccount"))
    # Number, name, external ID as Intacct has them.
    travel = GLAccount.objects.get(connection=conn, account_no="6200")
    assert (travel.title, travel.intacct_id) == ("Travel <Domestic & International>", "6200")

    # Intacct opens 6200 to the UK as well: the next incremental run knows it.
    with sqlite3.connect(sandbox.db_path) as db:
        db.execute(
            "INSERT INTO _restriction (object, recordno, entity) VALUES ('GLACCOUNT', ?, 'UK')",
            [travel.intacct_recordno],
        )
        db.execute(
            "UPDATE glaccount SET WHENMODIFIED = datetime('now') WHERE RECORDNO = ?",
            [travel.intacct_recordno],
        )
    run(conn, "incremental")
    # Usable in every entity now: no longer restricted as far as anyone can tell.
    assert usable_in(conn)["6200"] == (False, everywhere)
    assert usable_in(conn)["1010"] == (True, ["UK"])
