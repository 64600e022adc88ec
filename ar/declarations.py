"""What each AR object syncs: one field table per object (see ``integrations.sync.declarations``).

Computed and read-only Intacct values (balances, states, posting dates) are pulled only;
master data a later push will write is declared ``both``.
"""

from ar.models import (
    CreditMemo,
    CreditMemoLine,
    Customer,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentApplication,
    PaymentTerm,
)
from integrations.models import Contact, Subsidiary
from integrations.sync.declarations import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    STATUS,
    Field,
    Relation,
    SyncedObject,
)
from integrations.sync.declarations import Direction as D

PAYMENT_TERM = SyncedObject(
    object_name="ARTERM",
    model=PaymentTerm,
    id_field="NAME",
    status_field="STATUS",
    fields=(
        Field("name", "NAME"),
        Field("description", "DESCRIPTION"),
        Field("status", "STATUS", STATUS),
        Field("due_days", "DUEDATE", INTEGER),
        Field("due_from", "DUEFROM"),
        Field("discount_days", "DISCDATE", INTEGER),
        Field("discount_amount", "DISCAMOUNT", MONEY),
    ),
)

CUSTOMER = SyncedObject(
    object_name="CUSTOMER",
    model=Customer,
    id_field="CUSTOMERID",
    status_field="STATUS",
    custom_fields=True,
    fields=(
        Field("customer_id", "CUSTOMERID", direction=D.BOTH),
        Field("name", "NAME", direction=D.BOTH),
        Field("status", "STATUS", STATUS, D.BOTH),
        Field("customer_type", "CUSTTYPE", direction=D.BOTH),
        Field("parent_customer_id", "PARENTID", direction=D.BOTH),
        Field("currency", "CURRENCY", direction=D.BOTH),
        Field("term_name", "TERMNAME", direction=D.BOTH),
        Field("credit_limit", "CREDITLIMIT", MONEY, D.BOTH),
        Field("total_due", "TOTALDUE", MONEY),
        Field("on_hold", "ONHOLD", BOOLEAN, D.BOTH),
    ),
    relations=(
        Relation("payment_term", PaymentTerm, "TERMNAME", by="intacct_id"),
        Relation("created_in_entity", Subsidiary, "MEGAENTITYID", by="intacct_id"),
        # Contacts are referenced by name (CONTACTNAME is unique in Intacct).
        Relation("display_contact", Contact, "DISPLAYCONTACT.CONTACTNAME", by="intacct_id"),
        Relation("primary_contact", Contact, "CONTACTINFO.CONTACTNAME", by="intacct_id"),
        Relation("bill_to_contact", Contact, "BILLTO.CONTACTNAME", by="intacct_id"),
        Relation("ship_to_contact", Contact, "SHIPTO.CONTACTNAME", by="intacct_id"),
    ),
)

# What every AR document shares: number, reference, customer, state and totals.
_DOCUMENT = (
    Field("number", "RECORDID"),
    Field("reference", "DOCNUMBER"),
    Field("description", "DESCRIPTION"),
    Field("customer_intacct_id", "CUSTOMERID"),
    Field("state", "STATE"),
    Field("currency", "CURRENCY"),
    Field("base_currency", "BASECURR"),
    Field("exchange_rate", "EXCHANGE_RATE", DECIMAL),
    Field("total_entered", "TOTALENTERED", MONEY),
    Field("total_paid", "TOTALPAID", MONEY),
    Field("total_due", "TOTALDUE", MONEY),
    Field("trx_total_entered", "TRX_TOTALENTERED", MONEY),
    Field("trx_total_paid", "TRX_TOTALPAID", MONEY),
    Field("trx_total_due", "TRX_TOTALDUE", MONEY),
)


# Every AR document belongs to a customer and to the entity it was created in.
_PARTY = (
    Relation("customer", Customer, "CUSTOMERID", by="intacct_id"),
    Relation("subsidiary", Subsidiary, "MEGAENTITYID", by="intacct_id"),
)


