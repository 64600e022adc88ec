"""Shared state of one seeding run: random source, clock, key counters, master data."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from ..rates import RATES_TO_USD

T = TypeVar("T")
# The day the tests and benchmarks pin their seeded history to (``as_of``).
PINNED_AS_OF = date(2026, 10, 31)
HISTORY_DAYS = 790  # about 26 months
BASE_CURRENCY = {"US": "USD", "UK": "GBP", "CA": "CAD"}

ENTITY_NAMES = {"US": "Demo US Inc.", "UK": "Demo UK Ltd", "CA": "Démo Canada Inc."}
BANKS = {"US": ("BOA-OPS", "1000"), "UK": ("HSBC-GBP", "1010"), "CA": ("RBC-CAD", "1020")}
UNDEPOSITED_ACCOUNT = "1050"
PAYMENT_METHODS = ("Printed Check", "EFT", "Credit Card", "Cash", "Online ACH Debit")
AR_TERMS = (("N15", 15), ("N30", 30), ("N45", 45), ("N60", 60), ("Due on receipt", 0))
AP_TERMS = (("N30", 30), ("N45", 45), ("N60", 60), ("2% 10 Net 30", 30))


class FastRandom(random.Random):
    """Deterministic PRNG with cheaper ``randint``/``choice`` (seeding draws millions)."""

    def randint(self, a: int, b: int) -> int:
        """Uniform integer in [a, b]."""
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        """Uniform element of a non-empty sequence."""
        return seq[int(self.random() * len(seq))]


@dataclass
class Party:
    """A seeded customer or vendor, as later steps need it."""

    recordno: int
    ident: str
    name: str
    entity: str
    currency: str
    term: str
    term_days: int
    status: str
    contact: str = ""


@dataclass
class SeedContext:
    """Everything the seeding steps share."""

    conn: sqlite3.Connection
    rng: FastRandom
    scale: int
    anchor: date = PINNED_AS_OF
    next_key: dict[str, int] = field(default_factory=dict)
    customers: list[Party] = field(default_factory=list)
    vendors: list[Party] = field(default_factory=list)
    entity_keys: dict[str, int] = field(default_factory=dict)
    _dates: dict[int, str] = field(default_factory=dict)

    def key(self, table: str) -> int:
        """Next RECORDNO for a table (assigned here so relations are known up front)."""
        value = self.next_key.get(table, 0) + 1
        self.next_key[table] = value
        return value

    def day(self, days_ago: int) -> str:
        """ISO date ``days_ago`` before the anchor (never after it)."""
        days_ago = max(days_ago, 0)
        cached = self._dates.get(days_ago)
        if cached is None:
            cached = (self.anchor - timedelta(days=days_ago)).isoformat()
            self._dates[days_ago] = cached
        return cached

    def due(self, days_ago: int) -> str:
        """ISO date ``days_ago`` before the anchor; negative values fall after it (due dates)."""
        return (self.anchor - timedelta(days=days_ago)).isoformat()

    def stamp(self, days_ago: int) -> str:
        """A business-hours timestamp on that day."""
        seconds = 25200 + int(self.rng.random() * 46800)
        hour, rest = divmod(seconds, 3600)
        return f"{self.day(days_ago)} {hour:02d}:{rest // 60:02d}:{rest % 60:02d}"

    def entity(self, code: str) -> tuple[int, str, str]:
        """(MEGAENTITYKEY, MEGAENTITYID, MEGAENTITYNAME) of an entity."""
        return self.entity_keys[code], code, ENTITY_NAMES[code]


def money(cents: int) -> float:
    """Cents to the stored amount."""
    return cents / 100


def convert(cents: int, currency: str, base: str) -> int:
    """Transaction-currency cents to base-currency cents at the seeded rates."""
    if currency == base:
        return cents
    return round(cents * RATES_TO_USD[currency] / RATES_TO_USD[base])


def state_for(total: int, paid: int) -> str:
    """Posted / Partially Paid / Paid from total and paid cents (works for negatives)."""
    if paid == 0:
        return "Posted"
    if abs(paid) >= abs(total):
        return "Paid"
    return "Partially Paid"
