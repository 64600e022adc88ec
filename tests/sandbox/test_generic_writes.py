"""Generic create/update/delete, AUDITHISTORY and the business errors they raise."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .helpers import call, errors, fn, login_xml, ok


def create(body: str, controlid: str = "c1") -> str:
    return fn(f"<create>{body}</create>", controlid)


CUSTOMER = (
    "<CUSTOMER><CUSTOMERID>{id}</CUSTOMERID><NAME>{name}</NAME><DISPLAYCONTACT>"
    "<PRINTAS>{name}</PRINTAS><EMAIL1>{email}</EMAIL1></DISPLAYCONTACT>"
    "<TERMNAME>N30</TERMNAME><CUSTOMER_TIER>Gold</CUSTOMER_TIER></CUSTOMER>"
)


def customer(
    ident: str, name: str = "Zoë &amp; Łukasz &lt;Trading&gt;", email: str = "a@b.io"
) -> str:
    return CUSTOMER.format(id=ident, name=name, email=email)


def test_create_customer_returns_lowercase_record_and_audits(sandbox):
    reply = call(sandbox, create(customer("NEW-1")))
    data = ok(reply).find("data")
    assert dict(data.attrib) == {"listtype": "objects", "count": "1"}
    record = data.find("customer")
    assert [child.tag for child in record] == ["RECORDNO", "CUSTOMERID"]
    recordno = int(record.findtext("RECORDNO"))
    stored = sandbox.query_rows('SELECT * FROM customer WHERE "RECORDNO" = ?', (recordno,))[0]
    assert stored["NAME"] == "Zoë & Łukasz <Trading>"
    assert stored["CUSTOMER_TIER"] == "Gold"
    assert stored["STATUS"] == "active"
    contact = sandbox.query_rows(
        'SELECT * FROM contact WHERE "CONTACTNAME" = ?', (stored["DISPLAYCONTACT.CONTACTNAME"],)
    )
    assert contact and contact[0]["EMAIL1"] == "a@b.io"
    audit = sandbox.query_rows(
        'SELECT * FROM audithistory WHERE "OBJECTTYPE"=\'customer\' AND "OBJECTKEY"=?',
        (str(recordno),),
    )
    assert [row["ACCESSMODE"] for row in audit] == ["C"]
    assert sandbox.status()["billable_transactions"] == 1


def test_create_without_id_auto_numbers(sandbox):
    body = "<VENDOR><NAME>Auto Vendor</NAME></VENDOR>"
    record = ok(call(sandbox, create(body))).find("data/vendor")
    assert record.findtext("VENDORID").startswith("V-")


def test_duplicate_id_is_bl34000061(sandbox):
    reply = call(sandbox, create(customer("C-00001")))
    result = reply.result()
    assert result.findtext("status") == "failure"
    assert dict(result.find("data").attrib) == {"listtype": "objects", "count": "0"}
    assert errors(result) == ["BL34000061", "BL01001973"]


def test_duplicate_display_contact_chain(sandbox):
    ok(call(sandbox, create(customer("DUP-1"))))
    contact = sandbox.query_rows(
        'SELECT "DISPLAYCONTACT.CONTACTNAME" AS c FROM customer WHERE "CUSTOMERID"=\'DUP-1\''
    )[0]
    body = (
        "<CUSTOMER><CUSTOMERID>DUP-2</CUSTOMERID><NAME>Other</NAME><DISPLAYCONTACT>"
        f"<CONTACTNAME>{escape(contact['c'])}</CONTACTNAME><PRINTAS>x</PRINTAS></DISPLAYCONTACT></CUSTOMER>"
    )
    result = call(sandbox, create(body)).result()
    assert errors(result) == ["BL34000061", "BL01001973", "BL01001973", "BL01001973"]


def test_bad_email_is_bl03000018(sandbox):
    result = call(sandbox, create(customer("MAIL-1", email="not-an-email"))).result()
    assert result.findtext("status") == "failure"
    assert errors(result)[0] == "BL03000018"
    assert sandbox.query_rows("SELECT 1 FROM customer WHERE \"CUSTOMERID\"='MAIL-1'") == []


def test_missing_required_field(sandbox):
    result = call(sandbox, create("<CUSTOMER><CUSTOMERID>X1</CUSTOMERID></CUSTOMER>")).result()
    assert result.findtext("status") == "failure"
    assert "NAME" in result.findtext("errormessage/error/description2")


def test_glaccount_duplicate_message(sandbox):
    body = (
        "<GLACCOUNT><ACCOUNTNO>1000</ACCOUNTNO><TITLE>x</TITLE><ACCOUNTTYPE>balancesheet"
        "</ACCOUNTTYPE><NORMALBALANCE>debit</NORMALBALANCE><CLOSINGTYPE>non-closing account"
        "</CLOSINGTYPE></GLACCOUNT>"
    )
    result = call(sandbox, create(body)).result()
    assert result.findtext("errormessage/error/description") == "Duplicate account number"


def test_update_changes_only_given_fields_and_audits(sandbox):
    before = sandbox.query_rows("SELECT * FROM customer WHERE \"CUSTOMERID\"='C-00003'")[0]
    body = (
        "<update><CUSTOMER><CUSTOMERID>C-00003</CUSTOMERID><COMMENTS>hi &amp; bye</COMMENTS>"
        "<STATUS>inactive</STATUS></CUSTOMER></update>"
    )
    record = ok(call(sandbox, fn(body))).find("data/customer")
    assert record.findtext("RECORDNO") == str(before["RECORDNO"])
    after = sandbox.query_rows("SELECT * FROM customer WHERE \"CUSTOMERID\"='C-00003'")[0]
    assert after["COMMENTS"] == "hi & bye" and after["STATUS"] == "inactive"
    assert after["NAME"] == before["NAME"]
    assert after["WHENMODIFIED"] > before["WHENMODIFIED"]
    audit = sandbox.query_rows(
        'SELECT "ACCESSMODE" FROM audithistory WHERE "OBJECTTYPE"=\'customer\' AND "OBJECTKEY"=?',
        (str(before["RECORDNO"]),),
    )
    assert [row["ACCESSMODE"] for row in audit] == ["M"]


def test_update_unknown_key_fails(sandbox):
    body = "<update><VENDOR><RECORDNO>999999</RECORDNO><NAME>x</NAME></VENDOR></update>"
    result = call(sandbox, fn(body)).result()
    assert "Cannot find vendor with key '999999'" in result.findtext(
        "errormessage/error/description2"
    )


def test_delete_and_audit_history(sandbox):
    recordno = int(ok(call(sandbox, create(customer("DEL-1")))).findtext("data/customer/RECORDNO"))
    reply = call(sandbox, fn(f"<delete><object>CUSTOMER</object><keys>{recordno}</keys></delete>"))
    result = ok(reply)
    assert result.find("data") is None
    assert sandbox.query_rows('SELECT 1 FROM customer WHERE "RECORDNO"=?', (recordno,)) == []
    query = (
        "<query><object>AUDITHISTORY</object><select><field>OBJECTKEY</field>"
        "<field>ACCESSMODE</field></select><filter><and><equalto><field>OBJECTTYPE</field>"
        "<value>customer</value></equalto><equalto><field>ACCESSMODE</field><value>D</value>"
        "</equalto></and></filter></query>"
    )
    rows = ok(call(sandbox, fn(query))).find("data")
    assert str(recordno) in [row.findtext("OBJECTKEY") for row in rows]
    legacy = fn(
        "<readByQuery><object>AUDITHISTORY</object><fields>OBJECTKEY</fields>"
        "<query>ACCESSMODE = 'Delete' AND OBJECTTYPE = 'customer'</query></readByQuery>"
    )
    assert str(recordno) in [
        row.findtext("OBJECTKEY") for row in ok(call(sandbox, legacy)).find("data")
    ]


def test_delete_failures(sandbox):
    reply = call(
        sandbox,
        fn("<delete><object>CUSTOMER</object><keys>999999</keys></delete>", "d1"),
        fn("<delete><object>NOPE</object><keys>1</keys></delete>", "d2"),
    )
    first = reply.result(0)
    assert errors(first) == ["BL01001973"]
    assert first.findtext("errormessage/error/description2") == (
        "Cannot find customer with key '999999' to delete."
    )
    assert errors(reply.result(1)) == ["WS"]


def test_readonly_user_lacks_permission(sandbox):
    auth = login_xml(sandbox, user_id="ws_readonly", user_password="ws_readonly_pw")
    result = call(sandbox, create(customer("PERM-1")), auth=auth).result()
    assert result.findtext("status") == "failure"
    assert "do not have permission" in result.findtext("errormessage/error/description2")
    read = call(sandbox, fn("<read><object>CUSTOMER</object><keys>1</keys></read>"), auth=auth)
    ok(read)
