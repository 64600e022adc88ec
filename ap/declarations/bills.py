"""Bills, bill payments, vendor credits, card transactions and amortization templates.

All of them are Intacct's (states, totals paid and due are computed there): every field is
pulled only.
"""

from ap.models import (
    AmortizationTemplate,
    Bill,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    CardTransaction,
    CardTransactionLine,
    PurchasingDocument,
    Vendor,
    VendorCredit,
    VendorCreditLine,
)
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
from integrations.sync.shared_declarations import (
    ENTITY,
    adjustment_line,
    document_relations,
    document_totals,
    payment_detail,
)

AMORTIZATION_TEMPLATE = SyncedObject(
    object_name="AMORTIZATIONTEMPLATE",
    model=AmortizationTemplate,
    id_field="TEMPLATEID",
    status_field="STATUS",
    fields=(
        Field("template_id", "TEMPLATEID"),
        Field("description", "DESCRIPTION"),
        Field("status", "STATUS", STATUS),
        Field("schedule_period", "SCHEDULEPERIOD"),
        Field("total_periods", "TOTALPERIODS", INTEGER),
        Field("method", "METHOD"),
        Field("deferred_account", "DEFERREDACCOUNTNO"),
    ),
)

# What bills, payments and vendor credits share: currency and the totals, base and transaction.
_TOTALS = (
    Field("state", "STATE"),
    *document_totals(),
)

# Every AP document belongs to a vendor and to the entity it was created in.
_VENDOR_AND_ENTITY = document_relations(party="vendor", party_model=Vendor, party_id="VENDORID")

BILL = SyncedObject(
    object_name="APBILL",
    model=Bill,
    id_field="RECORDID",
    custom_fields=True,
    fields=(
        *_TOTALS,
        Field("number", "RECORDID"),
        Field("reference", "DOCNUMBER"),
        Field("description", "DESCRIPTION"),
        Field("vendor_intacct_id", "VENDORID"),
        Field("exchange_rate", "EXCHANGE_RATE", DECIMAL),
        Field("bill_date", "WHENCREATED", DATE),
        Field("posted_date", "WHENPOSTED", DATE),
        Field("due_date", "WHENDUE", DATE),
        Field("paid_date", "WHENPAID", DATE),
        Field("term_name", "TERMNAME"),
        Field("on_hold", "ONHOLD", BOOLEAN),
        Field("total_selected", "TOTALSELECTED", MONEY),
        Field("trx_total_selected", "TRX_TOTALSELECTED", MONEY),
        Field("module", "MODULEKEY"),
        Field("source_document_key", "DOCHDRKEY", INTEGER),
        Field("supdoc_id", "SUPDOCID"),
    ),
    relations=(
        *_VENDOR_AND_ENTITY,
        Relation("source_document", PurchasingDocument, "DOCHDRKEY"),
    ),
)

BILL_LINE = SyncedObject(
    object_name="APBILLITEM",
    model=BillLine,
    fields=(
        Field("bill_recordno", "RECORDKEY", INTEGER),
        Field("line_no", "LINE_NO", INTEGER),
        Field("gl_account", "ACCOUNTNO"),
        Field("offset_gl_account", "OFFSETGLACCOUNTNO"),
        Field("memo", "ENTRYDESCRIPTION"),
        Field("amount", "AMOUNT", MONEY),
        Field("trx_amount", "TRX_AMOUNT", MONEY),
        Field("total_paid", "TOTALPAID", MONEY),
        Field("trx_total_paid", "TRX_TOTALPAID", MONEY),
        Field("currency", "CURRENCY"),
        Field("state", "STATE"),
        Field("location_id", "LOCATIONID"),
        Field("department_id", "DEPARTMENTID"),
        Field("class_id", "CLASSID"),
        Field("project_id", "PROJECTID"),
        Field("item_id", "ITEMID"),
        Field("vendor_dimension", "VENDORID"),
        Field("amortization_start", "AMORTIZATIONSTARTDATE", DATE),
        Field("amortization_template_intacct_id", "AMORTIZATIONTEMPLATEID"),
        Field("amortization_end", "AMORTIZATIONENDDATE", DATE),
    ),
    relations=(
        Relation("bill", Bill, "RECORDKEY"),
        Relation(
            "amortization_template", AmortizationTemplate, "AMORTIZATIONTEMPLATEID", by="intacct_id"
        ),
    ),
)

