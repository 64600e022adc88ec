"""Shared in-flight request slots for the Intacct client, from the settings.

With ``REDIS_URL`` set the slots live in Redis (:class:`~integrations.intacct.RedisSlots`);
otherwise in the database (:class:`DatabaseSlots`).

The client takes slots from whichever thread sends the request (page prefetch, push and
document pools), often while the sync's own thread holds a write transaction. So the store
never uses the caller's connection: it has one connection of its own per process, in
autocommit, used under a lock.

* PostgreSQL: ``max_in_flight`` rows per company in ``RequestSlot``'s table; a slot is taken
  with one UPDATE of the first free (or expired) row picked with ``FOR UPDATE SKIP LOCKED``,
  so workers never queue on each other's row locks, and leases run on the server's clock.
* SQLite (one machine): the same rows in a small side file beside the database
  (``<database>-request-slots``), taken in an immediate transaction, so a sync's long write
  transaction on the main file never holds up another process's request.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from integrations.intacct import RedisSlots, SharedSlots, SlotStoreError
from integrations.models import RequestSlot

_TABLE = RequestSlot._meta.db_table

_PG_TAKE = f"""
UPDATE {_TABLE} SET lease_id = %s, expires_at = now() + make_interval(secs => %s)
WHERE id = (
    SELECT id FROM {_TABLE}
    WHERE company = %s AND slot < %s AND (lease_id = '' OR expires_at <= now())
    ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED
)
RETURNING id
"""  # noqa: S608 - the table name is the model's, values are parameters
_PG_ROWS = f"""
INSERT INTO {_TABLE} (company, slot, lease_id) SELECT %s, n, '' FROM generate_series(0, %s) n
ON CONFLICT (company, slot) DO NOTHING
"""  # noqa: S608
_PG_RELEASE = f"""
UPDATE {_TABLE} SET lease_id = '', expires_at = NULL WHERE company = %s AND lease_id = %s
"""  # noqa: S608
_PG_RENEW = f"""
UPDATE {_TABLE} SET expires_at = now() + make_interval(secs => %s)
WHERE company = %s AND lease_id = %s AND expires_at > now()
"""  # noqa: S608
_PG_HOLDERS = f"""
SELECT lease_id FROM {_TABLE} WHERE company = %s AND lease_id <> '' AND expires_at > now()
"""  # noqa: S608

_LITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS request_slot (
    company TEXT NOT NULL, slot INTEGER NOT NULL, lease_id TEXT NOT NULL DEFAULT '',
    expires_at REAL NOT NULL DEFAULT 0, PRIMARY KEY (company, slot)
)
"""


