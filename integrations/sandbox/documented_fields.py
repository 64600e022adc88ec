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
