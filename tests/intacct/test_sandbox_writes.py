"""Integration: writes through the real client against the sandbox (batches, faults,
transactions, round-tripping awkward text, legacy functions, PDFs and attachments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from integrations.intacct import AmbiguousWriteError, Attachment, F
from integrations.intacct.functions import (
    Create,
    CreateArAdjustment,
    CreateInvoice,
    CreateSupdoc,
    Delete,
    SupdocFile,
    Update,
)

from .sandbox_client import client_for

AWKWARD = [
    "Zoë Ærø Ñandú",
    "Smith & Wesson <Trading>",
    "O'Brien's \"Pub\" ; DROP TABLE",
    "Emoji \U0001f600\U0001f680 Ltd",
    "Tab\tand  spaces & <mixed> 'all' \u00e9\u00e8",
]


def customer(cid: str, name: str, controlid: str | None = None) -> Create:
    return Create(
        "CUSTOMER",
        {"CUSTOMERID": cid, "NAME": name, "DISPLAYCONTACT": {"PRINTAS": name, "EMAIL1": None}},
        controlid=controlid or f"cust-{cid}",
    )


def count_customers(client, cid: str) -> int:
    pages = client.query("CUSTOMER", ["RECORDNO"], filter=F.equal("CUSTOMERID", cid))
    return sum(p.count for p in pages)


def test_awkward_names_round_trip_through_create_and_read(sandbox):
    client = client_for(sandbox)
    functions = [customer(f"RT-{i}", name) for i, name in enumerate(AWKWARD)]
    outcomes = client.execute(functions)
    assert all(o.ok for o in outcomes), [o.errors for o in outcomes]
    recordnos = [o.records[0].int("RECORDNO") for o in outcomes]
    by_no = {r["CUSTOMERID"]: r for r in client.read("CUSTOMER", recordnos)}
    by_name = {
        r["CUSTOMERID"]: r for r in client.read_by_name("CUSTOMER", [f"RT-{i}" for i in range(5)])
    }
    for i, name in enumerate(AWKWARD):
        assert by_no[f"RT-{i}"]["NAME"] == name
        assert by_name[f"RT-{i}"]["DISPLAYCONTACT.PRINTAS"] == name
        queried = [
            r["NAME"]
            for p in client.query("CUSTOMER", ["NAME"], filter=F.equal("NAME", name))
            for r in p.records
        ]
        assert queried == [name]
    rbq = [
        r["NAME"]
        for p in client.read_by_query("CUSTOMER", ["NAME"], "CUSTOMERID = 'RT-2'")
        for r in p.records
    ]
    assert rbq == [AWKWARD[2]]


def test_batches_outcomes_and_accounting(sandbox):
    client = client_for(sandbox, batch_size=3)
    client.open_session()
    sandbox.reset_counters()
    before = client.stats
    functions = [customer(f"B-{i}", f"Batch {i}") for i in range(7)]
    functions.append(customer("B-0", "Duplicate of B-0", controlid="cust-dup"))
    outcomes = client.execute(functions)
    assert [o.controlid for o in outcomes] == [f.controlid for f in functions]
    assert [o.ok for o in outcomes] == [True] * 7 + [False]
    assert outcomes[-1].errors  # the duplicate ID is a business failure, not an exception
    delta = client.stats.since(before)
    status = sandbox.status()
    assert delta.requests == 3 == status["requests"]
    assert delta.by_function == {"create": 8}
    assert delta.billable_transactions == 7 == status["billable_transactions"]


def test_update_and_delete(sandbox):
    client = client_for(sandbox)
    (created,) = client.execute([customer("UD-1", "Before")])
    recordno = created.records[0].int("RECORDNO")
    (updated,) = client.execute(
        [Update("CUSTOMER", {"RECORDNO": recordno, "NAME": "After & <b>"}, controlid="u-1")]
    )
    assert updated.ok, updated.errors
    assert client.read("CUSTOMER", [recordno], ["NAME"])[0]["NAME"] == "After & <b>"
    (deleted,) = client.execute([Delete("CUSTOMER", [recordno], controlid="d-1")])
    assert deleted.ok, deleted.errors
    assert client.read("CUSTOMER", [recordno]) == []


AMBIGUOUS = [
    "http500",
    "http502",
    "http503",
    "http524_after_commit",
    "lost_ack",
    "timeout",
    "malformed",
]


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_ambiguous_write_is_reported_and_never_double_created(sandbox, fault):
    client = client_for(sandbox, batch_size=2, read_timeout=1.0 if fault == "timeout" else 30.0)
    sandbox.configure(timeout_hold_seconds=3.0)
    client.open_session()
    functions = [customer(f"AMB-{i}", f"Ambiguous {i}") for i in range(5)]
    sandbox.set_faults({fault: {"probability": 1, "count": 1, "writes_only": True}})
    with pytest.raises(AmbiguousWriteError) as caught:
        client.execute(functions)
    error = caught.value
    assert error.controlids == ["cust-AMB-0", "cust-AMB-1"]
    assert error.completed == [] and error.not_sent == ["cust-AMB-2", "cust-AMB-3", "cust-AMB-4"]
    assert sandbox.status()["faults_injected"] == {fault: 1}
    # The caller reconciles: sending the same functions again (same controlids, uniqueid=true)
    # must never create anything twice, whether or not the first attempt ran. (A client with
    # the normal read timeout, so that a slow machine cannot make this second call ambiguous.)
    client = client_for(sandbox)
    outcomes = client.execute(functions)
    assert all(o.ok for o in outcomes), [o.errors for o in outcomes]
    for i in range(5):
        assert count_customers(client, f"AMB-{i}") == 1


def test_refused_duplicate_after_ambiguity_still_creates_once(sandbox):
    sandbox.configure(uniqueid_mode="refuse")
    client = client_for(sandbox)
    client.open_session()
    sandbox.set_faults({"lost_ack": {"probability": 1, "count": 1, "writes_only": True}})
    with pytest.raises(AmbiguousWriteError):
        client.execute([customer("REF-1", "Refused")])
    (again,) = client.execute([customer("REF-1", "Refused")])
    assert not again.ok and again.errors  # the gateway says it already ran this controlid
    assert count_customers(client, "REF-1") == 1


@pytest.mark.parametrize("fault", ["ratelimit", "session_expiry"])
def test_writes_refused_before_running_are_sent_again_transparently(sandbox, fault):
    client = client_for(sandbox)
    client.open_session()
    sandbox.set_faults({fault: {"probability": 1, "count": 1, "writes_only": True}})
    outcomes = client.execute([customer("SAFE-1", "Safe")])
    assert [o.ok for o in outcomes] == [True]
    assert sandbox.status()["faults_injected"] == {fault: 1}
    assert count_customers(client, "SAFE-1") == 1


def test_transaction_is_all_or_nothing(sandbox):
    client = client_for(sandbox)
    good = [customer(f"TX-{i}", f"Tx {i}") for i in range(3)]
    bad = Create("CUSTOMER", {"CUSTOMERID": "TX-BAD"}, controlid="tx-bad")  # NAME missing
    outcomes = client.execute([*good, bad], transaction=True)
    assert [o.status for o in outcomes][:3] == ["aborted"] * 3
    assert outcomes[3].status == "failure"
    assert not any(o.ok for o in outcomes)
    assert all(count_customers(client, f"TX-{i}") == 0 for i in range(3))
    fixed = [customer(f"TX-{i}", f"Tx {i}", controlid=f"tx2-{i}") for i in range(3)]
    outcomes = client.execute(fixed, transaction=True)
    assert all(o.ok for o in outcomes)
    assert all(count_customers(client, f"TX-{i}") == 1 for i in range(3))


def _first(client, object_name: str, fields: list[str], flt=None):
    return next(
        r for p in client.query(object_name, fields, filter=flt, page_size=5) for r in p.records
    )


def test_legacy_invoice_credit_memo_pdf_and_attachment(sandbox):
    client = client_for(sandbox)
    account = _first(client, "GLACCOUNT", ["ACCOUNTNO"], F.equal("ACCOUNTTYPE", "incomestatement"))
    cust = _first(client, "CUSTOMER", ["CUSTOMERID"])
    description = AWKWARD[1] + " " + AWKWARD[3]
    line = {
        "glaccountno": account["ACCOUNTNO"],
        "amount": Decimal("120.50"),
        "memo": AWKWARD[2],
        "locationid": "US",
    }
    invoice = CreateInvoice(
        controlid="inv-legacy-1",
        invoiceitems=[line],
        description=description,
        datedue=date(2026, 2, 28),
        invoiceno="INV-LEGACY-1",
        datecreated=date(2026, 1, 29),
        customerid=cust["CUSTOMERID"],
    )
    memo = CreateArAdjustment(
        controlid="cm-legacy-1",
        customerid=cust["CUSTOMERID"],
        datecreated=date(2026, 1, 30),
        adjustmentno="CM-LEGACY-1",
        aradjustmentitems=[{**line, "amount": Decimal("-20.50")}],
    )
    supdoc = CreateSupdoc(
        controlid="sd-legacy-1",
        supdocid="ATT-LEGACY-1",
        supdocfoldername="Invoices",
        supdocname=AWKWARD[0],
        attachments=[
            SupdocFile("scan", "pdf", b"%PDF-1.4\n\x00\xff binary"),
            SupdocFile("n", "txt", b""),
        ],
    )
    outcomes = client.execute([invoice, memo, supdoc])
    assert [o.ok for o in outcomes] == [True, True, True], [o.errors for o in outcomes]
    assert outcomes[2].key == "ATT-LEGACY-1"
    row = _first(
        client,
        "ARINVOICE",
        ["RECORDNO", "DESCRIPTION", "TOTALENTERED", "WHENCREATED"],
        F.equal("RECORDID", "INV-LEGACY-1"),
    )
    assert row["DESCRIPTION"] == description
    assert row.decimal("TOTALENTERED") == Decimal("120.50")
    assert row.date("WHENCREATED") == date(2026, 1, 29)
    pdfs = client.retrieve_pdfs([row.int("RECORDNO"), 987654321])
    assert list(pdfs) == [row.int("RECORDNO")]
    assert pdfs[row.int("RECORDNO")].startswith(b"%PDF")
    assert client.supdoc_attachments("ATT-LEGACY-1") == [
        Attachment("scan", "pdf", b"%PDF-1.4\n\x00\xff binary"),
        Attachment("n", "txt", b""),
    ]


def test_missing_permission_is_reported_on_the_outcome(sandbox):
    readonly = {"user_id": "ws_readonly", "user_password": "ws_readonly_pw"}
    client = client_for(sandbox, credentials=readonly)
    (outcome,) = client.execute([customer("PERM-1", "No permission")])
    assert not outcome.ok and outcome.permission_denied and not outcome.transient
    assert count_customers(client, "PERM-1") == 0