class DatabaseSlots:
    """:class:`~integrations.intacct.SharedSlots` in the database (see the module's notes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pg: Any = None
        self._lite: sqlite3.Connection | None = None
        self.vendor = connections[DEFAULT_DB_ALIAS].vendor

    # -- the store's own connection ------------------------------------------------------
    def _postgres(self) -> Any:
        if self._pg is None:
            wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
            wrapper.inc_thread_sharing()  # used under self._lock from any thread
            self._pg = wrapper
        return self._pg

    def _sqlite(self) -> sqlite3.Connection:
        if self._lite is None:
            path = f"{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}-request-slots"
            lite = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            lite.execute(_LITE_SCHEMA)
            self._lite = lite
        return self._lite

    def close(self) -> None:
        """Close the store's connection (it opens again on the next use)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._pg is not None:
            self._pg.close()
            self._pg = None
        if self._lite is not None:
            self._lite.close()
            self._lite = None

    def _run(self, what: str, work: Any) -> Any:
        with self._lock:
            try:
                if self.vendor == "sqlite":
                    return work(self._sqlite())
                with self._postgres().cursor() as cursor:
                    return work(cursor)
            except (DatabaseError, sqlite3.Error) as exc:
                self._close()  # a broken connection is opened again next time
                raise SlotStoreError(f"The database {what}: {exc}") from exc

    # -- SharedSlots ---------------------------------------------------------------------
    def try_acquire(self, company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        """Take the first free (or expired) slot of the company's ``limit``."""
        if self.vendor == "sqlite":
            return bool(
                self._run(
                    "refused a shared request slot",
                    lambda db: _lite_take(db, company, limit, lease_id, lease_seconds),
                )
            )

        def take(cursor: Any) -> bool:
            cursor.execute(_PG_TAKE, [lease_id, lease_seconds, company, limit])
            if cursor.fetchone() is not None:
                return True
            cursor.execute(_PG_ROWS, [company, limit - 1])  # the company's first request
            if not cursor.rowcount:
                return False
            cursor.execute(_PG_TAKE, [lease_id, lease_seconds, company, limit])
            return cursor.fetchone() is not None

        return bool(self._run("refused a shared request slot", take))

    def renew(self, company: str, lease_id: str, lease_seconds: float) -> bool:
        """Extend our lease if it is still held (not expired)."""
        if self.vendor == "sqlite":
            now = time.time()
            cursor = self._run(
                "did not renew a shared request slot",
                lambda db: db.execute(
                    "UPDATE request_slot SET expires_at = ? "
                    "WHERE company = ? AND lease_id = ? AND expires_at > ?",
                    (now + lease_seconds, company, lease_id, now),
                ),
            )
            return bool(cursor.rowcount)

        def renew(cursor: Any) -> bool:
            cursor.execute(_PG_RENEW, [lease_seconds, company, lease_id])
            return bool(cursor.rowcount)

        return bool(self._run("did not renew a shared request slot", renew))

    def release(self, company: str, lease_id: str) -> None:
        """Empty our slot (a lease that expired and was taken by another holder is theirs)."""
        if self.vendor == "sqlite":
            self._run(
                "did not release a shared request slot",
                lambda db: db.execute(
                    "UPDATE request_slot SET lease_id = '', expires_at = 0 "
                    "WHERE company = ? AND lease_id = ?",
                    (company, lease_id),
                ),
            )
            return
        self._run(
            "did not release a shared request slot",
            lambda cursor: cursor.execute(_PG_RELEASE, [company, lease_id]),
        )

    def holders(self, company: str) -> list[str]:
        """Lease ids held now (unexpired), for tests and tools."""
        if self.vendor == "sqlite":
            rows = self._run(
                "could not list shared request slots",
                lambda db: db.execute(
                    "SELECT lease_id FROM request_slot "
                    "WHERE company = ? AND lease_id <> '' AND expires_at > ?",
                    (company, time.time()),
                ).fetchall(),
            )
        else:

            def listed(cursor: Any) -> list[Any]:
                cursor.execute(_PG_HOLDERS, [company])
                return list(cursor.fetchall())

            rows = self._run("could not list shared request slots", listed)
        return sorted(str(row[0]) for row in rows)


def _lite_take(
    db: sqlite3.Connection, company: str, limit: int, lease_id: str, lease_seconds: float
) -> bool:
    now = time.time()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(
            "INSERT OR IGNORE INTO request_slot (company, slot) VALUES (?, ?)",
            [(company, n) for n in range(limit)],
        )
        found = db.execute(
            "SELECT slot FROM request_slot WHERE company = ? AND slot < ? "
            "AND (lease_id = '' OR expires_at <= ?) ORDER BY slot LIMIT 1",
            (company, limit, now),
        ).fetchone()
        if found is not None:
            db.execute(
                "UPDATE request_slot SET lease_id = ?, expires_at = ? "
                "WHERE company = ? AND slot = ?",
                (lease_id, now + lease_seconds, company, found[0]),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return found is not None


_stores: dict[tuple[int, str], DatabaseSlots] = {}
_redis: dict[tuple[int, str], RedisSlots] = {}
_lock = threading.Lock()


def shared_slots() -> SharedSlots | None:
    """This process's store as the settings choose it, or None when
    ``INTACCT_SHARED_IN_FLIGHT`` is off. One per process (workers fork from the cluster)."""
    if not settings.INTACCT_SHARED_IN_FLIGHT:
        return None
    pid = os.getpid()
    url = settings.REDIS_URL
    with _lock:
        if url:
            redis_store = _redis.get((pid, url))
            if redis_store is None:
                redis_store = _redis[(pid, url)] = RedisSlots(url)
            return redis_store
        name = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
        store = _stores.get((pid, name))
        if store is None:
            store = _stores[(pid, name)] = DatabaseSlots()
        return store


def close_shared_slots() -> None:
    """Close the stores' own connections (before a test database is dropped, for one)."""
    with _lock:
        for store in _stores.values():
            store.close()