VENDOR_CREDIT = SyncedObject(
    object_name="APADJUSTMENT",
    model=VendorCredit,
    id_field="RECORDID",
    fields=(
        *_TOTALS,
        Field("number", "RECORDID"),
        Field("description", "DESCRIPTION"),
        Field("vendor_intacct_id", "VENDORID"),
        Field("credit_date", "WHENCREATED", DATE),
        Field("posted_date", "WHENPOSTED", DATE),
        Field("applied_date", "WHENPAID", DATE),
    ),
    relations=_VENDOR_AND_ENTITY,
)

VENDOR_CREDIT_LINE = adjustment_line(
    object_name="APADJUSTMENTITEM",
    model=VendorCreditLine,
    header="vendor_credit",
    header_model=VendorCredit,
)

BILL_PAYMENT = SyncedObject(
    object_name="APPYMT",
    model=BillPayment,
    id_field="RECORDID",
    fields=(
        *_TOTALS,
        Field("number", "RECORDID"),
        Field("reference", "DOCNUMBER"),
        Field("vendor_intacct_id", "VENDORID"),
        Field("payment_date", "WHENPAID", DATE, fallback="WHENCREATED"),
        Field("method", "PAYMENTMETHOD"),
        Field("bank_account", "FINANCIALENTITY"),
        Field("cleared", "CLEARED", BOOLEAN),
    ),
    relations=_VENDOR_AND_ENTITY,
)

BILL_PAYMENT_DETAIL = payment_detail(
    object_name="APPYMTDETAIL",
    model=BillPaymentDetail,
    payment_model=BillPayment,
    document=("bill", Bill),
    credit=("vendor_credit", VendorCredit),
    trx_credit_amount=True,
)

CARD_TRANSACTION = SyncedObject(
    object_name="CCTRANSACTION",
    model=CardTransaction,
    id_field="RECORDID",
    fields=(
        *_TOTALS,
        Field("number", "RECORDID"),
        Field("card_account", "FINANCIALENTITY"),
        Field("payee", "DESCRIPTION2"),
        Field("description", "DESCRIPTION"),
        Field("exchange_rate", "EXCHANGE_RATE", DECIMAL),
        Field("transaction_date", "WHENCREATED", DATE),
        Field("posted_date", "WHENPOSTED", DATE),
        Field("tax_solution", "TAXSOLUTIONID"),
        Field("inclusive_tax", "INCLUSIVETAX", BOOLEAN),
    ),
    relations=(ENTITY,),
)

CARD_TRANSACTION_LINE = SyncedObject(
    object_name="CCTRANSACTIONENTRY",
    model=CardTransactionLine,
    fields=(
        Field("card_transaction_recordno", "RECORDKEY", INTEGER),
        Field("line_no", "LINE_NO", INTEGER),
        Field("gl_account", "ACCOUNTNO"),
        Field("memo", "ENTRYDESCRIPTION"),
        Field("amount", "AMOUNT", MONEY),
        Field("trx_amount", "TRX_AMOUNT", MONEY),
        Field("currency", "CURRENCY"),
        Field("department_id", "DEPARTMENTID"),
        Field("location_id", "LOCATIONID"),
        Field("vendor_intacct_id", "VENDORID"),
        Field("tax_detail", "DETAILID"),
        Field("tax_rate", "TAXRATE", DECIMAL),
        Field("taxed_line_recordno", "PARENTTAXENTRY", INTEGER),
    ),
    relations=(Relation("card_transaction", CardTransaction, "RECORDKEY"),),
)
