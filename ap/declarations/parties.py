"""Vendors and AP payment terms.

A vendor's status here is not Intacct's word for word: *inactive* shows as suspended (the
pull writes it) and a vendor deleted in Intacct becomes closed (the vendor step's deletion
values write it); *active non-posting* is still active.
"""

from ap.models import APTerm, Vendor, VendorStatus
from integrations.intacct import Record
from integrations.sync.declarations import (
    BOOLEAN,
    MONEY,
    Converter,
    Field,
    SyncedObject,
)
from integrations.sync.declarations import Direction as D
from integrations.sync.shared_declarations import party_relations, payment_term


def _vendor_status_pull(record: Record, name: str) -> str:
    status = (record.text(name) or "active").strip().lower()
    return VendorStatus.SUSPENDED if status == "inactive" else VendorStatus.ACTIVE


def _vendor_status_push(value: object) -> str | None:
    if value in (None, ""):
        return None
    return "active" if value == VendorStatus.ACTIVE else "inactive"


VENDOR_STATUS = Converter("vendor status", _vendor_status_pull, _vendor_status_push)
"""Intacct's STATUS as the vendor's status here: inactive is suspended."""

AP_TERM = payment_term(object_name="APTERM", model=APTerm, discount_basis=True)

_CONTACT = "DISPLAYCONTACT"

VENDOR = SyncedObject(
    object_name="VENDOR",
    model=Vendor,
    id_field="VENDORID",
    status_field="STATUS",
    custom_fields=True,
    fields=(
        Field("vendor_id", "VENDORID", direction=D.BOTH),
        Field("name", "NAME", direction=D.BOTH),
        Field("status", "STATUS", VENDOR_STATUS, D.BOTH),
        Field("vendor_type", "VENDTYPE", direction=D.BOTH),
        Field("parent_vendor_id", "PARENTID", direction=D.BOTH),
        Field("currency", "CURRENCY", direction=D.BOTH),
        Field("payment_currency", "PYMTCURRENCY", direction=D.BOTH),
        Field("term_name", "TERMNAME", direction=D.BOTH),
        Field("credit_limit", "CREDITLIMIT", MONEY, D.BOTH),
        Field("total_due", "TOTALDUE", MONEY),
        Field("on_hold", "ONHOLD", BOOLEAN, D.BOTH),
        Field("one_time", "ONETIME", BOOLEAN, D.BOTH),
        Field("billing_type", "BILLINGTYPE", direction=D.BOTH),
        Field("payment_method", "PAYMETHODKEY", direction=D.BOTH),
        Field("default_expense_account", "APACCOUNT", direction=D.BOTH),
        Field("tax_id", "TAXID", direction=D.BOTH),
        Field("name_1099", "NAME1099", direction=D.BOTH),
        Field("form_1099_type", "FORM1099TYPE", direction=D.BOTH),
        Field("form_1099_box", "FORM1099BOX"),
        # Tipalti's field map: the display contact's name, e-mail, address and phone.
        Field("email", f"{_CONTACT}.EMAIL1", direction=D.BOTH),
        Field("company_name", f"{_CONTACT}.COMPANYNAME", direction=D.BOTH),
        Field("first_name", f"{_CONTACT}.FIRSTNAME", direction=D.BOTH),
        Field("middle_name", f"{_CONTACT}.INITIAL", direction=D.BOTH),
        Field("last_name", f"{_CONTACT}.LASTNAME", direction=D.BOTH),
        Field("street1", f"{_CONTACT}.MAILADDRESS.ADDRESS1", direction=D.BOTH),
        Field("street2", f"{_CONTACT}.MAILADDRESS.ADDRESS2", direction=D.BOTH),
        Field("city", f"{_CONTACT}.MAILADDRESS.CITY", direction=D.BOTH),
        Field("state", f"{_CONTACT}.MAILADDRESS.STATE", direction=D.BOTH),
        Field("zip_code", f"{_CONTACT}.MAILADDRESS.ZIP", direction=D.BOTH),
        Field("country", f"{_CONTACT}.MAILADDRESS.COUNTRY", direction=D.BOTH),
        Field("phone", f"{_CONTACT}.PHONE1", direction=D.BOTH),
    ),
    relations=party_relations(
        term_model=APTerm,
        contacts=(("pay_to_contact", "PAYTO"), ("return_to_contact", "RETURNTO")),
    ),
)
