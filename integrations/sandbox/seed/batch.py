"""Fast bulk inserts for seeding: tuples in fixed column order, flushed with executemany."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ..store import quote

FLUSH_ROWS = 20000


class Batch:
    """Accumulates rows for one table and writes them in large executemany calls."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
        self.conn = conn
        self.columns = tuple(columns)
        self.rows: list[tuple[Any, ...]] = []
        marks = ", ".join("?" for _ in self.columns)
        names = ", ".join(quote(column) for column in self.columns)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        """Queue one row (values in ``columns`` order)."""
        self.rows.append(row)
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write queued rows."""
        if self.rows:
            self.conn.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows.clear()
