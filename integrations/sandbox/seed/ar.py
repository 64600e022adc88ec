"""Seeded AR history: invoices (AR and order entry), payments, credit memos, attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..functions.columns import STATE_LETTERS
from ..store import Actor, write_audit
from .ar_columns import (
    ADJUSTMENT_COLUMNS,
    ADJUSTMENT_LINE_COLUMNS,
    DETAIL_COLUMNS,
    INVOICE_COLUMNS,
    LINE_COLUMNS,
    PAYMENT_COLUMNS,
    SODOC_COLUMNS,
    SUPDOC_COLUMNS,
)
from .batch import Batch
from .context import (
    BANKS,
    BASE_CURRENCY,
    HISTORY_DAYS,
    PAYMENT_METHODS,
    Party,
    SeedContext,
    convert,
    money,
    state_for,
)
from .documents import document_amounts
from .names import ITEM_WORDS
from .pdf import attachment_pdf_base64


@dataclass
class Pending:
    """Paid invoices of one customer and currency waiting to be grouped into a payment."""

    party: Party
    currency: str
    base: str
    days_ago: int
    items: list[tuple[int, int, int]] = field(default_factory=list)  # (invoice, trx, base)


class ArSeeder:
    """Writes AR history in invoice-date order so RECORDNOs grow with time."""

    def __init__(self, ctx: SeedContext) -> None:
        conn = ctx.conn
        self.ctx = ctx
        self.invoices = Batch(conn, "arinvoice", INVOICE_COLUMNS)
        self.lines = Batch(conn, "arinvoiceitem", LINE_COLUMNS)
        self.payments = Batch(conn, "arpymt", PAYMENT_COLUMNS)
        self.details = Batch(conn, "arpymtdetail", DETAIL_COLUMNS)
        self.adjustments = Batch(conn, "aradjustment", ADJUSTMENT_COLUMNS)
        self.adjustment_lines = Batch(conn, "aradjustmentitem", ADJUSTMENT_LINE_COLUMNS)
        self.sodocs = Batch(conn, "sodocument", SODOC_COLUMNS)
        self.supdocs = Batch(conn, "_supdoc", SUPDOC_COLUMNS)
        self.attachments = Batch(conn, "_supdoc_attachment", ("supdockey", "name", "type", "data"))
        self.pending: dict[tuple[str, str], Pending] = {}
        self.invoice_count = 0
        self.attachment_data = attachment_pdf_base64()

    def run(self) -> None:
        """Seed every AR object."""
        ctx = self.ctx
        rng = ctx.rng
        billable = [party for party in ctx.customers if party.status != "inactive"]
        # A fifth of the customers never buy: customers without balances or history.
        buyers = billable[: max(1, int(len(billable) * 0.8))]
        cumulative: list[float] = []
        running = 0.0
        for _ in buyers:
            running += rng.random() ** 2 + 0.05
            cumulative.append(running)
        ages = sorted((rng.randint(0, HISTORY_DAYS) for _ in range(ctx.scale)), reverse=True)
        for index, age in enumerate(ages, start=1):
            party = rng.choices(buyers, cum_weights=cumulative)[0]
            self._invoice(index, age, party)
        for pending in list(self.pending.values()):
            self._flush_payment(pending)
        self._unapplied(max(1, ctx.scale // 100))
        self._credit_memos(max(1, round(ctx.scale * 0.03)), applied=False)
        for batch in (
            self.invoices,
            self.lines,
            self.payments,
            self.details,
            self.adjustments,
            self.adjustment_lines,
            self.sodocs,
            self.supdocs,
            self.attachments,
        ):
            batch.flush()

    # -- invoices ----------------------------------------------------------------------
    def _invoice(self, index: int, age: int, party: Party) -> None:
        ctx = self.ctx
        rng = ctx.rng
        key = ctx.key("arinvoice")
        entity = party.entity
        base = BASE_CURRENCY[entity]
        currency = base
        if entity == "US" and rng.random() < 0.1:
            currency = rng.choice(("EUR", "GBP", "CAD"))
        negative = rng.random() < 0.02
        line_count = 1 if negative else rng.choice((1, 1, 2, 2, 3))
        trx_lines = [rng.randint(5_000, 400_000) for _ in range(line_count)]
        if negative:
            trx_lines = [-trx_lines[0]]
        trx_total = sum(trx_lines)
        base_lines = [convert(cents, currency, base) for cents in trx_lines]
        base_total = sum(base_lines)
        roll = rng.random()
        open_chance = 0.55 if age < 60 else 0.04
        if negative:
            fate = "open"
        elif roll < 0.005:
            fate = "draft"
        elif roll < 0.008:
            fate = "reversed"
        elif roll < 0.008 + open_chance:
            fate = "open" if rng.random() < 0.7 else "partial"
        elif rng.random() < 0.03:
            fate = "credit"
        else:
            fate = "paid"
        created = ctx.stamp(age)
        modified = created
        paid_trx = 0
        paid_base = 0
        when_paid = None
        if fate == "partial":
            paid_trx = round(trx_total * rng.uniform(0.2, 0.8))
            paid_base = convert(paid_trx, currency, base)
            pay_age = max(0, age - rng.randint(5, 40))
            self._single_payment(party, currency, base, pay_age, key, paid_trx, paid_base)
            modified = ctx.stamp(pay_age)
        elif fate == "paid":
            paid_trx, paid_base = trx_total, base_total
            pay_age = max(0, age - rng.randint(5, 50))
            when_paid = ctx.day(pay_age)
            modified = ctx.stamp(pay_age)
            self._queue_payment(party, currency, base, pay_age, key, trx_total, base_total)
        elif fate == "credit":
            paid_trx, paid_base = trx_total, base_total
            pay_age = max(0, age - rng.randint(3, 30))
            when_paid = ctx.day(pay_age)
            modified = ctx.stamp(pay_age)
            self._credit_memo(party, currency, base, pay_age, apply_to=(key, trx_total, base_total))
        if fate == "draft":
            state = "Draft"
        elif fate == "reversed":
            state = "Reversed"
        else:
            state = state_for(trx_total, paid_trx)
        if fate in ("open", "draft") and trx_total > 0 and rng.random() < 0.08:
            # About 0.5% of invoices were deleted after entry.
            self._deleted(key, age)
            return
        self.invoice_count += 1
        order_entry = rng.random() < 0.15
        dochdr = None
        record_id = f"INV-{index:07d}"
        if order_entry:
            dochdr = ctx.key("sodocument")
            record_id = f"SI-{index:07d}"
            self.sodocs.add(
                (
                    dochdr,
                    record_id,
                    f"Sales Invoice-{record_id}",
                    "Sales Invoice",
                    "Converted" if state != "Draft" else "Pending",
                    "active",
                    ctx.day(age),
                    ctx.due(age - party.term_days),
                    modified,
                    party.ident,
                    party.name,
                    currency,
                    base,
                    money(base_total),
                    money(base_total),
                    money(trx_total),
                    money(trx_total),
                    key,
                    *ctx.entity(entity),
                )
            )
        supdoc = None
        if rng.random() < 0.03:
            supdoc = self._supdoc(f"INV{index:07d}", f"Invoice {record_id}", "Invoices", age)
        rate = 1.0 if currency == base else round(convert(100_000, currency, base) / 100_000, 6)
        self.invoices.add(
            (
                key,
                "ri",
                record_id,
                state,
                STATE_LETTERS.get(state, ""),
                party.ident,
                party.name,
                f"PO-{rng.randint(10000, 99999)}" if rng.random() < 0.6 else None,
                f"Services for {party.name}",
                party.term,
                ctx.day(age),
                ctx.day(age),
                ctx.due(age - party.term_days),
                when_paid,
                base,
                currency,
                ctx.day(age) if currency != base else None,
                "Intacct Daily Rate" if currency != base else None,
                rate,
                *document_amounts(base_total, paid_base, trx_total, paid_trx),
                party.contact,
                party.contact,
                "8.SO" if order_entry else "4.AR",
                dochdr,
                "F",
                created,
                modified,
                supdoc,
                f"Sales Invoice-{record_id}" if order_entry else None,
                *ctx.entity(entity),
                f"CT-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else None,
                ctx.day(age + rng.randint(0, 30)) if rng.random() < 0.5 else None,
                rng.choice(("Direct", "Partner", "Online")),
                float(rng.choice((0, 2.5, 5, 7.5))),
            )
        )
        remaining_trx, remaining_base = paid_trx, paid_base
        for line_no, (trx, base_amount) in enumerate(zip(trx_lines, base_lines, strict=True), 1):
            last = line_no == line_count
            line_paid_trx = remaining_trx if last else min(trx, remaining_trx)
            line_paid_base = remaining_base if last else min(base_amount, remaining_base)
            remaining_trx -= line_paid_trx
            remaining_base -= line_paid_base
            self.lines.add(
                (
                    ctx.key("arinvoiceitem"),
                    key,
                    line_no,
                    rng.choice(("4000", "4100")),
                    "1200",
                    ctx.day(age),
                    money(base_amount),
                    money(trx),
                    rng.choice(("D100", "D200")),
                    entity,
                    rng.choice(ITEM_WORDS),
                    currency,
                    base,
                    money(line_paid_base),
                    money(line_paid_trx),
                    0.0,
                    0.0,
                    state,
                    "ri",
                    created,
                    modified,
                    party.ident,
                    rng.choice(("C-ENT", "C-SMB", "C-GOV")),
                    rate,
                )
            )

    # -- payments ----------------------------------------------------------------------
    def _queue_payment(
        self, party: Party, currency: str, base: str, age: int, invoice: int, trx: int, amount: int
    ) -> None:
        slot = (party.ident, currency)
        pending = self.pending.get(slot)
        if pending is not None and (len(pending.items) >= 3 or self.ctx.rng.random() < 0.7):
            self._flush_payment(pending)
            pending = None
        if pending is None:
            pending = Pending(party, currency, base, age)
            self.pending[slot] = pending
        pending.days_ago = min(pending.days_ago, age)
        pending.items.append((invoice, trx, amount))

    def _flush_payment(self, pending: Pending) -> None:
        self.pending.pop((pending.party.ident, pending.currency), None)
        self._payment(
            pending.party, pending.currency, pending.base, pending.days_ago, pending.items
        )

    def _single_payment(
        self, party: Party, currency: str, base: str, age: int, invoice: int, trx: int, amount: int
    ) -> None:
        self._payment(party, currency, base, age, [(invoice, trx, amount)])

    def _payment(
        self, party: Party, currency: str, base: str, age: int, items: list[tuple[int, int, int]]
    ) -> None:
        ctx = self.ctx
        rng = ctx.rng
        key = ctx.key("arpymt")
        trx_total = sum(trx for _, trx, _ in items)
        base_total = sum(amount for _, _, amount in items)
        stamp = ctx.stamp(age)
        bank = BANKS[party.entity][0]
        self.payments.add(
            (
                key,
                "rp",
                f"PMT-{key:07d}",
                bank,
                "BA",
                "Complete",
                "Complete",
                rng.choice(PAYMENT_METHODS),
                party.ident,
                party.name,
                f"CHK-{rng.randint(10000, 99999)}",
                None,
                ctx.day(age),
                ctx.day(age),
                ctx.day(age),
                base,
                currency,
                1.0 if currency == base else round(base_total / trx_total, 6) if trx_total else 1.0,
                money(base_total),
                money(base_total),
                0.0,
                money(trx_total),
                money(trx_total),
                0.0,
                stamp,
                stamp,
                "false",
                *ctx.entity(party.entity),
            )
        )
        for invoice, trx, amount in items:
            self.details.add(
                (
                    ctx.key("arpymtdetail"),
                    key,
                    invoice,
                    ctx.day(age),
                    money(amount),
                    money(trx),
                    None,
                    None,
                    None,
                    currency,
                    "Complete",
                    "4.AR",
                    stamp,
                    stamp,
                )
            )

    def _unapplied(self, count: int) -> None:
        ctx = self.ctx
        rng = ctx.rng
        buyers = [party for party in ctx.customers if party.status == "active"]
        for _ in range(count):
            party = rng.choice(buyers)
            base = BASE_CURRENCY[party.entity]
            age = rng.randint(0, HISTORY_DAYS)
            cents = rng.randint(10_000, 200_000)
            key = ctx.key("arpymt")
            stamp = ctx.stamp(age)
            self.payments.add(
                (
                    key,
                    "rr",
                    f"ADV-{key:07d}",
                    BANKS[party.entity][0],
                    "BA",
                    "Complete",
                    "Complete",
                    rng.choice(PAYMENT_METHODS),
                    party.ident,
                    party.name,
                    f"CHK-{rng.randint(10000, 99999)}",
                    "Advance (unapplied)",
                    ctx.day(age),
                    ctx.day(age),
                    ctx.day(age),
                    base,
                    base,
                    1.0,
                    money(cents),
                    0.0,
                    money(cents),
                    money(cents),
                    0.0,
                    money(cents),
                    stamp,
                    stamp,
                    "false",
                    *ctx.entity(party.entity),
                )
            )

    # -- credit memos ------------------------------------------------------------------
    def _credit_memo(
        self,
        party: Party,
        currency: str,
        base: str,
        age: int,
        apply_to: tuple[int, int, int] | None = None,
        cents: int | None = None,
    ) -> None:
        ctx = self.ctx
        rng = ctx.rng
        key = ctx.key("aradjustment")
        if apply_to is not None:
            trx, amount = apply_to[1], apply_to[2]
        else:
            trx = cents or rng.randint(2_000, 80_000)
            amount = convert(trx, currency, base)
        paid_trx, paid_base = (-trx, -amount) if apply_to else (0, 0)
        state = "Paid" if apply_to else "Posted"
        stamp = ctx.stamp(age)
        self.adjustments.add(
            (
                key,
                "ra",
                f"CM-{key:06d}",
                state,
                STATE_LETTERS[state],
                party.ident,
                party.name,
                None,
                "Credit memo",
                ctx.day(age),
                ctx.day(age),
                ctx.day(age) if apply_to else None,
                base,
                currency,
                1.0 if currency == base else round(amount / trx, 6),
                money(-amount),
                0.0,
                money(paid_base),
                money(-amount - paid_base),
                money(-trx),
                0.0,
                money(paid_trx),
                money(-trx - paid_trx),
                "4.AR",
                stamp,
                stamp,
                *ctx.entity(party.entity),
            )
        )
        self.adjustment_lines.add(
            (
                ctx.key("aradjustmentitem"),
                key,
                1,
                "4900",
                ctx.day(age),
                money(-amount),
                money(-trx),
                party.entity,
                "Credit for returned goods & services",
                currency,
                base,
                state,
                stamp,
                stamp,
            )
        )
        if apply_to is not None:
            self.details.add(
                (
                    ctx.key("arpymtdetail"),
                    None,
                    apply_to[0],
                    ctx.day(age),
                    None,
                    None,
                    key,
                    money(amount),
                    money(trx),
                    currency,
                    "Complete",
                    "4.AR",
                    stamp,
                    stamp,
                )
            )

    def _credit_memos(self, count: int, applied: bool) -> None:
        ctx = self.ctx
        buyers = [party for party in ctx.customers if party.status != "inactive"]
        for _ in range(count):
            party = ctx.rng.choice(buyers)
            base = BASE_CURRENCY[party.entity]
            self._credit_memo(party, base, base, ctx.rng.randint(0, HISTORY_DAYS))

    # -- attachments and deletions -----------------------------------------------------
    def _supdoc(self, supdoc_id: str, name: str, folder: str, age: int) -> str:
        key = self.ctx.key("_supdoc")
        self.supdocs.add(
            (key, supdoc_id, name, folder, "", self.ctx.day(age), "ws_user", self.ctx.stamp(age))
        )
        self.attachments.add((key, name, "pdf", self.attachment_data))
        return supdoc_id

    def _deleted(self, key: int, age: int) -> None:
        """An invoice a user created and later deleted: only AUDITHISTORY remembers it."""
        ctx = self.ctx
        actor = Actor("admin", source="ui")
        created = datetime.fromisoformat(ctx.stamp(age))
        deleted = datetime.fromisoformat(ctx.stamp(ctx.rng.randint(0, min(age, 5))))
        write_audit(ctx.conn, "ARINVOICE", key, "C", actor, created)
        write_audit(ctx.conn, "ARINVOICE", key, "D", actor, max(created, deleted))
