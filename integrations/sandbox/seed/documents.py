"""What the seeded AR and AP party documents share: column groups and amount tuples.

Invoices and bills (and their lines) are written as tuples in column order; the groups below
are spliced into ``ar_columns``/``ap_columns`` and :func:`document_amounts` builds the amount
group of a row in that same order, so both seeders fill it the same way.
"""

from __future__ import annotations

from .context import money

DOCUMENT_AMOUNTS = (
    "TOTALENTERED",
    "TOTALSELECTED",
    "TOTALPAID",
    "TOTALDUE",
    "TRX_TOTALENTERED",
    "TRX_TOTALSELECTED",
    "TRX_TOTALPAID",
    "TRX_TOTALDUE",
    "TRX_ENTITYDUE",
)
DOCUMENT_LINKS = (
    "BILLTOPAYTOCONTACTNAME",
    "SHIPTORETURNTOCONTACTNAME",
    "MODULEKEY",
    "DOCHDRKEY",
    "SYSTEMGENERATED",
    "AUWHENCREATED",
    "WHENMODIFIED",
)
ENTITY_COLUMNS = ("MEGAENTITYKEY", "MEGAENTITYID", "MEGAENTITYNAME")
DOCUMENT_LINE = (
    "RECORDNO",
    "RECORDKEY",
    "LINE_NO",
    "ACCOUNTNO",
    "OFFSETGLACCOUNTNO",
    "ENTRY_DATE",
    "AMOUNT",
    "TRX_AMOUNT",
    "DEPARTMENTID",
    "LOCATIONID",
    "ENTRYDESCRIPTION",
    "CURRENCY",
    "BASECURR",
    "TOTALPAID",
    "TRX_TOTALPAID",
    "TOTALSELECTED",
    "TRX_TOTALSELECTED",
    "STATE",
    "RECORDTYPE",
    "WHENCREATED",
    "WHENMODIFIED",
)


def document_amounts(
    total: int, paid: int, trx_total: int, trx_paid: int, selected: int = 0, trx_selected: int = 0
) -> tuple[float, ...]:
    """The :data:`DOCUMENT_AMOUNTS` values from cents (base, then transaction currency)."""
    return (
        money(total),
        money(selected),
        money(paid),
        money(total - paid),
        money(trx_total),
        money(trx_selected),
        money(trx_paid),
        money(trx_total - trx_paid),
        money(trx_total - trx_paid),
    )
