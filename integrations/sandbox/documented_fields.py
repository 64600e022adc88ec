"""Field lists of objects (and object parts) that no recorded lookup covers.

Field names follow Intacct's documentation for CHECKINGACCOUNT, SAVINGSACCOUNT and ITEM; an
AR invoice line has the ARADJUSTMENTITEM fields plus the AR-relevant APBILLITEM fields and the
revenue-recognition fields below. Rows: (ID, datatype, required, read-only, label).
"""

from __future__ import annotations

FieldRow = tuple[str, str, bool, bool, str]

AUDIT_AND_ENTITY: tuple[FieldRow, ...] = (
    ("WHENCREATED", "TIMESTAMP", False, True, "When created"),
    ("WHENMODIFIED", "TIMESTAMP", False, True, "When modified"),
    ("CREATEDBY", "INTEGER", False, True, "Created by"),
    ("MODIFIEDBY", "INTEGER", False, True, "Modified by"),
    ("MEGAENTITYKEY", "INTEGER", False, True, "Created at - Entity key"),
    ("MEGAENTITYID", "TEXT", False, True, "Created at - Entity ID"),
    ("MEGAENTITYNAME", "TEXT", False, True, "Created at - Entity name"),
)

# Bank accounts (field names of Intacct's CHECKINGACCOUNT/SAVINGSACCOUNT documentation).
BANK_ACCOUNT: tuple[FieldRow, ...] = (
    ("RECORDNO", "INTEGER", False, True, "Record number"),
    ("BANKACCOUNTID", "TEXT", True, False, "Bank account ID"),
    ("BANKACCOUNTNO", "TEXT", True, False, "Bank account number"),
    ("GLACCOUNTNO", "TEXT", True, False, "GL account"),
    ("BANKNAME", "TEXT", True, False, "Bank name"),
    ("ROUTINGNO", "TEXT", False, False, "Routing number"),
    ("BRANCHID", "TEXT", False, False, "Branch ID"),
    ("BANKACCOUNTTYPE", "TEXT", False, False, "Bank account type"),
    ("PHONE", "TEXT", False, False, "Phone"),
    ("COMPANYNAME", "TEXT", False, False, "Company name"),
    ("DESCRIPTION", "TEXT", False, False, "Description"),
    ("CURRENCY", "TEXT", False, False, "Currency"),
    ("DEPARTMENTID", "TEXT", False, False, "Department"),
    ("LOCATIONID", "TEXT", False, False, "Location"),
    ("STATUS", "TEXT", False, False, "Status"),
    ("LASTRECONCILEDBALANCE", "CURRENCY", False, True, "Last reconciled balance"),
    ("LASTRECONCILEDDATE", "DATE", False, True, "Last reconciled date"),
    ("CUTOFFDATE", "DATE", False, False, "Cutoff date"),
    ("SERVICECHARGEGLACCOUNT", "TEXT", False, False, "Service charge GL account"),
    ("INTERESTGLACCOUNT", "TEXT", False, False, "Interest GL account"),
)
CHECKING_ONLY: tuple[FieldRow, ...] = (
    ("CHECKLABEL", "TEXT", False, False, "Check label"),
    ("NEXTCHECK", "TEXT", False, False, "Next check number"),
    ("ACHBANKID", "TEXT", False, False, "ACH bank ID"),
    ("ACHENABLED", "BOOLEAN", False, False, "Enable ACH"),
)
ITEM_FIELDS: tuple[FieldRow, ...] = (
    ("RECORDNO", "INTEGER", False, True, "Record number"),
    ("ITEMID", "TEXT", True, False, "Item ID"),
    ("NAME", "TEXT", True, False, "Name"),
    ("STATUS", "TEXT", False, False, "Status"),
    ("ITEMTYPE", "TEXT", True, False, "Item type"),
    ("PRODUCTLINEID", "TEXT", False, False, "Product line ID"),
    ("EXTENDED_DESCRIPTION", "TEXT", False, False, "Extended description"),
    ("PODESCRIPTION", "TEXT", False, False, "Purchasing description"),
    ("SODESCRIPTION", "TEXT", False, False, "Sales description"),
    ("UOMGRP", "TEXT", False, False, "Unit of measure group"),
    ("UOMGRPKEY", "INTEGER", False, False, "Unit of measure group key"),
    ("COST_METHOD", "TEXT", False, False, "Cost method"),
    ("STANDARD_COST", "CURRENCY", False, False, "Standard cost"),
    ("BASEPRICE", "CURRENCY", False, False, "Base price"),
    ("GLGROUP", "TEXT", False, False, "GL group"),
    ("TAXABLE", "BOOLEAN", False, False, "Taxable"),
    ("TAXGROUP", "TEXT", False, False, "Tax group"),
    ("EXPENSE_ACCTNO", "TEXT", False, False, "Expense account"),
    ("INCOME_ACCTNO", "TEXT", False, False, "Revenue account"),
    ("INV_ACCTNO", "TEXT", False, False, "Inventory account"),
    ("COGS_ACCTNO", "TEXT", False, False, "COGS account"),
    ("VENDORID", "TEXT", False, False, "Vendor ID"),
    ("NOTE", "TEXT", False, False, "Note"),
)
# APBILLITEM fields an AR invoice line has too (not the AP-only 1099, billable, asset and
# amortization fields), and the AR revenue-recognition fields of invoice lines.
AP_ONLY_LINE_FIELDS = frozenset(
    {
        "FORM1099",
        "FORM1099TYPE",
        "FORM1099BOX",
        "BILLABLE",
        "BILLED",
        "RELEASETOPAY",
        "NAMEOFACQUIREDASSET",
        "INCLUDETAXINASSETCOST",
        "AMORTIZATIONTEMPLATEID",
        "AMORTIZATIONSTARTDATE",
        "AMORTIZATIONENDDATE",
        "SELECTEDASSETMODE",
        "ASSETQUANTITY",
        "ASSETID",
        "RPEC",
        "RPES",
    }
)
AR_LINE_EXTRA: tuple[FieldRow, ...] = (
    ("REVRECTEMPLATE", "TEXT", False, False, "Revenue recognition template"),
    ("REVRECTEMPLATEKEY", "INTEGER", False, False, "Revenue recognition template key"),
    ("DEFERREVENUE", "BOOLEAN", False, False, "Defer revenue"),
    ("REVRECSTARTDATE", "DATE", False, False, "Revenue recognition start date"),
    ("REVRECENDDATE", "DATE", False, False, "Revenue recognition end date"),
    ("DEFERREDREVACCTNO", "TEXT", False, False, "Deferred revenue account"),
)

