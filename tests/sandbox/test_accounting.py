"""AR/AP accounting behaviour: invoices, payments, applications, reversals, business errors."""

from __future__ import annotations

import base64
from decimal import Decimal

from .helpers import call, fn, ok, session_for


def ymd(tag: str, year: int = 2026, month: int = 11, day: int = 2) -> str:
    return f"<{tag}><year>{year}</year><month>{month}</month><day>{day}</day></{tag}>"


def invoice_xml(
    customer: str, amounts: list[str], invoice_no: str = "", location: str = "US"
) -> str:
    number = f"<invoiceno>{invoice_no}</invoiceno>" if invoice_no else ""
    lines = "".join(
        f"<lineitem><glaccountno>4000</glaccountno><amount>{amount}</amount>"
        f"<memo>Line &amp; more</memo><locationid>{location}</locationid></lineitem>"
        for amount in amounts
    )
    return (
        f"<create_invoice><customerid>{customer}</customerid>{ymd('datecreated')}"
        f"{ymd('datedue', day=30)}{number}<customfields><customfield>"
        "<customfieldname>SALES_CHANNEL</customfieldname><customfieldvalue>Partner"
        "</customfieldvalue></customfield></customfields>"
        f"<invoiceitems>{lines}</invoiceitems></create_invoice>"
    )


def us_customer(handle) -> str:
    return handle.query_rows(
        'SELECT "CUSTOMERID" FROM customer WHERE "ENTITY"=\'US\' AND "STATUS"=\'active\' '
        'ORDER BY "RECORDNO" LIMIT 1'
    )[0]["CUSTOMERID"]


def invoice_row(handle, key: int) -> dict:
    return handle.query_rows('SELECT * FROM arinvoice WHERE "RECORDNO"=?', (key,))[0]


def new_invoice(handle, amounts=("100.00", "50.50")) -> tuple[str, int]:
    customer = us_customer(handle)
    key = int(ok(call(handle, fn(invoice_xml(customer, list(amounts))))).findtext("key"))
    return customer, key


def pay(handle, customer: str, details: str, extra: str = "", controlid: str = "p1"):
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><CUSTOMERID>{customer}</CUSTOMERID><RECEIPTDATE>11/03/2026"
        f"</RECEIPTDATE>{extra}<ARPYMTDETAILS>{details}</ARPYMTDETAILS></ARPYMT></create>"
    )
    return call(handle, fn(body, controlid))


def detail(invoice: int, amount: str) -> str:
    return (
        f"<ARPYMTDETAIL><RECORDKEY>{invoice}</RECORDKEY><TRX_PAYMENTAMOUNT>{amount}"
        "</TRX_PAYMENTAMOUNT></ARPYMTDETAIL>"
    )


def test_create_invoice_totals_lines_and_custom_fields(sandbox):
    _, key = new_invoice(sandbox)
    row = invoice_row(sandbox, key)
    assert row["STATE"] == "Posted" and row["RAWSTATE"] == "A"
    assert Decimal(str(row["TOTALENTERED"])) == Decimal("150.5")
    assert row["TOTALDUE"] == row["TOTALENTERED"]
    assert row["SALES_CHANNEL"] == "Partner"
    assert row["MEGAENTITYID"] == "US"
    lines = sandbox.query_rows('SELECT * FROM arinvoiceitem WHERE "RECORDKEY"=? ORDER BY 1', (key,))
    assert [str(line["LINE_NO"]) for line in lines] == ["1", "2"]
    assert lines[0]["ENTRYDESCRIPTION"] == "Line & more"


