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
from integrations.sync.declarations import (
    BOOLEAN,
    DATE,
    INTEGER,
    MONEY,
    STATUS,
    Field,
    Relation,
    SyncedObject,
)
from integrations.sync.declarations import Direction as D
from integrations.sync.shared_declarations import (
    adjustment_line,
    document_relations,
    document_totals,
    party_relations,
    payment_detail,
    payment_term,
)

PAYMENT_TERM = payment_term(object_name="ARTERM", model=PaymentTerm)

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
    relations=party_relations(
        term_model=PaymentTerm,
        contacts=(("bill_to_contact", "BILLTO"), ("ship_to_contact", "SHIPTO")),
    ),
)

# What every AR document shares: number, reference, customer, state and totals.
_DOCUMENT = (
    Field("number", "RECORDID"),
    Field("reference", "DOCNUMBER"),
    Field("description", "DESCRIPTION"),
    Field("customer_intacct_id", "CUSTOMERID"),
    Field("state", "STATE"),
    *document_totals(exchange_rate=True),
)


# Every AR document belongs to a customer and to the entity it was created in.
_PARTY = document_relations(party="customer", party_model=Customer, party_id="CUSTOMERID")


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

CREDIT_MEMO_LINE = adjustment_line(
    object_name="ARADJUSTMENTITEM",
    model=CreditMemoLine,
    header="credit_memo",
    header_model=CreditMemo,
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

PAYMENT_APPLICATION = payment_detail(
    object_name="ARPYMTDETAIL",
    model=PaymentApplication,
    payment_model=Payment,
    document=("invoice", Invoice),
    credit=("credit_memo", CreditMemo),
)
