"""Seeding the sandbox company (deterministic for a given seed)."""

from __future__ import annotations

import random
import time

from ..store import Store
from .ap import ApSeeder
from .ar import ArSeeder
from .context import SeedContext
from .setup import seed_parties, seed_setup


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
        ctx = SeedContext(conn=conn, rng=random.Random(seed), scale=scale)
        seed_setup(ctx)
        if not empty:
            seed_parties(ctx)
            if scale:
                ArSeeder(ctx).run()
                ApSeeder(ctx).run()
            conn.execute(
                'UPDATE customer SET "TOTALDUE" = (SELECT ROUND(SUM(i."TOTALDUE"), 2) '
                'FROM arinvoice i WHERE i."CUSTOMERID" = customer."CUSTOMERID" '
                "AND i.\"STATE\" IN ('Posted', 'Partially Paid'))"
            )
            conn.execute(
                'UPDATE vendor SET "TOTALDUE" = (SELECT ROUND(SUM(b."TOTALDUE"), 2) '
                'FROM apbill b WHERE b."VENDORID" = vendor."VENDORID" '
                "AND b.\"STATE\" IN ('Posted', 'Partially Paid'))"
            )
        store.create_indexes(conn)
        # Entities that summarise AR payments manually need a batch key on every receipt.
        store.set_meta(conn, "payment_batch_required_entities", "CA")
        store.set_meta(conn, "scale", str(scale))
        store.set_meta(conn, "seed", str(seed))
        store.set_meta(conn, "seeded", time.strftime("%Y-%m-%dT%H:%M:%S"))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("ANALYZE")
    return time.perf_counter() - started