def test_payment_moves_state_posted_partial_paid_and_back_on_reversal(sandbox):
    customer, key = new_invoice(sandbox)
    first = ok(pay(sandbox, customer, detail(key, "50.50"), controlid="a"))
    assert invoice_row(sandbox, key)["STATE"] == "Partially Paid"
    assert invoice_row(sandbox, key)["TOTALDUE"] == 100.0
    ok(pay(sandbox, customer, detail(key, "100"), controlid="b"))
    paid = invoice_row(sandbox, key)
    assert paid["STATE"] == "Paid" and paid["TOTALDUE"] == 0 and paid["WHENPAID"]
    applications = sandbox.query_rows(
        'SELECT "PAYMENTKEY", "PAYMENTAMOUNT" FROM arpymtdetail WHERE "RECORDKEY"=? ORDER BY 1',
        (key,),
    )
    assert [row["PAYMENTAMOUNT"] for row in applications] == [50.5, 100.0]
    payment = int(first.findtext("data/arpymt/RECORDNO"))
    reversal = ok(
        call(
            sandbox,
            fn(f'<reverse_arpayment key="{payment}">{ymd("datereversed")}</reverse_arpayment>'),
        )
    )
    assert reversal.findtext("key")
    after = invoice_row(sandbox, key)
    assert after["STATE"] == "Partially Paid" and after["TOTALDUE"] == 50.5
    states = sandbox.query_rows('SELECT "STATE" FROM arpymt WHERE "RECORDNO"=?', (payment,))
    assert states[0]["STATE"] == "Reversed"


def test_payment_across_invoices_and_unapplied_remainder(sandbox):
    customer, first = new_invoice(sandbox, ("10",))
    _, second = new_invoice(sandbox, ("20",))
    reply = pay(
        sandbox,
        customer,
        detail(first, "10") + detail(second, "20"),
        extra="<TRX_AMOUNTTOPAY>45</TRX_AMOUNTTOPAY>",
    )
    payment = int(ok(reply).findtext("data/arpymt/RECORDNO"))
    row = sandbox.query_rows('SELECT * FROM arpymt WHERE "RECORDNO"=?', (payment,))[0]
    assert (row["TRX_TOTALENTERED"], row["TRX_TOTALPAID"], row["TRX_TOTALDUE"]) == (45, 30, 15)
    assert {invoice_row(sandbox, key)["STATE"] for key in (first, second)} == {"Paid"}


def test_credit_memo_applied_with_apply_arpayment(sandbox):
    customer, key = new_invoice(sandbox, ("80",))
    memo = (
        f"<create_aradjustment><customerid>{customer}</customerid>{ymd('datecreated')}"
        "<aradjustmentitems><lineitem><glaccountno>4900</glaccountno><amount>-30</amount>"
        "<locationid>US</locationid></lineitem></aradjustmentitems></create_aradjustment>"
    )
    memo_key = int(ok(call(sandbox, fn(memo))).findtext("key"))
    apply = (
        f"<apply_arpayment><arpaymentkey>{memo_key}</arpaymentkey>{ymd('paymentdate')}"
        f"<arpaymentitems><arpaymentitem><invoicekey>{key}</invoicekey><amount>30</amount>"
        "</arpaymentitem></arpaymentitems></apply_arpayment>"
    )
    ok(call(sandbox, fn(apply)))
    assert invoice_row(sandbox, key)["STATE"] == "Partially Paid"
    detail_row = sandbox.query_rows('SELECT * FROM arpymtdetail WHERE "RECORDKEY"=?', (key,))[0]
    assert detail_row["ADJUSTMENTKEY"] == memo_key and detail_row["ADJUSTMENTAMOUNT"] == 30
    memo_row = sandbox.query_rows('SELECT * FROM aradjustment WHERE "RECORDNO"=?', (memo_key,))[0]
    assert memo_row["STATE"] == "Paid" and memo_row["TOTALDUE"] == 0


def test_legacy_create_arpayment_applies(sandbox):
    customer, key = new_invoice(sandbox, ("40",))
    body = (
        f"<create_arpayment><customerid>{customer}</customerid><paymentamount>40"
        "</paymentamount><bankaccountid>BOA-OPS</bankaccountid><refid>CHK-1</refid>"
        f"{ymd('datereceived')}<paymentmethod>Printed Check</paymentmethod><arpaymentitem>"
        f"<invoicekey>{key}</invoicekey><amount>40</amount></arpaymentitem></create_arpayment>"
    )
    assert ok(call(sandbox, fn(body))).findtext("key")
    assert invoice_row(sandbox, key)["STATE"] == "Paid"


