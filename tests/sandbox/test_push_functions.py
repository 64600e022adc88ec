"""Functions the push flows call, with Intacct's business rules (issue 10, item 8)."""

from __future__ import annotations

import base64

from .helpers import call, errors, fn, ok
from .test_accounting import detail, new_invoice, pay, ymd


def failure(reply) -> list[str]:
    result = reply.result()
    assert result.findtext("status") == "failure"
    return errors(result)


def us_vendor(handle) -> str:
    return handle.query_rows(
        'SELECT "VENDORID" FROM vendor WHERE "STATUS"=\'active\' AND "ENTITY"=\'US\' LIMIT 1'
    )[0]["VENDORID"]


def new_bill(handle, vendor: str, number: str, amount: str = "100") -> int:
    bill = (
        f"<create><APBILL><VENDORID>{vendor}</VENDORID><WHENCREATED>11/01/2026</WHENCREATED>"
        f"<TERMNAME>N30</TERMNAME><RECORDID>{number}</RECORDID><APBILLITEMS><APBILLITEM>"
        f"<ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>{amount}</TRX_AMOUNT><LOCATIONID>US"
        "</LOCATIONID></APBILLITEM></APBILLITEMS></APBILL></create>"
    )
    return int(ok(call(handle, fn(bill, number))).findtext("data/apbill/RECORDNO"))


