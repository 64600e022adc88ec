"""AP bills, payments, vendor credits and card transactions over HTTP against the sandbox."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from ap.models import (
    AmortizationTemplate,
    Bill,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    CardTransaction,
    CardTransactionLine,
    VendorCredit,
)
from ap.sync.bills import history_start
from integrations.intacct.functions.writes import Create, Delete, Update
from integrations.sync.clients import client_for
from tests.ap.imports import import_company, run_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def ap_imported(sandbox, connect):
    return import_company(sandbox, connect)


OPEN = (
    "STATE IN ('Posted', 'Partially Paid', 'Selected') AND TOTALDUE IS NOT NULL AND TOTALDUE <> 0"
)
UNAPPLIED = "STATE NOT IN ('Draft', 'Reversed', 'Reversal', 'Voided') AND TOTALDUE <> 0"


def rows(sandbox, sql):
    return sandbox.query_rows(sql, [])


def recordnos(sandbox, table, where="1 = 1"):
    return {r["RECORDNO"] for r in rows(sandbox, f"SELECT RECORDNO FROM {table} WHERE {where}")}


def local(model, conn):
    return set(
        model.objects.filter(connection=conn)
        .exclude(sync_state="deleted_in_intacct")
        .values_list("intacct_recordno", flat=True)
    )


def money(v):
    return Decimal(str(v or 0)).quantize(Decimal("0.01"))


def totals_per_vendor(model, conn):
    return {
        (r["vendor_intacct_id"], r["subsidiary__intacct_id"] or ""): (
            money(r["entered"]),
            money(r["due"]),
        )
        for r in model.objects.filter(connection=conn)
        .values("vendor_intacct_id", "subsidiary__intacct_id")
        .annotate(entered=Sum("total_entered"), due=Sum("total_due"))
    }


def window():
    return f"WHENCREATED >= '{history_start().isoformat()}'"


def test_initial_import_takes_the_open_bills_credits_payments_and_cards(sandbox, connect):
    conn = connect(sandbox)
    initial = run_stage(conn, "initial")
    assert local(Bill, conn) == recordnos(sandbox, "apbill", OPEN)
    assert local(BillLine, conn) == recordnos(
        sandbox, "apbillitem", f"RECORDKEY IN (SELECT RECORDNO FROM apbill WHERE {OPEN})"
    )
    assert local(VendorCredit, conn) == recordnos(sandbox, "apadjustment", OPEN)
    assert local(BillPayment, conn) == recordnos(sandbox, "appymt", UNAPPLIED)
    assert local(CardTransaction, conn) == recordnos(sandbox, "cctransaction", OPEN)
    assert local(AmortizationTemplate, conn) == recordnos(
        sandbox, "amortizationtemplate", "STATUS <> 'inactive'"
    )
    for name in ("bills", "bill_lines", "vendor_credits", "card_transactions"):
        assert initial.counts[name]["read"] > 0, name
    # Every open bill is linked to its vendor and entity at once.
    assert not Bill.objects.filter(vendor__isnull=True).exists()
    assert not Bill.objects.filter(subsidiary__isnull=True).exists()


def test_historical_import_equals_the_sandbox(ap_imported):
    sandbox, conn = ap_imported
    scope = f"({window()}) OR ({OPEN})"
    assert local(Bill, conn) == recordnos(sandbox, "apbill", scope)
    assert local(VendorCredit, conn) == recordnos(sandbox, "apadjustment", scope)
    assert local(BillPayment, conn) == recordnos(
        sandbox, "appymt", f"({window()}) OR ({UNAPPLIED})"
    )
    assert local(CardTransaction, conn) == recordnos(sandbox, "cctransaction", scope)
    cutoff = history_start().isoformat()
    assert local(BillPaymentDetail, conn) == recordnos(
        sandbox, "appymtdetail", f"PAYMENTDATE >= '{cutoff}'"
    )
    # Totals per vendor and entity (entered, paid, due).
    theirs = {
        (r["VENDORID"], r["MEGAENTITYID"] or ""): (
            money(r["entered"]),
            money(r["paid"]),
            money(r["due"]),
        )
        for r in rows(
            sandbox,
            "SELECT VENDORID, MEGAENTITYID, SUM(TOTALENTERED) AS entered, "
            "SUM(TOTALPAID) AS paid, SUM(TOTALDUE) AS due "
            f"FROM apbill WHERE {scope} GROUP BY VENDORID, MEGAENTITYID",
        )
    }
    ours = {
        (r["vendor_intacct_id"], r["subsidiary__intacct_id"] or ""): (
            money(r["entered"]),
            money(r["paid"]),
            money(r["due"]),
        )
        for r in Bill.objects.filter(connection=conn)
        .values("vendor_intacct_id", "subsidiary__intacct_id")
        .annotate(entered=Sum("total_entered"), paid=Sum("total_paid"), due=Sum("total_due"))
    }
    assert ours == theirs
    # The same per vendor and entity for vendor credits and bill payments.
    for table, model, where in (
        ("apadjustment", VendorCredit, scope),
        ("appymt", BillPayment, f"({window()}) OR ({UNAPPLIED})"),
    ):
        assert totals_per_vendor(model, conn) == {
            (r["VENDORID"], r["MEGAENTITYID"] or ""): (money(r["entered"]), money(r["due"]))
            for r in rows(
                sandbox,
                "SELECT VENDORID, MEGAENTITYID, SUM(TOTALENTERED) AS entered, "
                f"SUM(TOTALDUE) AS due FROM {table} WHERE {where} "
                "GROUP BY VENDORID, MEGAENTITYID",
            )
        }, table
    # Line counts per bill, for the bills of the last window (their lines are dated in it).
    their_lines = {
        r["RECORDKEY"]: r["n"]
        for r in rows(
            sandbox,
            "SELECT RECORDKEY, COUNT(*) AS n FROM apbillitem WHERE RECORDKEY IN "
            f"(SELECT RECORDNO FROM apbill WHERE {scope}) GROUP BY RECORDKEY",
        )
    }
    our_lines = dict(
        BillLine.objects.filter(connection=conn)
        .values_list("bill__intacct_recordno")
        .annotate(n=Count("id"))
    )
    assert our_lines == their_lines
    # Card transactions: lines (VAT lines included) and totals per entity.
    their_cards = {
        r["MEGAENTITYID"]: (money(r["total"]), r["n"])
        for r in rows(
            sandbox,
            "SELECT c.MEGAENTITYID, SUM(e.TRX_AMOUNT) AS total, COUNT(*) AS n "
            "FROM cctransactionentry e JOIN cctransaction c ON c.RECORDNO = e.RECORDKEY "
            f"WHERE e.RECORDKEY IN (SELECT RECORDNO FROM cctransaction WHERE {scope}) "
            "GROUP BY c.MEGAENTITYID",
        )
    }
    our_cards = {
        r["card_transaction__subsidiary__intacct_id"]: (money(r["total"]), r["n"])
        for r in CardTransactionLine.objects.filter(connection=conn)
        .values("card_transaction__subsidiary__intacct_id")
        .annotate(total=Sum("trx_amount"), n=Count("id"))
    }
    assert our_cards == their_cards
    vat = CardTransactionLine.objects.filter(taxed_line_recordno__isnull=False)
    assert vat.exists()
    assert set(vat.values_list("card_transaction__subsidiary__intacct_id", flat=True)) == {"UK"}
    for line in vat:
        taxed = CardTransactionLine.objects.get(intacct_recordno=line.taxed_line_recordno)
        assert line.trx_amount == (taxed.trx_amount * line.tax_rate / 100).quantize(Decimal("0.01"))
    # A vendor credit applied in Intacct shows as applied, with the bill it went to.
    applied = BillPaymentDetail.objects.filter(vendor_credit__isnull=False)
    assert applied.exists()
    bills_here = local(Bill, conn)
    for detail in applied.select_related("vendor_credit", "bill"):
        assert detail.vendor_credit.applied and detail.vendor_credit.state == "Paid"
        # Linked to its bill whenever that bill is here (older paid bills are out of scope).
        assert (detail.bill is not None) == (detail.bill_recordno in bills_here)
    # Amortization: the prepayment lines name their template and start date.
    amortized = BillLine.objects.filter(amortization_template__isnull=False)
    assert amortized.count() == len(
        recordnos(
            sandbox,
            "apbillitem",
            "AMORTIZATIONTEMPLATEID IS NOT NULL AND RECORDKEY IN "
            f"(SELECT RECORDNO FROM apbill WHERE {scope})",
        )
    )
    assert all(line.amortization_start for line in amortized)
    assert {line.amortization_template.template_id for line in amortized} == {"PREPAID-12"}


def test_rerun_changes_nothing(ap_imported):
    _, conn = ap_imported
    again = run_stage(conn, "incremental")
    for name in ("bills", "bill_lines", "bill_payments", "vendor_credits", "card_transactions"):
        counts = again.counts.get(name, {})
        assert not counts.get("created") and not counts.get("updated"), (name, counts)


def test_change_insert_and_delete_are_picked_up_by_the_next_incremental(ap_imported):
    sandbox, conn = ap_imported
    client = client_for(conn)
    posted = rows(
        sandbox,
        "SELECT RECORDNO, VENDORID FROM apbill WHERE STATE = 'Posted' AND MEGAENTITYID = 'US' "
        "AND RECORDNO NOT IN (SELECT RECORDKEY FROM appymtdetail WHERE RECORDKEY IS NOT NULL) "
        "ORDER BY RECORDNO LIMIT 2",
    )
    changed, deleted = posted[0]["RECORDNO"], posted[1]["RECORDNO"]
    card, gone = rows(sandbox, "SELECT RECORDNO FROM cctransaction ORDER BY RECORDNO LIMIT 2")
    dims = {"LOCATIONID": "US", "DEPARTMENTID": "D300"}
    outcomes = client.execute(
        [
            Update(
                "APBILL",
                {"RECORDNO": changed, "DESCRIPTION": "Changed in Intacct"},
                controlid="change",
            ),
            Create(
                "APBILL",
                {
                    "VENDORID": posted[0]["VENDORID"],
                    "RECORDID": "BILL-NEW-1",
                    "WHENCREATED": date(2026, 10, 30),
                    "WHENDUE": date(2026, 11, 29),
                    "APBILLITEMS": {
                        "APBILLITEM": [
                            {"ACCOUNTNO": "6000", "TRX_AMOUNT": "100.00", **dims},
                            {"ACCOUNTNO": "6100", "TRX_AMOUNT": "23.45", **dims},
                        ]
                    },
                },
                controlid="insert",
            ),
            Delete("APBILL", [deleted], controlid="delete"),
            Update(
                "CCTRANSACTION",
                {"RECORDNO": card["RECORDNO"], "DESCRIPTION": "Team dinner"},
                controlid="card",
            ),
            Delete("CCTRANSACTION", [gone["RECORDNO"]], controlid="card-delete"),
        ]
    )
    assert all(o.ok for o in outcomes), [o.errors for o in outcomes]
    run_stage(conn, "incremental")
    assert Bill.objects.get(intacct_recordno=changed).description == "Changed in Intacct"
    new = Bill.objects.get(number="BILL-NEW-1")
    assert new.total_entered == Decimal("123.45") and new.state == "Posted"
    assert sorted(new.lines.values_list("trx_amount", flat=True)) == [
        Decimal("23.45"),
        Decimal("100.00"),
    ]
    assert new.vendor is not None and new.vendor.vendor_id == posted[0]["VENDORID"]
    assert Bill.objects.get(intacct_recordno=deleted).sync_state == "deleted_in_intacct"
    assert (
        CardTransaction.objects.get(intacct_recordno=card["RECORDNO"]).description == "Team dinner"
    )
    removed = CardTransaction.objects.get(intacct_recordno=gone["RECORDNO"])
    assert removed.sync_state == "deleted_in_intacct"
    # Equal to the sandbox again.
    scope = f"({window()}) OR ({OPEN})"
    assert local(Bill, conn) == recordnos(sandbox, "apbill", scope)


def test_bills_posted_from_vendor_invoices_lead_back_to_their_po(ap_imported, staff_client):
    sandbox, conn = ap_imported
    posted = rows(
        sandbox,
        "SELECT b.RECORDNO, b.DOCHDRKEY FROM apbill b JOIN podocument d "
        "ON d.RECORDNO = b.DOCHDRKEY AND d.PRRECORDKEY = b.RECORDNO "
        f"WHERE b.RECORDNO IN (SELECT RECORDNO FROM apbill WHERE ({window()}) OR ({OPEN}))",
    )
    assert posted
    for row in posted:
        bill = Bill.objects.get(connection=conn, intacct_recordno=row["RECORDNO"])
        assert bill.module == "9.PO"
        assert bill.source_document is not None
        assert bill.source_document.intacct_recordno == row["DOCHDRKEY"]
        assert bill.source_document.kind == "vendor_invoice"
    # From a PO (through its receiver and vendor invoice) to the bill, as the admin filters.
    bill = next(
        b
        for b in Bill.objects.filter(source_document__source__source__isnull=False)
        if b.source_document.source.kind == "receiver"
    )
    receiver = bill.source_document.source
    po = receiver.source
    url = reverse("admin:ap_bill_changelist")
    for document in (po, receiver, bill.source_document):
        response = staff_client.get(url, {"made_from": document.pk})
        assert bill in response.context["cl"].result_list
    page = staff_client.get(reverse("admin:ap_bill_change", args=[bill.pk])).content.decode()
    assert reverse("admin:ap_purchasingdocument_change", args=[po.pk]) in page


def test_a_vendor_credit_applied_in_intacct_shows_as_applied_after_the_next_incremental(
    ap_imported,
):
    sandbox, conn = ap_imported
    pair = rows(
        sandbox,
        "SELECT c.RECORDNO AS credit, c.TRX_TOTALDUE AS available, b.RECORDNO AS bill, "
        "b.VENDORID, b.TRX_TOTALDUE AS due FROM apadjustment c JOIN apbill b "
        "ON b.VENDORID = c.VENDORID AND b.MEGAENTITYID = c.MEGAENTITYID "
        "WHERE c.STATE = 'Posted' AND c.TOTALDUE < 0 AND b.STATE = 'Posted' "
        "AND b.MEGAENTITYID = 'US' AND b.TRX_TOTALDUE > 5 ORDER BY c.RECORDNO LIMIT 1",
    )[0]
    credit = VendorCredit.objects.get(connection=conn, intacct_recordno=pair["credit"])
    assert not credit.applied
    amount = min(money(-pair["available"]), money(pair["due"]) - Decimal("1.00"))
    (outcome,) = client_for(conn).execute(
        [
            Create(
                "APPYMT",
                {
                    "FINANCIALENTITY": "BOA-OPS",
                    "PAYMENTMETHOD": "EFT",
                    "VENDORID": pair["VENDORID"],
                    "PAYMENTDATE": date(2026, 10, 31),
                    "APPYMTDETAILS": {
                        "APPYMTDETAIL": [
                            {
                                "RECORDKEY": str(pair["bill"]),
                                "ADJUSTMENTKEY": str(pair["credit"]),
                                "TRX_ADJUSTMENTAMOUNT": str(amount),
                            }
                        ]
                    },
                },
                controlid="apply-credit",
            )
        ]
    )
    assert outcome.ok, outcome.errors
    run_stage(conn, "incremental")
    credit.refresh_from_db()
    assert credit.applied and credit.total_paid == -amount
    bill = Bill.objects.get(connection=conn, intacct_recordno=pair["bill"])
    assert bill.state == "Partially Paid" and bill.trx_total_paid == amount
    detail = BillPaymentDetail.objects.get(vendor_credit=credit)
    assert detail.bill == bill and detail.trx_credit_amount == amount