def test_customer_total_due_counts_open_credit_memos_and_unapplied_payments(sandbox):
    def due(customer: str) -> Decimal:
        rows = sandbox.query_rows(
            'SELECT "TOTALDUE" FROM customer WHERE "CUSTOMERID"=?', (customer,)
        )
        return Decimal(str(rows[0]["TOTALDUE"] or 0)).quantize(Decimal("0.01"))

    customer, key = new_invoice(sandbox, ("80",))
    before = due(customer)
    memo = (
        f"<create_aradjustment><customerid>{customer}</customerid>{ymd('datecreated')}"
        "<aradjustmentitems><lineitem><glaccountno>4900</glaccountno><amount>-30</amount>"
        "<locationid>US</locationid></lineitem></aradjustmentitems></create_aradjustment>"
    )
    memo_key = int(ok(call(sandbox, fn(memo, "m1"))).findtext("key"))
    assert due(customer) == before - 30
    apply = (
        f"<apply_arpayment><arpaymentkey>{memo_key}</arpaymentkey>{ymd('paymentdate')}"
        f"<arpaymentitems><arpaymentitem><invoicekey>{key}</invoicekey><amount>30</amount>"
        "</arpaymentitem></arpaymentitems></apply_arpayment>"
    )
    ok(call(sandbox, fn(apply, "a1")))
    assert due(customer) == before - 30  # applying a credit moves it, the balance stays
    advance = (
        f"<create_arpayment><customerid>{customer}</customerid><paymentamount>25"
        "</paymentamount><bankaccountid>BOA-OPS</bankaccountid><refid>ADV-1</refid>"
        f"{ymd('datereceived')}<paymentmethod>Printed Check</paymentmethod></create_arpayment>"
    )
    ok(call(sandbox, fn(advance, "p2")))
    assert due(customer) == before - 55


def test_invoice_number_collision(sandbox):
    customer = us_customer(sandbox)
    ok(call(sandbox, fn(invoice_xml(customer, ["1"], "DUP-9"))))
    result = call(sandbox, fn(invoice_xml(customer, ["1"], "DUP-9"))).result()
    assert result.findtext("status") == "failure"
    assert "A transaction with the number 'DUP-9' already exists" in result.findtext(
        "errormessage/error/description2"
    )


def test_unknown_customer_and_missing_location(sandbox):
    result = call(sandbox, fn(invoice_xml("NOPE-1", ["1"]))).result()
    assert "Invalid Customer 'NOPE-1'" in result.findtext("errormessage/error/description2")
    body = invoice_xml(us_customer(sandbox), ["1"]).replace("<locationid>US</locationid>", "")
    result = call(sandbox, fn(body)).result()
    assert "location is required" in result.findtext("errormessage/error/description2")


def test_applying_to_a_deleted_invoice(sandbox):
    customer, key = new_invoice(sandbox, ("5",))
    ok(call(sandbox, fn(f"<delete><object>ARINVOICE</object><keys>{key}</keys></delete>")))
    result = pay(sandbox, customer, detail(key, "5")).result()
    assert result.findtext("status") == "failure"
    assert "was deleted" in result.findtext("errormessage/error/description2")


def test_undeposited_funds_account_tied_to_a_bank(sandbox):
    customer, key = new_invoice(sandbox, ("5",))
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>Cash</PAYMENTMETHOD><UNDEPOSITEDACCOUNTNO>1000"
        f"</UNDEPOSITEDACCOUNTNO><CUSTOMERID>{customer}</CUSTOMERID><RECEIPTDATE>11/03/2026"
        f"</RECEIPTDATE><ARPYMTDETAILS>{detail(key, '5')}</ARPYMTDETAILS></ARPYMT></create>"
    )
    result = call(sandbox, fn(body)).result()
    assert "associated with a bank account" in result.findtext("errormessage/error/description2")
    ok(call(sandbox, fn(body.replace(">1000<", ">1050<"))))


