"""Seeded AP history: bills in every state, bill payments, vendor credits, POs and receivers."""

from __future__ import annotations

from ..functions.columns import STATE_LETTERS
from .ap_columns import (
    ADJUSTMENT_COLUMNS,
    ADJUSTMENT_LINE_COLUMNS,
    BILL_COLUMNS,
    BILL_LINE_COLUMNS,
    DETAIL_COLUMNS,
    PAYMENT_COLUMNS,
)
from .batch import Batch
from .cards import CardSeeder, seed_amortization_templates
from .context import BANKS, BASE_CURRENCY, HISTORY_DAYS, Party, SeedContext, money, state_for
from .documents import document_amounts
from .posted_invoices import seed_vendor_invoice_bills
from .purchasing import PurchasingSeeder

# Bill state mix for bills that are not simply open/paid by age.
_SPECIAL_STATES = (
    ("Draft", 0.01),
    ("Submitted", 0.02),
    ("Partially Approved", 0.025),
    ("Declined", 0.03),
    ("Selected", 0.04),
    ("Reversed", 0.043),
)


class ApSeeder:
    """Writes AP history."""

    def __init__(self, ctx: SeedContext) -> None:
        conn = ctx.conn
        self.ctx = ctx
        self.bills = Batch(conn, "apbill", BILL_COLUMNS)
        self.lines = Batch(conn, "apbillitem", BILL_LINE_COLUMNS)
        self.payments = Batch(conn, "appymt", PAYMENT_COLUMNS)
        self.details = Batch(conn, "appymtdetail", DETAIL_COLUMNS)
        self.adjustments = Batch(conn, "apadjustment", ADJUSTMENT_COLUMNS)
        self.adjustment_lines = Batch(conn, "apadjustmentitem", ADJUSTMENT_LINE_COLUMNS)
        self.purchasing = PurchasingSeeder(ctx)

    def run(self) -> None:
        """Seed every AP object."""
        ctx = self.ctx
        rng = ctx.rng
        vendors = [party for party in ctx.vendors if party.status != "inactive"]
        n_bills = round(ctx.scale * 0.9)
        ages = sorted((rng.randint(0, HISTORY_DAYS) for _ in range(n_bills)), reverse=True)
        for index, age in enumerate(ages, start=1):
            self._bill(index, age, rng.choice(vendors))
        for _ in range(max(1, round(ctx.scale * 0.015))):
            party = rng.choice(vendors)
            self._vendor_credit(party, rng.randint(0, HISTORY_DAYS), None)
        n_pos = max(2, round(ctx.scale * 0.12))
        for index in range(1, n_pos + 1):
            self.purchasing.order(index, rng.randint(0, HISTORY_DAYS), rng.choice(vendors))
        for batch in (
            self.bills,
            self.lines,
            self.payments,
            self.details,
            self.adjustments,
            self.adjustment_lines,
        ):
            batch.flush()
        self.purchasing.flush()
        seed_amortization_templates(ctx)
        CardSeeder(ctx).run(vendors)
        seed_vendor_invoice_bills(ctx)

    def _bill(self, index: int, age: int, party: Party) -> None:
        ctx = self.ctx
        rng = ctx.rng
        key = ctx.key("apbill")
        base = currency = BASE_CURRENCY[party.entity]
        line_count = rng.choice((1, 1, 2, 3))
        amounts = [rng.randint(2_000, 300_000) for _ in range(line_count)]
        total = sum(amounts)
        roll = rng.random()
        state = ""
        for name, threshold in _SPECIAL_STATES:
            if roll < threshold:
                state = name
                break
        if index <= len(_SPECIAL_STATES):
            # Even a tiny company has a bill in every special state.
            state = _SPECIAL_STATES[index - 1][0]
        paid = 0
        modified = created = ctx.stamp(age)
        when_paid = None
        selected = 0
        if not state:
            open_chance = 0.6 if age < 45 else 0.05
            if rng.random() < open_chance:
                if rng.random() < 0.3:
                    paid = round(total * rng.uniform(0.2, 0.8))
            else:
                paid = total
            if paid:
                pay_age = max(0, age - rng.randint(10, 45))
                modified = ctx.stamp(pay_age)
                if paid == total:
                    when_paid = ctx.day(pay_age)
                if paid == total and rng.random() < 0.03:
                    # Part of the bill settled by a vendor credit, the rest by cash.
                    credit = round(total * 0.25)
                    adjustment = self._vendor_credit(party, pay_age, credit)
                    self._payment(
                        party, pay_age, [(key, total - credit)], (adjustment, key, credit)
                    )
                else:
                    self._payment(party, pay_age, [(key, paid)])
            state = state_for(total, paid)
        elif state == "Selected":
            selected = total
        self.bills.add(
            (
                key,
                "pi",
                f"BILL-{index:07d}",
                state,
                STATE_LETTERS.get(state, ""),
                party.ident,
                party.name,
                party.recordno,
                f"VINV-{rng.randint(100000, 999999)}",
                f"Purchase from {party.name}",
                party.term,
                ctx.day(age),
                ctx.day(age) if state not in ("Draft", "Submitted", "Declined") else None,
                ctx.due(age - party.term_days),
                when_paid,
                "true" if rng.random() < 0.02 else "false",
                base,
                currency,
                1.0,
                *document_amounts(total, paid, total, paid, selected, selected),
                party.contact,
                party.contact,
                "3.AP",
                None,
                "F",
                created,
                modified,
                *ctx.entity(party.entity),
                ctx.day(age) if rng.random() < 0.1 else None,
                float(rng.choice((3, 6, 12))) if rng.random() < 0.1 else None,
            )
        )
        remaining = paid
        # Every tenth bill is a prepayment whose lines amortize over a year (no random draw).
        amortized = index % 10 == 0
        template = ("PREPAID-12", ctx.day(age), ctx.due(age - 364)) if amortized else (None,) * 3
        for line_no, amount in enumerate(amounts, start=1):
            line_paid = remaining if line_no == line_count else min(amount, remaining)
            remaining -= line_paid
            self.lines.add(
                (
                    ctx.key("apbillitem"),
                    key,
                    line_no,
                    rng.choice(("6000", "6100", "6200", "6300")),
                    "2000",
                    ctx.day(age),
                    money(amount),
                    money(amount),
                    rng.choice(("D300", "D400")),
                    party.entity,
                    "Services & supplies",
                    currency,
                    base,
                    money(line_paid),
                    money(line_paid),
                    0.0,
                    0.0,
                    state,
                    "pi",
                    created,
                    modified,
                    party.ident,
                    *template,
                )
            )

    def _payment(
        self,
        party: Party,
        age: int,
        items: list[tuple[int, int]],
        credit: tuple[int, int, int] | None = None,
    ) -> None:
        ctx = self.ctx
        rng = ctx.rng
        key = ctx.key("appymt")
        base = BASE_CURRENCY[party.entity]
        total = sum(amount for _, amount in items)
        stamp = ctx.stamp(age)
        self.payments.add(
            (
                key,
                "pp",
                f"APP-{key:07d}",
                BANKS[party.entity][0],
                "BA",
                "Paid",
                "C",
                "Confirmed",
                rng.choice(("Printed Check", "EFT", "ACH")),
                party.ident,
                party.name,
                f"{rng.randint(1000, 99999)}",
                ctx.day(age),
                ctx.day(age),
                base,
                base,
                money(total),
                money(total),
                0.0,
                money(total),
                money(total),
                0.0,
                stamp,
                stamp,
                "true" if age > 30 else "false",
                *ctx.entity(party.entity),
            )
        )
        for bill, amount in items:
            self.details.add(
                (
                    ctx.key("appymtdetail"),
                    key,
                    bill,
                    ctx.day(age),
                    money(amount),
                    money(amount),
                    None,
                    None,
                    None,
                    base,
                    "Paid",
                    "3.AP",
                    stamp,
                    stamp,
                )
            )
        if credit is not None:
            adjustment, bill, amount = credit
            self.details.add(
                (
                    ctx.key("appymtdetail"),
                    key,
                    bill,
                    ctx.day(age),
                    None,
                    None,
                    adjustment,
                    money(amount),
                    money(amount),
                    base,
                    "Paid",
                    "3.AP",
                    stamp,
                    stamp,
                )
            )

    def _vendor_credit(self, party: Party, age: int, applied: int | None) -> int:
        ctx = self.ctx
        key = ctx.key("apadjustment")
        base = BASE_CURRENCY[party.entity]
        amount = applied or ctx.rng.randint(1_000, 50_000)
        paid = amount if applied else 0
        state = "Paid" if applied else "Posted"
        stamp = ctx.stamp(age)
        self.adjustments.add(
            (
                key,
                "pa",
                f"VC-{key:06d}",
                state,
                STATE_LETTERS[state],
                party.ident,
                party.name,
                "Vendor credit: bank fee refund & returns",
                ctx.day(age),
                ctx.day(age),
                ctx.day(age) if applied else None,
                base,
                base,
                money(-amount),
                money(-paid),
                money(-amount + paid),
                money(-amount),
                money(-paid),
                money(-amount + paid),
                "3.AP",
                stamp,
                stamp,
                *ctx.entity(party.entity),
            )
        )
        self.adjustment_lines.add(
            (
                ctx.key("apadjustmentitem"),
                key,
                1,
                "6900",
                ctx.day(age),
                money(-amount),
                money(-amount),
                party.entity,
                "Credit",
                base,
                base,
                state,
                stamp,
                stamp,
            )
        )
        return key