def pay_bill(handle, vendor: str, bill: int, amount: str = "100") -> int:
    payment = (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><VENDORID>{vendor}</VENDORID><PAYMENTDATE>11/05/2026</PAYMENTDATE>"
        f"<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY><TRX_PAYMENTAMOUNT>"
        f"{amount}</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )
    return int(ok(call(handle, fn(payment, f"pay{bill}"))).findtext("data/appymt/RECORDNO"))


def bill_row(handle, key: int) -> dict:
    return handle.query_rows('SELECT * FROM apbill WHERE "RECORDNO"=?', (key,))[0]


def test_delete_invoice_and_bill_only_without_payments(sandbox):
    customer, unpaid = new_invoice(sandbox, ("10",))
    ok(call(sandbox, fn(f'<delete_invoice key="{unpaid}"/>')))
    assert not sandbox.query_rows('SELECT 1 FROM arinvoice WHERE "RECORDNO"=?', (unpaid,))
    _, paid = new_invoice(sandbox, ("10",))
    ok(pay(sandbox, customer, detail(paid, "10")))
    assert failure(call(sandbox, fn(f'<delete_invoice key="{paid}"/>'))) == [
        "SBX-0101",
        "BL01001973",
    ]
    vendor = us_vendor(sandbox)
    bill = new_bill(sandbox, vendor, "DB-1")
    pay_bill(sandbox, vendor, bill)
    reply = call(sandbox, fn(f'<delete_bill key="{bill}"/>'))
    assert failure(reply) == ["SBX-0101", "BL01001973"]
    assert "Could not delete Bill record!" in reply.text
    other = new_bill(sandbox, vendor, "DB-2")
    ok(call(sandbox, fn(f'<delete_bill key="{other}"/>')))
    assert not sandbox.query_rows('SELECT 1 FROM apbillitem WHERE "RECORDKEY"=?', (other,))


def test_only_draft_ar_payments_can_be_deleted(sandbox):
    customer, key = new_invoice(sandbox, ("10",))
    payment = int(ok(pay(sandbox, customer, detail(key, "10"))).findtext("data/arpymt/RECORDNO"))
    reply = call(sandbox, fn(f"<delete><object>ARPYMT</object><keys>{payment}</keys></delete>"))
    assert failure(reply) == ["SBX-0102", "BL01001973"]
    update = (
        f"<update><ARPYMT><RECORDNO>{payment}</RECORDNO><DESCRIPTION>x</DESCRIPTION></ARPYMT>"
        "</update>"
    )
    assert failure(call(sandbox, fn(update, "u")))[0] == "SBX-0102"


def test_reversals_need_a_date_on_or_after_the_original(sandbox):
    customer, key = new_invoice(sandbox, ("10",))
    payment = int(ok(pay(sandbox, customer, detail(key, "10"))).findtext("data/arpymt/RECORDNO"))
    early = f'<reverse_arpayment key="{payment}">{ymd("datereversed", day=1)}</reverse_arpayment>'
    assert failure(call(sandbox, fn(early)))[0] == "SBX-0103"
    _, unpaid = new_invoice(sandbox, ("10",))
    early = f'<reverse_invoice key="{unpaid}">{ymd("datereversed", month=10)}</reverse_invoice>'
    assert failure(call(sandbox, fn(early)))[0] == "SBX-0103"


def test_reverse_bill_and_void_ap_payments(sandbox):
    vendor = us_vendor(sandbox)
    bill = new_bill(sandbox, vendor, "RV-1")
    early = f'<reverse_bill key="{bill}">{ymd("datereversed", month=10)}</reverse_bill>'
    assert failure(call(sandbox, fn(early)))[0] == "SBX-0103"
    reversal = int(
        ok(
            call(
                sandbox,
                fn(f'<reverse_bill key="{bill}">{ymd("datereversed", day=3)}</reverse_bill>'),
            )
        ).findtext("key")
    )
    assert bill_row(sandbox, bill)["STATE"] == "Reversed"
    twin = bill_row(sandbox, reversal)
    assert (twin["STATE"], twin["TOTALENTERED"], twin["RECORDID"]) == ("Reversal", -100, "RV-1-R")
    paid = new_bill(sandbox, vendor, "RV-2")
    payment = pay_bill(sandbox, vendor, paid)
    assert (
        failure(
            call(
                sandbox,
                fn(f'<reverse_bill key="{paid}">{ymd("datereversed", day=6)}</reverse_bill>'),
            )
        )[0]
        == "SBX-0105"
    )
    reverse = f'<reverse_appayment key="{payment}">{ymd("datereversed", day=6)}</reverse_appayment>'
    ok(call(sandbox, fn(reverse, "rev")))
    after = bill_row(sandbox, paid)
    assert (after["STATE"], after["TOTALDUE"], after["WHENPAID"]) == ("Posted", 100, None)
    voided = sandbox.query_rows('SELECT * FROM appymt WHERE "RECORDNO"=?', (payment,))[0]
    assert voided["DISPLAYSTATE"] == "Voided"
    third = new_bill(sandbox, vendor, "RV-3")
    second = pay_bill(sandbox, vendor, third)
    void = (
        "<void_appaymentrequest><appaymentkeys>"
        f"<appaymentkey>{second}</appaymentkey></appaymentkeys></void_appaymentrequest>"
    )
    ok(call(sandbox, fn(void, "void")))
    assert bill_row(sandbox, third)["STATE"] == "Posted"
    update = (
        f"<update><APPYMT><RECORDNO>{second}</RECORDNO><DESCRIPTION>x</DESCRIPTION></APPYMT>"
        "</update>"
    )
    assert failure(call(sandbox, fn(update, "upd")))[0] == "SBX-0102"


def test_vendor_with_open_bills_cannot_be_deleted(sandbox):
    vendor = us_vendor(sandbox)
    new_bill(sandbox, vendor, "OPEN-1")
    recordno = sandbox.query_rows('SELECT "RECORDNO" FROM vendor WHERE "VENDORID"=?', (vendor,))[0][
        "RECORDNO"
    ]
    reply = call(sandbox, fn(f"<delete><object>VENDOR</object><keys>{recordno}</keys></delete>"))
    assert failure(reply) == ["SBX-0104", "BL01001973"]


def test_document_number_collisions_are_sbx_0106(sandbox):
    vendor = us_vendor(sandbox)
    new_bill(sandbox, vendor, "DUP-B")
    bill = (
        f"<create><APBILL><VENDORID>{vendor}</VENDORID><WHENCREATED>11/01/2026</WHENCREATED>"
        "<TERMNAME>N30</TERMNAME><RECORDID>DUP-B</RECORDID><APBILLITEMS><APBILLITEM>"
        "<ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>1</TRX_AMOUNT><LOCATIONID>US</LOCATIONID>"
        "</APBILLITEM></APBILLITEMS></APBILL></create>"
    )
    assert failure(call(sandbox, fn(bill, "dup"))) == ["SBX-0106", "BL01001973"]


def test_delete_potransaction_refuses_converted_orders(sandbox):
    vendor = us_vendor(sandbox)
    po = (
        f"<create_potransaction><transactiontype>Purchase Order</transactiontype>"
        f"{ymd('datecreated')}<vendorid>{vendor}</vendorid><documentno>{{no}}</documentno>"
        f"{ymd('datedue', day=20)}<returnto><contactname>x</contactname></returnto>"
        "<payto><contactname>y</contactname></payto>"
        "<potransitems><potransitem><itemid>LAPTOP-14</itemid><quantity>4</quantity>"
        "<price>900</price></potransitem></potransitems></create_potransaction>"
    )
    ok(call(sandbox, fn(po.format(no="DP1"), "a")))
    ok(call(sandbox, fn('<delete_potransaction key="Purchase Order-DP1"/>', "b")))
    assert not sandbox.query_rows("SELECT 1 FROM podocument WHERE \"DOCID\"='Purchase Order-DP1'")
    ok(call(sandbox, fn(po.format(no="DP2"), "c")))
    receiver = (
        po.format(no="DR2")
        .replace("Purchase Order</transactiontype>", "PO Receiver</transactiontype>")
        .replace("<vendorid>", "<createdfrom>Purchase Order-DP2</createdfrom><vendorid>", 1)
    )
    ok(call(sandbox, fn(receiver, "d")))
    reply = call(sandbox, fn('<delete_potransaction key="Purchase Order-DP2"/>', "e"))
    assert failure(reply)[-1] == "BL01001973"


def test_contacts_create_and_delete(sandbox):
    create = (
        "<create_contact><contactname>Legacy Contact</contactname><printas>Legacy C</printas>"
        "<email1>legacy@example.com</email1><mailaddress><city>Leeds</city></mailaddress>"
        "</create_contact>"
    )
    assert ok(call(sandbox, fn(create))).findtext("key") == "Legacy Contact"
    stored = sandbox.query_rows("SELECT * FROM contact WHERE \"CONTACTNAME\"='Legacy Contact'")[0]
    assert (stored["EMAIL1"], stored["MAILADDRESS.CITY"]) == ("legacy@example.com", "Leeds")
    ok(call(sandbox, fn('<delete_contact contactname="Legacy Contact"/>', "d")))
    assert not sandbox.query_rows("SELECT 1 FROM contact WHERE \"CONTACTNAME\"='Legacy Contact'")


def _supdoc(ident: str, folder: str) -> str:
    data = base64.b64encode(b"hello").decode()
    return (
        f"<create_supdoc><supdocid>{ident}</supdocid><supdocname>{ident} name</supdocname>"
        f"<supdocfoldername>{folder}</supdocfoldername><attachments><attachment>"
        f"<attachmentname>a</attachmentname><attachmenttype>txt</attachmenttype>"
        f"<attachmentdata>{data}</attachmentdata></attachment></attachments></create_supdoc>"
    )


def test_supdoc_folders_updates_deletes_and_filtered_lists(sandbox):
    folder = (
        "<create_supdocfolder><supdocfoldername>Push</supdocfoldername>"
        "<supdocfolderdescription>From the app</supdocfolderdescription></create_supdocfolder>"
    )
    assert ok(call(sandbox, fn(folder))).findtext("key") == "Push"
    assert failure(call(sandbox, fn(folder, "again")))[0] == "BL34000061"
    for index, ident in enumerate(("S-1", "S-2", "S-3")):
        ok(call(sandbox, fn(_supdoc(ident, "Push"), f"s{index}")))
    update = (
        "<update_supdoc><supdocid>S-2</supdocid><supdocname>Renamed</supdocname>"
        "<supdocfoldername>Bills</supdocfoldername></update_supdoc>"
    )
    ok(call(sandbox, fn(update, "u")))
    ok(call(sandbox, fn('<delete_supdoc key="S-3"/>', "d")))
    assert failure(call(sandbox, fn('<delete_supdoc key="S-3"/>', "d2")))[0] == "BL01001973"
    one = (
        '<get_list object="supdoc" maxitems="100"><filter><expression><field>supdocid</field>'
        "<operator>=</operator><value>S-2</value></expression></filter></get_list>"
    )
    result = ok(call(sandbox, fn(one, "l1")))
    assert result.find("listtype").get("total") == "1"
    (record,) = result.find("data")
    assert (record.findtext("supdocname"), record.findtext("folder")) == ("Renamed", "Bills")
    listed = (
        '<get_list object="supdoc" maxitems="100"><filter><logical logical_operator="or">'
        "<expression><field>supdocid</field><operator>=</operator><value>S-1</value></expression>"
        "<expression><field>supdocid</field><operator>=</operator><value>S-2</value></expression>"
        '</logical></filter><sorts><sortfield order="desc">supdocid</sortfield></sorts></get_list>'
    )
    ids = [row.findtext("supdocid") for row in ok(call(sandbox, fn(listed, "l2"))).find("data")]
    assert ids == ["S-2", "S-1"]
    folders = ok(
        call(
            sandbox,
            fn(
                '<get_list object="supdocfolder"><filter><expression><field>name</field>'
                "<operator>=</operator><value>Push</value></expression></filter></get_list>",
                "l3",
            ),
        )
    )
    (row,) = folders.find("data")
    assert row.findtext("description") == "From the app"


def test_generic_ap_adjustment_create_update_delete(sandbox):
    vendor = us_vendor(sandbox)
    body = (
        f"<create><APADJUSTMENT><VENDORID>{vendor}</VENDORID><WHENCREATED>11/02/2026"
        "</WHENCREATED><RECORDID>VC-1</RECORDID><APADJUSTMENTITEMS><APADJUSTMENTITEM>"
        "<ACCOUNTNO>6900</ACCOUNTNO><TRX_AMOUNT>-25</TRX_AMOUNT><LOCATIONID>US</LOCATIONID>"
        "</APADJUSTMENTITEM></APADJUSTMENTITEMS></APADJUSTMENT></create>"
    )
    key = int(ok(call(sandbox, fn(body, "c"))).findtext("data/apadjustment/RECORDNO"))
    row = sandbox.query_rows('SELECT * FROM apadjustment WHERE "RECORDNO"=?', (key,))[0]
    assert (row["STATE"], row["TRX_TOTALENTERED"], row["RECORDTYPE"]) == ("Posted", -25, "pa")
    assert failure(call(sandbox, fn(body, "again")))[0] == "SBX-0106"
    update = (
        f"<update><APADJUSTMENT><RECORDNO>{key}</RECORDNO><DESCRIPTION>Credit</DESCRIPTION>"
        "</APADJUSTMENT></update>"
    )
    ok(call(sandbox, fn(update, "u")))
    bill = new_bill(sandbox, vendor, "VC-B")
    payment = (
        "<create><APPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><FINANCIALENTITY>BOA-OPS"
        f"</FINANCIALENTITY><VENDORID>{vendor}</VENDORID><PAYMENTDATE>11/05/2026</PAYMENTDATE>"
        f"<APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>{bill}</RECORDKEY><ADJUSTMENTKEY>{key}"
        "</ADJUSTMENTKEY><TRX_ADJUSTMENTAMOUNT>25</TRX_ADJUSTMENTAMOUNT><TRX_PAYMENTAMOUNT>75"
        "</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>"
    )
    ok(call(sandbox, fn(payment, "p")))
    delete = f"<delete><object>APADJUSTMENT</object><keys>{key}</keys></delete>"
    assert failure(call(sandbox, fn(delete, "d"))) == ["SBX-0101", "BL01001973"]
    assert failure(call(sandbox, fn(update, "u2")))[0] == "SBX-0105"
    unused = int(
        ok(call(sandbox, fn(body.replace("VC-1", "VC-2"), "c2"))).findtext(
            "data/apadjustment/RECORDNO"
        )
    )
    ok(call(sandbox, fn(f'<delete_apadjustment key="{unused}"/>', "d2")))
