"""More accounting paths: reversals, invoice updates, foreign currency, legacy bills."""

from __future__ import annotations

from .helpers import call, errors, fn, ok
from .test_accounting import detail, invoice_row, invoice_xml, new_invoice, pay, us_customer, ymd


def test_reverse_invoice_creates_a_reversal_twin(sandbox):
    customer, key = new_invoice(sandbox, ("30",))
    twin = int(
        ok(
            call(
                sandbox, fn(f'<reverse_invoice key="{key}">{ymd("datereversed")}</reverse_invoice>')
            )
        ).findtext("key")
    )
    original, reversal = invoice_row(sandbox, key), invoice_row(sandbox, twin)
    assert (original["STATE"], original["TOTALDUE"]) == ("Reversed", 0)
    assert (reversal["STATE"], reversal["TOTALENTERED"]) == ("Reversal", -30)
    assert reversal["CUSTOMERID"] == customer
    again = call(sandbox, fn(f'<reverse_invoice key="{key}"/>')).result()
    assert again.findtext("status") == "failure"


def test_paid_invoice_cannot_be_reversed_or_deleted(sandbox):
    customer, key = new_invoice(sandbox, ("12",))
    ok(pay(sandbox, customer, detail(key, "12")))
    assert (
        call(sandbox, fn(f'<reverse_invoice key="{key}"/>')).result().findtext("status")
        == "failure"
    )
    deleted = call(sandbox, fn(f"<delete><object>ARINVOICE</object><keys>{key}</keys></delete>"))
    assert deleted.result().findtext("status") == "failure"
    assert "payments applied" in deleted.result().findtext("errormessage/error/description2")
    assert invoice_row(sandbox, key)["STATE"] == "Paid"


def test_update_invoice_submits_a_draft_and_sets_custom_fields(sandbox):
    customer = us_customer(sandbox)
    # <action> must come right after the due date/term in the legacy sequence.
    body = invoice_xml(customer, ["15"]).replace("</datedue>", "</datedue><action>Draft</action>")
    key = int(ok(call(sandbox, fn(body))).findtext("key"))
    assert invoice_row(sandbox, key)["STATE"] == "Draft"
    update = (
        f'<update_invoice key="{key}"><action>Submit</action><customfields><customfield>'
        "<customfieldname>CONTRACT_REF</customfieldname><customfieldvalue>CT-77"
        "</customfieldvalue></customfield></customfields></update_invoice>"
    )
    ok(call(sandbox, fn(update)))
    row = invoice_row(sandbox, key)
    assert (row["STATE"], row["CONTRACT_REF"]) == ("Posted", "CT-77")
    audit = sandbox.query_rows(
        'SELECT "ACCESSMODE" FROM audithistory WHERE "OBJECTTYPE"=\'arinvoice\' AND '
        '"OBJECTKEY"=? ORDER BY "RECORDNO"',
        (str(key),),
    )
    assert [a["ACCESSMODE"] for a in audit] == ["C", "M"]


def test_unknown_custom_field_fails(sandbox):
    body = invoice_xml(us_customer(sandbox), ["1"]).replace("SALES_CHANNEL", "NOPE_FIELD")
    result = call(sandbox, fn(body)).result()
    assert "Invalid custom field" in result.findtext("errormessage/error/description2")


def test_foreign_currency_invoice_has_trx_twins(sandbox):
    customer = us_customer(sandbox)
    body = invoice_xml(customer, ["100"]).replace(
        "<customfields>",
        "<currency>EUR</currency><exchratetype>Intacct Daily Rate</exchratetype><customfields>",
    )
    key = int(ok(call(sandbox, fn(body))).findtext("key"))
    row = invoice_row(sandbox, key)
    assert (row["CURRENCY"], row["BASECURR"]) == ("EUR", "USD")
    assert row["TRX_TOTALENTERED"] == 100 and row["TOTALENTERED"] == 108
    ok(pay(sandbox, customer, detail(key, "40"), extra="<CURRENCY>EUR</CURRENCY>"))
    row = invoice_row(sandbox, key)
    assert (row["TRX_TOTALDUE"], row["TOTALDUE"]) == (60, 64.8)


def test_negative_invoice_applied_to_another_invoice(sandbox):
    customer, key = new_invoice(sandbox, ("50",))
    credit = int(ok(call(sandbox, fn(invoice_xml(customer, ["-20"])))).findtext("key"))
    apply = (
        f"<apply_arpayment><arpaymentkey>{credit}</arpaymentkey>{ymd('paymentdate')}"
        f"<arpaymentitems><arpaymentitem><invoicekey>{key}</invoicekey><amount>20</amount>"
        "</arpaymentitem></arpaymentitems></apply_arpayment>"
    )
    ok(call(sandbox, fn(apply)))
    assert invoice_row(sandbox, key)["TOTALDUE"] == 30
    assert invoice_row(sandbox, credit)["TOTALDUE"] == 0


