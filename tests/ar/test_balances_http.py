"""After onboarding, customer balances agree with Intacct's, open items of any age included."""

from datetime import timedelta
from decimal import Decimal

import pytest

from ar.models import CreditMemo, CreditMemoLine, Customer, Invoice, Payment
from ar.selectors import customer_balance
from ar.sync import history_start
from integrations.intacct.functions.legacy import CreateArAdjustment, CreateArPayment
from integrations.sync.clients import client_for
from tests.ar.test_import_http import OPEN, UNAPPLIED, local, money, recordnos, rows, run

pytestmark = pytest.mark.django_db


def _old_open_items(sandbox, conn) -> tuple[str, int, int]:
    """A credit memo and an unapplied advance older than the history window, made over HTTP."""
    customer = rows(
        sandbox,
        "SELECT CUSTOMERID FROM customer WHERE STATUS = 'active' AND MEGAENTITYID = 'US' "
        "ORDER BY RECORDNO LIMIT 1",
    )[0]["CUSTOMERID"]
    old = history_start() - timedelta(days=60)
    memo, advance = client_for(conn).execute(
        [
            CreateArAdjustment(
                controlid="old-memo",
                customerid=customer,
                datecreated=old,
                aradjustmentitems=[
                    {"glaccountno": "4900", "amount": Decimal("-45.25"), "locationid": "US"}
                ],
            ),
            CreateArPayment(
                controlid="old-advance",
                customerid=customer,
                paymentamount=Decimal("30.00"),
                bankaccountid="BOA-OPS",
                datereceived=old,
                paymentmethod="Printed Check",
            ),
        ]
    )
    assert memo.ok and advance.ok, (memo.errors, advance.errors)
    return customer, int(memo.key), int(advance.key)


def test_onboarding_imports_open_items_of_any_age_and_balances_equal_intacct(sandbox, connect):
    conn = connect(sandbox)
    customer, memo, advance = _old_open_items(sandbox, conn)
    run(conn, "initial")
    cutoff = history_start().isoformat()
    old_open_memos = recordnos(sandbox, "aradjustment", f"{OPEN} AND WHENCREATED < '{cutoff}'")
    old_unapplied = recordnos(sandbox, "arpymt", f"{UNAPPLIED} AND WHENCREATED < '{cutoff}'")
    assert memo in old_open_memos and advance in old_unapplied
    # The initial import alone already has every open item, whatever its age.
    assert local(CreditMemo, conn) == recordnos(sandbox, "aradjustment", OPEN)
    assert local(Payment, conn) == recordnos(sandbox, "arpymt", UNAPPLIED)
    assert local(CreditMemoLine, conn) == recordnos(
        sandbox,
        "aradjustmentitem",
        f"RECORDKEY IN (SELECT RECORDNO FROM aradjustment WHERE {OPEN})",
    )

    run(conn, "historical")
    window = f"WHENCREATED >= '{cutoff}'"
    assert local(CreditMemo, conn) == recordnos(sandbox, "aradjustment", f"({window}) OR ({OPEN})")
    assert local(Payment, conn) == recordnos(sandbox, "arpymt", f"({window}) OR ({UNAPPLIED})")
    assert local(Invoice, conn) == recordnos(sandbox, "arinvoice", f"({window}) OR ({OPEN})")

    # Intacct's balance of every customer, read over HTTP.
    theirs: dict[str, Decimal] = {}
    for page in client_for(conn).query("CUSTOMER", ["CUSTOMERID", "TOTALDUE", "STATUS"]):
        for record in page.records:
            if record.text("STATUS") != "inactive":
                theirs[record.text("CUSTOMERID") or ""] = money(record.decimal("TOTALDUE"))
    ours = {
        c.customer_id: money(c.balance)
        for c in Customer.objects.filter(connection=conn).annotate(balance=customer_balance())
    }
    assert ours == theirs
    with_credits = {
        c.customer_id
        for c in Customer.objects.filter(
            credit_memos__intacct_recordno__in=old_open_memos, connection=conn
        )
    }
    assert customer in with_credits and all(ours[c] == theirs[c] for c in with_credits)
