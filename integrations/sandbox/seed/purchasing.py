"""Seeded purchasing: POs of three transaction definitions, receivers and vendor invoices.

Each PO uses one of the PO definitions (leave open / back order / close, by index) and its
state follows that policy: a partial conversion leaves a *Leave Transaction Open* PO
Partially Converted, closes a *Close Transaction* PO, and closes a back-order PO while a new
Pending PO (CREATEDFROM the original, BACKORDER Yes) holds the remaining quantity. Converted
quantities go to a PO Receiver (CREATEDFROM the PO) or, for every fifth PO, straight to a
Vendor Invoice; a converted receiver has its Vendor Invoice. Random draws happen in the same
order as before the definitions existed, so the rest of the company does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ap_columns import PO_COLUMNS, PO_LINE_COLUMNS
from .batch import Batch
from .context import BASE_CURRENCY, Party, SeedContext, money

ITEMS = (
    ("LAPTOP-14", 'Laptop 14"', "Each"),
    ("PAPER-A4", "Paper A4 & A3", "Case"),
    ("CABLE-USB", "USB cable", "Dozen"),
    ("COFFEE", "Café beans", "Pound"),
    ("CONSULT", "Consulting hours", "Hour"),
)
PO_DEFINITIONS = (
    ("Purchase Order", "Leave Transaction Open"),
    ("Purchase Order - Back Order", "Close Original and Create Back Order"),
    ("Purchase Order - Close", "Close Transaction"),
)
_LINE = tuple[tuple[str, str, str], int, int]  # ((item, name, unit), quantity, price cents)


@dataclass
class _Doc:
    """One purchasing document being written."""

    key: int
    number: str
    kind: str
    state: str
    party: Party
    days_ago: int
    created_from: str | None = None
    source_key: int | None = None
    status: str = "active"
    vendor_doc: str | None = None
    backorder: bool = False

    @property
    def doc_id(self) -> str:
        return f"{self.kind}-{self.number}"


class PurchasingSeeder:
    """Writes purchasing documents and lines."""

    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.docs = Batch(ctx.conn, "podocument", (*PO_COLUMNS, "BACKORDER"))
        self.lines = Batch(ctx.conn, "podocumententry", PO_LINE_COLUMNS)

    def flush(self) -> None:
        """Write what is queued."""
        self.docs.flush()
        self.lines.flush()

    def order(self, index: int, age: int, party: Party) -> None:
        """One PO and what was converted from it."""
        ctx = self.ctx
        rng = ctx.rng
        state = rng.choices(
            ("Draft", "Pending", "Partially Converted", "Converted", "Closed"), (5, 30, 15, 35, 15)
        )[0]
        lines: list[_LINE] = [
            (rng.choice(ITEMS), rng.randint(1, 40), rng.randint(500, 50_000))
            for _ in range(rng.choice((1, 2, 3)))
        ]
        kind, policy = PO_DEFINITIONS[index % len(PO_DEFINITIONS)]
        fraction = {"Converted": 1.0, "Partially Converted": 0.5}.get(state, 0.0)
        status = "inactive" if state == "Closed" and rng.random() < 0.3 else "active"
        final = state
        if state == "Partially Converted" and policy != "Leave Transaction Open":
            final = "Closed"
        elif state in ("Draft", "Pending") and index % 4 == 1:
            final = "Declined"
        number = f"P{index:06d}"
        po = _Doc(ctx.key("podocument"), number, kind, final, party, age, status=status)
        converted = [(item, int(qty * fraction), price) for item, qty, price in lines]
        po_lines = self._write(po, lines, [qty for _, qty, _ in converted])
        if state == "Partially Converted" and policy == "Close Original and Create Back Order":
            back = _Doc(
                ctx.key("podocument"),
                f"{number}-BO",
                kind,
                "Pending",
                party,
                age,
                created_from=po.doc_id,
                source_key=po.key,
                backorder=True,
            )
            rest = [
                (item, qty - got, price)
                for (item, qty, price), (_, got, _) in zip(lines, converted, strict=True)
            ]
            self._write(back, rest, [0] * len(rest), po_lines)
        if not fraction:
            return
        when = max(0, age - rng.randint(3, 20))
        receiver_state = "Converted" if rng.random() < 0.5 else "Pending"
        shipment = f"PS-{rng.randint(1000, 9999)}"
        if index % 5 == 0:
            invoice = self._converted("Vendor Invoice", f"I{index:06d}", "Pending", po, when)
            invoice.vendor_doc = shipment
            self._write(invoice, converted, [0] * len(converted), po_lines)
            return
        receiver = self._converted("PO Receiver", f"R{index:06d}", receiver_state, po, when)
        receiver.vendor_doc = shipment
        invoiced = [qty for _, qty, _ in converted] if receiver_state == "Converted" else None
        receiver_lines = self._write(
            receiver, converted, invoiced or [0] * len(converted), po_lines
        )
        if invoiced is not None:
            invoice = self._converted("Vendor Invoice", f"I{index:06d}", "Pending", receiver, when)
            invoice.vendor_doc = shipment
            self._write(invoice, converted, [0] * len(converted), receiver_lines)

    def _converted(self, kind: str, number: str, state: str, source: _Doc, when: int) -> _Doc:
        """A document converted from ``source`` (CREATEDFROM its DOCID)."""
        key = self.ctx.key("podocument")
        return _Doc(key, number, kind, state, source.party, when, source.doc_id, source.key)

    def _write(
        self,
        doc: _Doc,
        lines: list[_LINE],
        converted: list[int],
        sources: list[int] | None = None,
    ) -> list[int]:
        """Queue a document and its lines; returns the line keys."""
        ctx = self.ctx
        base = BASE_CURRENCY[doc.party.entity]
        stamp = ctx.stamp(doc.days_ago)
        total = sum(qty * price for _, qty, price in lines)
        quantity = sum(qty for _, qty, _ in lines)
        done = sum(converted)
        row: tuple[Any, ...] = (
            doc.key,
            doc.number,
            doc.doc_id,
            doc.kind,
            doc.created_from,
            doc.state,
            doc.status,
            "true" if doc.state == "Closed" else "false",
            ctx.day(doc.days_ago),
            ctx.due(doc.days_ago - 30),
            stamp,
            stamp,
            doc.party.ident,
            doc.party.name,
            doc.number if doc.kind != "Vendor Invoice" else None,
            doc.vendor_doc,
            base,
            base,
            money(total),
            money(total),
            money(total),
            money(total),
            float(done),
            float(quantity - done),
            *ctx.entity(doc.party.entity),
            "Yes" if doc.backorder else "No",
        )
        self.docs.add(row)
        keys = []
        line_state = "Pending" if doc.state in ("Draft", "Pending", "Declined") else doc.state
        for line_no, (((item, name, unit), qty, price), got) in enumerate(
            zip(lines, converted, strict=True)
        ):
            key = ctx.key("podocumententry")
            keys.append(key)
            self.lines.add(
                (
                    key,
                    doc.key,
                    doc.doc_id,
                    doc.kind,
                    line_no,
                    item,
                    name,
                    unit,
                    float(qty),
                    float(qty),
                    float(got),
                    money(price),
                    money(price),
                    money(qty * price),
                    line_state,
                    "active",
                    doc.party.entity,
                    "D400",
                    base,
                    base,
                    doc.source_key,
                    sources[line_no] if sources else None,
                    stamp,
                    stamp,
                    doc.created_from,
                )
            )
        return keys
