"""Bills posted from the seeded purchasing vendor invoices (as `create_potransaction` posts them).

In Intacct a Purchasing vendor invoice posts an AP bill: the bill's DOCHDRKEY is the vendor
invoice's RECORDNO and the vendor invoice's PRRECORDKEY the bill's. Each seeded vendor
invoice gets its bill here, open for the document total, with one line per document line.
No random draws: the rest of the seeded company stays what it was.
"""

from __future__ import annotations

from ..functions.columns import STATE_LETTERS
from .ap_columns import BILL_COLUMNS, BILL_LINE_COLUMNS
from .batch import Batch
from .context import SeedContext


def seed_vendor_invoice_bills(ctx: SeedContext) -> None:
    conn = ctx.conn
    bills = Batch(conn, "apbill", BILL_COLUMNS)
    lines = Batch(conn, "apbillitem", BILL_LINE_COLUMNS)
    vendors = {
        row[0]: row[1:]
        for row in conn.execute('SELECT "VENDORID", "NAME", "RECORDNO", "TERMNAME" FROM vendor')
    }
    documents = conn.execute(
        'SELECT "RECORDNO", "DOCNO", "CUSTVENDID", "WHENCREATED", "WHENDUE", "TOTAL", '
        '"TRX_TOTAL", "BASECURR", "CURRENCY", "AUWHENCREATED", "WHENMODIFIED", '
        '"MEGAENTITYKEY", "MEGAENTITYID", "MEGAENTITYNAME" FROM podocument '
        'WHERE "DOCPARID" = \'Vendor Invoice\' ORDER BY "RECORDNO"'
    ).fetchall()
    links = []
    for doc in documents:
        (doc_key, number, vendor_id, created, due, total, trx_total, base, currency) = doc[:9]
        created_at, modified, *entity = doc[9:]
        name, vendor_key, term = vendors.get(vendor_id, ("", None, None))
        key = ctx.key("apbill")
        links.append((key, doc_key))
        amounts = (total, 0.0, 0.0, total, trx_total, 0.0, 0.0, trx_total, trx_total)
        bills.add(
            (
                key,
                "pi",
                number,
                "Posted",
                STATE_LETTERS["Posted"],
                vendor_id,
                name,
                vendor_key,
                number,
                f"Posted from vendor invoice {number}",
                term,
                created,
                created,
                due,
                None,
                "false",
                base,
                currency or base,
                1.0,
                *amounts,
                None,
                None,
                "9.PO",
                doc_key,
                "T",
                created_at,
                modified,
                *entity,
                None,
                None,
            )
        )
        entries = conn.execute(
            'SELECT "LINE_NO", "TOTAL", "LOCATIONID", "DEPARTMENTID", "ITEMNAME" '
            'FROM podocumententry WHERE "DOCHDRNO" = ? ORDER BY "LINE_NO"',
            (doc_key,),
        ).fetchall()
        for line_no, amount, location, department, item in entries:
            lines.add(
                (
                    ctx.key("apbillitem"),
                    key,
                    int(line_no) + 1,
                    "5000",
                    "2000",
                    created,
                    amount,
                    amount,
                    department,
                    location,
                    item,
                    currency or base,
                    base,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    "Posted",
                    "pi",
                    created_at,
                    modified,
                    vendor_id,
                    None,
                    None,
                    None,
                )
            )
    bills.flush()
    lines.flush()
    conn.executemany('UPDATE podocument SET "PRRECORDKEY" = ? WHERE "RECORDNO" = ?', links)