def test_payment_batch_key_required_in_ca(sandbox):
    customer = sandbox.query_rows(
        'SELECT "CUSTOMERID" FROM customer WHERE "ENTITY"=\'CA\' AND "STATUS"=\'active\' LIMIT 1'
    )[0]["CUSTOMERID"]
    key = int(ok(call(sandbox, fn(invoice_xml(customer, ["9"], location="CA")))).findtext("key"))
    body = (
        "<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>RBC-CAD"
        f"</FINANCIALENTITY><CUSTOMERID>{customer}</CUSTOMERID><RECEIPTDATE>11/03/2026"
        f"</RECEIPTDATE><ARPYMTDETAILS>{detail(key, '9')}</ARPYMTDETAILS></ARPYMT></create>"
    )
    result = call(sandbox, fn(body)).result()
    assert (
        result.findtext("errormessage/error/description2") == "Please provide a payment batch key."
    )
    ok(
        call(
            sandbox, fn(body.replace("<CUSTOMERID>", "<PRBATCH>Receipts Nov</PRBATCH><CUSTOMERID>"))
        )
    )


def test_bill_to_inactive_vendor_fails_and_bill_payment_works(sandbox):
    inactive = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'inactive\' LIMIT 1'
    )[0]["VENDORID"]
    active = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]
    bill = (
        "<create><APBILL><VENDORID>{v}</VENDORID><WHENCREATED>11/01/2026</WHENCREATED>"
        "<TERMNAME>N30</TERMNAME><RECORDID>B-{v}</RECORDID><APBILLITEMS><APBILLITEM>"
        "<ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>120</TRX_AMOUNT><LOCATIONID>US</LOCATIONID>"
        "</APBILLITEM></APBILLITEMS></APBILL></create>"
    )
    failed = call(sandbox, fn(bill.format(v=inactive))).result()
    assert "inactive" in failed.findtext("errormessage/error/description2")
    key = int(ok(call(sandbox, fn(bill.format(v=active)))).findtext("data/apbill/RECORDNO"))
    stored = sandbox.query_rows('SELECT * FROM apbill WHERE "RECORDNO"=?', (key,))[0]
    assert stored["STATE"] == "Posted" and stored["WHENDUE"] == "2026-12-01"
    payment = (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><VENDORID>{active}</VENDORID><PAYMENTDATE>11/05/2026</PAYMENTDATE>"
        f"<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{key}</RECORDKEY><TRX_PAYMENTAMOUNT>120"
        "</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )
    ok(call(sandbox, fn(payment)))
    assert (
        sandbox.query_rows('SELECT "STATE" FROM apbill WHERE "RECORDNO"=?', (key,))[0]["STATE"]
        == "Paid"
    )
    assert (
        sandbox.query_rows('SELECT COUNT(*) AS n FROM appymtdetail WHERE "RECORDKEY"=?', (key,))[0][
            "n"
        ]
        == 1
    )


def test_vendor_credit_and_purchase_order_conversion(sandbox):
    vendor = sandbox.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]
    credit = (
        f"<create_apadjustment><vendorid>{vendor}</vendorid>{ymd('datecreated')}"
        "<apadjustmentitems><lineitem><glaccountno>6900</glaccountno><amount>-12.5</amount>"
        "<locationid>US</locationid></lineitem></apadjustmentitems></create_apadjustment>"
    )
    assert ok(call(sandbox, fn(credit))).findtext("key")
    po = (
        f"<create_potransaction><transactiontype>Purchase Order</transactiontype>"
        f"{ymd('datecreated')}<vendorid>{vendor}</vendorid><documentno>PX1</documentno>"
        f"{ymd('datedue', day=20)}<returnto><contactname>x</contactname></returnto>"
        "<payto><contactname>y</contactname></payto>"
        "<potransitems><potransitem><itemid>LAPTOP-14</itemid><quantity>4</quantity>"
        "<price>900</price></potransitem></potransitems></create_potransaction>"
    )
    assert ok(call(sandbox, fn(po))).findtext("key") == "Purchase Order-PX1"
    receiver = (
        po.replace("Purchase Order</transactiontype>", "PO Receiver</transactiontype>")
        .replace("<documentno>PX1</documentno>", "<documentno>RX1</documentno>")
        .replace("<vendorid>", "<createdfrom>Purchase Order-PX1</createdfrom><vendorid>", 1)
        .replace("<quantity>4</quantity>", "<quantity>1</quantity>")
    )
    assert ok(call(sandbox, fn(receiver))).findtext("key") == "PO Receiver-RX1"
    state = sandbox.query_rows(
        'SELECT "STATE" FROM podocument WHERE "DOCID"=\'Purchase Order-PX1\''
    )
    assert state[0]["STATE"] == "Partially Converted"