# Charge card transactions (CCTRANSACTION) and their lines: the field names of Intacct's
# charge card transaction documentation and of the APBILLITEM fields the lines share. In a
# VAT entity each taxed line has a tax line of its own whose PARENTTAXENTRY is the taxed
# line's RECORDNO (DETAILID names the tax detail, TAXRATE its rate).
CC_TRANSACTION: tuple[FieldRow, ...] = (
    ("RECORDNO", "INTEGER", False, True, "Record number"),
    ("RECORDTYPE", "TEXT", False, False, "Record type"),
    ("RECORDID", "TEXT", False, False, "Reference number"),
    ("FINANCIALENTITY", "TEXT", True, False, "Card account"),
    ("FINANCIALENTITYTYPE", "TEXT", False, True, "Account type"),
    ("STATE", "TEXT", False, True, "State"),
    ("RAWSTATE", "TEXT", False, True, "Raw state"),
    ("DESCRIPTION", "TEXT", False, False, "Description"),
    ("DESCRIPTION2", "TEXT", False, False, "Payee"),
    ("WHENPOSTED", "DATE", False, False, "GL posting date"),
    ("WHENPAID", "DATE", False, False, "Transaction date"),
    ("BASECURR", "TEXT", False, True, "Base currency"),
    ("CURRENCY", "TEXT", False, False, "Transaction currency"),
    ("EXCHANGE_RATE", "DECIMAL", False, False, "Exchange rate"),
    ("INCLUSIVETAX", "BOOLEAN", False, False, "Inclusive taxes"),
    ("TAXSOLUTIONID", "TEXT", False, False, "Tax solution"),
    ("TOTALENTERED", "DECIMAL", False, True, "Total amount"),
    ("TOTALPAID", "DECIMAL", False, True, "Total paid"),
    ("TOTALDUE", "CURRENCY", False, True, "Total due"),
    ("TRX_TOTALENTERED", "DECIMAL", False, True, "Total transaction amount"),
    ("TRX_TOTALPAID", "DECIMAL", False, True, "Total transaction amount paid"),
    ("TRX_TOTALDUE", "DECIMAL", False, True, "Total transaction amount due"),
    ("SUPDOCID", "TEXT", False, False, "Attachment"),
    ("CLEARED", "TEXT", False, True, "Reconciliation state"),
    ("AUWHENCREATED", "TIMESTAMP", False, True, "Audit when created"),
)
CC_TRANSACTION_ENTRY: tuple[FieldRow, ...] = (
    ("RECORDNO", "INTEGER", False, True, "Record number"),
    ("RECORDKEY", "INTEGER", False, False, "Parent key"),
    ("LINE_NO", "TEXT", False, True, "Line no."),
    ("ACCOUNTNO", "TEXT", False, False, "Account"),
    ("ACCOUNTTITLE", "TEXT", False, False, "Account title"),
    ("ENTRY_DATE", "DATE", False, False, "Entry date"),
    ("AMOUNT", "DECIMAL", True, True, "Base amount"),
    ("TRX_AMOUNT", "DECIMAL", True, False, "Transaction amount"),
    ("ENTRYDESCRIPTION", "TEXT", False, False, "Memo"),
    ("CURRENCY", "TEXT", True, True, "Transaction currency"),
    ("BASECURR", "TEXT", True, True, "Base currency"),
    ("DEPARTMENTID", "TEXT", False, False, "Department ID"),
    ("LOCATIONID", "TEXT", False, False, "Location ID"),
    ("VENDORID", "TEXT", False, False, "Vendor"),
    ("CLASSID", "TEXT", False, False, "Class"),
    ("PROJECTID", "TEXT", False, False, "Project"),
    ("STATE", "TEXT", False, False, "State"),
    ("DETAILKEY", "INTEGER", False, False, "Tax detail key"),
    ("DETAILID", "TEXT", False, False, "Tax detail"),
    ("TAXRATE", "PERCENT", False, True, "Tax rate"),
    ("PARENTTAXENTRY", "INTEGER", False, True, "Parent tax entry key"),
    ("WHENCREATED", "TIMESTAMP", False, True, "When created"),
    ("WHENMODIFIED", "TIMESTAMP", False, True, "When modified"),
)
# AP amortization templates: the list a bill line's AMORTIZATIONTEMPLATEID names.
AMORTIZATION_TEMPLATE: tuple[FieldRow, ...] = (
    ("RECORDNO", "INTEGER", False, True, "Record number"),
    ("TEMPLATEID", "TEXT", True, False, "Template ID"),
    ("DESCRIPTION", "TEXT", False, False, "Description"),
    ("STATUS", "TEXT", False, False, "Status"),
    ("SCHEDULEPERIOD", "TEXT", False, False, "Schedule period"),
    ("TOTALPERIODS", "INTEGER", False, False, "Number of periods"),
    ("METHOD", "TEXT", False, False, "Amortization method"),
    ("DEFERREDACCOUNTNO", "TEXT", False, False, "Prepaid expense account"),
)
