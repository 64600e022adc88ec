"""Seeding the sandbox company (deterministic for a given seed)."""

from __future__ import annotations

import sqlite3
import time

from ..functions.accounting import CUSTOMER_DUE_SQL
from ..store import Store
from .ap import ApSeeder
from .ar import ArSeeder
from .context import FastRandom, SeedContext
from .parties import seed_parties
from .setup import seed_setup


def _party_totals(conn: sqlite3.Connection, table: str, key: str, documents: str) -> None:
    """Set each party's TOTALDUE to the sum of its open documents (grouped scan, rowid updates)."""
    if table == "customer":
        totals = dict(conn.execute(CUSTOMER_DUE_SQL.format(where="")).fetchall())
    else:
        totals = dict(
            conn.execute(
                f'SELECT "{key}", ROUND(SUM("TOTALDUE"), 2) FROM {documents} '
                "WHERE \"STATE\" IN ('Posted', 'Partially Paid') GROUP BY 1"
            ).fetchall()
        )
    # Update by RECORDNO (the rowid): the ID column has no index yet during seeding.
    parties = conn.execute(f'SELECT "RECORDNO", "{key}" FROM {table}').fetchall()
    conn.executemany(
        f'UPDATE {table} SET "TOTALDUE" = ? WHERE "RECORDNO" = ?',
        [(totals[ident], recordno) for recordno, ident in parties if ident in totals],
    )


def seed_company(store: Store, *, scale: int = 1000, seed: int = 1, empty: bool = False) -> float:
    """Create the schema and seed a company of about ``scale`` AR invoices; returns seconds.

    ``empty`` seeds only the company, entities and setup lists (no parties, no history).
    """
    if scale < 0:
        raise ValueError("scale must be >= 0")
    started = time.perf_counter()
    with store.connection() as conn:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        store.create_schema(conn)
        conn.execute("BEGIN")
        ctx = SeedContext(conn=conn, rng=FastRandom(seed), scale=scale)
        seed_setup(ctx)
        if not empty:
            seed_parties(ctx)
            if scale:
                ArSeeder(ctx).run()
                ApSeeder(ctx).run()
            _party_totals(conn, "customer", "CUSTOMERID", "arinvoice")
            _party_totals(conn, "vendor", "VENDORID", "apbill")
        store.create_indexes(conn)
        # Entities that summarise AR payments manually need a batch key on every receipt.
        store.set_meta(conn, "payment_batch_required_entities", "CA")
        store.set_meta(conn, "scale", str(scale))
        store.set_meta(conn, "seed", str(seed))
        store.set_meta(conn, "seeded", time.strftime("%Y-%m-%dT%H:%M:%S"))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # Sampled statistics: a full ANALYZE of a million-invoice company takes minutes.
        conn.execute("PRAGMA analysis_limit=1000")
        conn.execute("ANALYZE")
    return time.perf_counter() - started