def test_supdoc_create_get_and_list(sandbox):
    pdf = base64.b64encode(b"%PDF-1.4 tiny").decode()
    body = (
        "<create_supdoc><supdocid>ATT-T1</supdocid><supdocname>Contract &amp; terms"
        "</supdocname><supdocfoldername>Contracts</supdocfoldername><attachments><attachment>"
        f"<attachmentname>contract</attachmentname><attachmenttype>pdf</attachmenttype>"
        f"<attachmentdata>{pdf}</attachmentdata></attachment></attachments></create_supdoc>"
    )
    assert ok(call(sandbox, fn(body))).findtext("key") == "ATT-T1"
    got = ok(call(sandbox, fn('<get object="supdoc" key="ATT-T1"/>')))
    assert got.findtext("data/supdoc/attachments/attachment/attachmentdata") == pdf
    listed = ok(call(sandbox, fn('<get_list object="supdoc" maxitems="500"/>')))
    listtype = listed.find("listtype")
    assert listtype.text == "supdoc" and listtype.getnext().tag == "data"
    names = [doc.findtext("supdocid") for doc in listed.iterfind("data/supdoc")]
    assert "ATT-T1" in names and int(listtype.get("total")) == len(names)
    bad_folder = body.replace("Contracts", "Nope").replace("ATT-T1", "ATT-T2")
    assert call(sandbox, fn(bad_folder)).result().findtext("status") == "failure"


def test_retrievepdf_returns_a_real_pdf(sandbox_server):
    key = sandbox_server.query_rows('SELECT "RECORDNO" FROM arinvoice LIMIT 1')[0]["RECORDNO"]
    result = ok(
        call(
            sandbox_server,
            fn(f"<retrievepdf><ARINVOICE><RECORDNO>{key}</RECORDNO></ARINVOICE></retrievepdf>"),
        )
    )
    data = result.find("data")
    assert dict(data.attrib) == {"listtype": "arinvoice", "count": "1"}
    pdf = base64.b64decode(data.findtext("arinvoice/pdfdata"))
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref : xref + 4] == b"xref"


def test_entity_session_writes_stamp_megaentity(sandbox):
    session, _ = session_for(sandbox, "UK")
    customer = sandbox.query_rows(
        'SELECT "CUSTOMERID" FROM customer WHERE "ENTITY"=\'UK\' AND "STATUS"=\'active\' '
        'AND "MEGAENTITYID" IS NULL LIMIT 1'
    )[0]["CUSTOMERID"]
    body = invoice_xml(customer, ["7"], location="UK").replace("<locationid>UK</locationid>", "")
    key = int(ok(call(sandbox, fn(body), session=session)).findtext("key"))
    row = invoice_row(sandbox, key)
    assert (row["MEGAENTITYID"], row["BASECURR"], row["CURRENCY"]) == ("UK", "GBP", "GBP")