INVOICE = SyncedObject(
    object_name="ARINVOICE",
    model=Invoice,
    id_field="RECORDID",
    custom_fields=True,
    rekey_by="number",
    fields=(
        *_DOCUMENT,
        Field("invoice_date", "WHENCREATED", DATE),
        Field("due_date", "WHENDUE", DATE),
        Field("posted_date", "WHENPOSTED", DATE),
        Field("paid_date", "WHENPAID", DATE),
        Field("term_name", "TERMNAME"),
        Field("bill_to_name", "BILLTOPAYTOCONTACTNAME"),
        Field("module", "MODULEKEY"),
        Field("source_document_key", "DOCHDRKEY"),
        Field("supdoc_id", "SUPDOCID"),
    ),
    relations=_PARTY,
)

INVOICE_LINE = SyncedObject(
    object_name="ARINVOICEITEM",
    model=InvoiceLine,
    fields=(
        Field("invoice_recordno", "RECORDKEY", INTEGER),
        Field("line_no", "LINE_NO", INTEGER),
        Field("gl_account", "ACCOUNTNO"),
        Field("location_id", "LOCATIONID"),
        Field("department_id", "DEPARTMENTID"),
        Field("memo", "ENTRYDESCRIPTION"),
        Field("amount", "AMOUNT", MONEY),
        Field("trx_amount", "TRX_AMOUNT", MONEY),
        Field("total_paid", "TOTALPAID", MONEY),
    ),
    relations=(Relation("invoice", Invoice, "RECORDKEY"),),
)

CREDIT_MEMO = SyncedObject(
    object_name="ARADJUSTMENT",
    model=CreditMemo,
    id_field="RECORDID",
    fields=(
        *_DOCUMENT,
        Field("adjustment_date", "WHENCREATED", DATE),
        Field("posted_date", "WHENPOSTED", DATE),
        Field("bill_to_name", "BILLTOPAYTOCONTACTNAME"),
    ),
    relations=_PARTY,
)

CREDIT_MEMO_LINE = SyncedObject(
    object_name="ARADJUSTMENTITEM",
    model=CreditMemoLine,
    fields=(
        Field("credit_memo_recordno", "RECORDKEY", INTEGER),
        Field("line_no", "LINE_NO", INTEGER),
        Field("gl_account", "ACCOUNTNO"),
        Field("location_id", "LOCATIONID"),
        Field("memo", "ENTRYDESCRIPTION"),
        Field("amount", "AMOUNT", MONEY),
        Field("trx_amount", "TRX_AMOUNT", MONEY),
    ),
    relations=(Relation("credit_memo", CreditMemo, "RECORDKEY"),),
)

PAYMENT = SyncedObject(
    object_name="ARPYMT",
    model=Payment,
    id_field="RECORDID",
    fields=(
        *_DOCUMENT,
        Field("received_date", "RECEIPTDATE", DATE, fallback="WHENCREATED"),
        Field("payment_date", "WHENPAID", DATE),
        Field("method", "PAYMENTMETHOD"),
        Field("record_type", "RECORDTYPE"),
        Field("bank_account", "FINANCIALENTITY"),
        Field("undeposited_account", "UNDEPOSITEDACCOUNTNO"),
        Field("bill_to_name", "BILLTOPAYTONAME"),
    ),
    relations=_PARTY,
)

PAYMENT_APPLICATION = SyncedObject(
    object_name="ARPYMTDETAIL",
    model=PaymentApplication,
    fields=(
        Field("payment_recordno", "PAYMENTKEY", INTEGER),
        Field("invoice_recordno", "RECORDKEY", INTEGER),
        Field("credit_memo_recordno", "ADJUSTMENTKEY", INTEGER),
        Field("payment_date", "PAYMENTDATE", DATE),
        Field("amount", "PAYMENTAMOUNT", MONEY),
        Field("trx_amount", "TRX_PAYMENTAMOUNT", MONEY),
        Field("credit_amount", "ADJUSTMENTAMOUNT", MONEY),
        Field("currency", "CURRENCY"),
        Field("state", "STATE"),
    ),
    relations=(
        Relation("payment", Payment, "PAYMENTKEY"),
        Relation("invoice", Invoice, "RECORDKEY"),
        Relation("credit_memo", CreditMemo, "ADJUSTMENTKEY"),
    ),
)