def test_overapplication_and_unknown_vendor(sandbox):
    customer, key = new_invoice(sandbox, ("10",))
    result = pay(sandbox, customer, detail(key, "11")).result()
    assert "exceeds the amount due" in result.findtext("errormessage/error/description2")
    bill = (
        "<create_bill><vendorid>NOPE</vendorid>"
        + ymd("datecreated")
        + ymd("datedue")
        + "<billitems><lineitem><glaccountno>6000</glaccountno><amount>5</amount>"
        "</lineitem></billitems></create_bill>"
    )
    failed = call(sandbox, fn(bill)).result()
    assert errors(failed)[-1] == "BL01001973"
    assert "Invalid Vendor 'NOPE'" in failed.findtext("errormessage/error/description2")


def test_legacy_create_bill(sandbox):
    vendor = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'UK\' LIMIT 1'
    )[0]["VENDORID"]
    bill = (
        f"<create_bill><vendorid>{vendor}</vendorid>"
        + ymd("datecreated")
        + "<termname>N30</termname><billno>LB-1</billno><billitems><lineitem>"
        "<glaccountno>6000</glaccountno><amount>75.5</amount><locationid>UK</locationid>"
        "</lineitem></billitems></create_bill>"
    )
    key = int(ok(call(sandbox, fn(bill))).findtext("key"))
    row = sandbox.query_rows('SELECT * FROM apbill WHERE "RECORDNO"=?', (key,))[0]
    assert (row["RECORDID"], row["STATE"], row["CURRENCY"], row["MEGAENTITYID"]) == (
        "LB-1",
        "Posted",
        "GBP",
        "UK",
    )
    assert row["WHENDUE"] == "2026-12-02"


def test_update_invoice_changes_and_adds_lines(sandbox):
    customer, key = new_invoice(sandbox, ("10", "20"))
    update = (
        f'<update_invoice key="{key}"><updateinvoiceitems>'
        '<updatelineitem line_num="2"><amount>25</amount><memo>changed</memo>'
        "</updatelineitem><lineitem><glaccountno>4100</glaccountno><amount>5</amount>"
        "<locationid>US</locationid></lineitem></updateinvoiceitems></update_invoice>"
    )
    ok(call(sandbox, fn(update)))
    row = invoice_row(sandbox, key)
    assert (row["TOTALENTERED"], row["TOTALDUE"]) == (40, 40)
    lines = sandbox.query_rows(
        'SELECT "LINE_NO", "AMOUNT", "ENTRYDESCRIPTION" FROM arinvoiceitem WHERE "RECORDKEY"=? '
        'ORDER BY "RECORDNO"',
        (key,),
    )
    assert [(str(x["LINE_NO"]), x["AMOUNT"]) for x in lines] == [("1", 10), ("2", 25), ("3", 5)]
    assert lines[1]["ENTRYDESCRIPTION"] == "changed"
    ok(pay(sandbox, customer, detail(key, "1")))
    refused = call(sandbox, fn(update)).result()
    assert refused.findtext("status") == "failure"


def test_update_invoice_renumbers_redates_and_moves_to_another_customer(sandbox):
    customer, key = new_invoice(sandbox, ("10",))
    other = sandbox.query_rows(
        'SELECT "CUSTOMERID" FROM customer WHERE "ENTITY"=\'US\' AND "STATUS"=\'active\' '
        'AND "CUSTOMERID" <> ? ORDER BY "RECORDNO" LIMIT 1',
        (customer,),
    )[0]["CUSTOMERID"]
    taken = sandbox.query_rows('SELECT "RECORDID" FROM arinvoice WHERE "RECORDID" <> \'\' LIMIT 1')
    number = taken[0]["RECORDID"]
    collide = f'<update_invoice key="{key}"><invoiceno>{number}</invoiceno></update_invoice>'
    refused = call(sandbox, fn(collide)).result()
    assert "already exists" in refused.findtext("errormessage/error/description2")
    early_due = f'<update_invoice key="{key}">{ymd("datedue", day=1)}</update_invoice>'
    assert "before the invoice date" in call(sandbox, fn(early_due)).result().findtext(
        "errormessage/error/description2"
    )
    update = (
        f'<update_invoice key="{key}"><customerid>{other}</customerid>'
        f"{ymd('datecreated', day=5)}<invoiceno>RENUMBERED-1</invoiceno></update_invoice>"
    )
    ok(call(sandbox, fn(update)))
    row = invoice_row(sandbox, key)
    assert (row["RECORDID"], row["WHENCREATED"], row["CUSTOMERID"]) == (
        "RENUMBERED-1",
        "2026-11-05",
        other,
    )
    lines = sandbox.query_rows('SELECT "CUSTOMERID" FROM arinvoiceitem WHERE "RECORDKEY"=?', (key,))
    assert {x["CUSTOMERID"] for x in lines} == {other}
