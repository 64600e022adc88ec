"""SQLite storage of the sandbox company: one table per object, plus bookkeeping tables.

Each object table has ``RECORDNO INTEGER PRIMARY KEY`` (the rowid, so paging by record number
is a clustered scan) and one column per catalog field, named exactly as the field. Values are
bound as parameters everywhere; field names only ever come from the catalog.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .catalog import ObjectDef, catalog, get_object
from .values import iso_timestamp

DB_NAME = "sandbox.sqlite3"
_HIGH_WATER = "deleted_recordno:"

# Extra indexes beyond (WHENMODIFIED, RECORDNO) and the ID field: foreign keys that the
# accounting code and typical filters use.
_INDEXES = {
    "ARINVOICE": ("CUSTOMERID", "RECORDID", "STATE", "MEGAENTITYID"),
    "ARINVOICEITEM": ("RECORDKEY",),
    "ARPYMT": ("CUSTOMERID", "DOCNUMBER", "MEGAENTITYID"),
    "ARPYMTDETAIL": ("PAYMENTKEY", "RECORDKEY", "ADJUSTMENTKEY"),
    "ARADJUSTMENT": ("CUSTOMERID", "RECORDID"),
    "ARADJUSTMENTITEM": ("RECORDKEY",),
    "APBILL": ("VENDORID", "RECORDID", "MEGAENTITYID"),
    "APBILLITEM": ("RECORDKEY",),
    "APPYMT": ("VENDORID", "MEGAENTITYID"),
    "APPYMTDETAIL": ("PAYMENTKEY", "RECORDKEY"),
    "APADJUSTMENT": ("VENDORID",),
    "APADJUSTMENTITEM": ("RECORDKEY",),
    "PODOCUMENT": ("DOCPARID", "CUSTVENDID"),
    "PODOCUMENTENTRY": ("DOCHDRNO",),
    "SODOCUMENT": ("DOCPARID",),
    "SODOCUMENTENTRY": ("DOCHDRNO",),
    "CONTACT": ("CONTACTNAME",),
    "AUDITHISTORY": ("ACCESSTIME", "OBJECTTYPE"),
    "UOMDETAIL": ("GRPKEY",),
    "CCTRANSACTION": ("FINANCIALENTITY", "MEGAENTITYID"),
    "CCTRANSACTIONENTRY": ("RECORDKEY",),
}


def quote(name: str) -> str:
    """Quote a catalog field name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Actor:
    """Who is writing: the web-services user and the entity of the session (None = top)."""

    user_id: str
    entity_id: str | None = None
    entity_key: int | None = None
    entity_name: str | None = None
    source: str = "api"


class Store:
    """The company database plus a small connection pool and a single-writer lock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_NAME
        self.write_lock = threading.RLock()
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._all: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self.clock_offset_seconds = 0

    # -- connections -------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=60)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("PRAGMA temp_store=MEMORY")
        # Intacct literals are case-sensitive; query's caseinsensitive option lowers both sides.
        conn.execute("PRAGMA case_sensitive_like=ON")
        with self._pool_lock:
            self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Borrow a pooled connection (autocommit mode; callers manage transactions)."""
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._open()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._pool.put(conn)

    def close(self) -> None:
        """Close every pooled connection."""
        with self._pool_lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        while not self._pool.empty():
            self._pool.get_nowait()

    # -- schema ------------------------------------------------------------------------
    def exists(self) -> bool:
        """Whether the database already holds a seeded company."""
        if not self.path.exists():
            return False
        with self.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_meta'"
            ).fetchone()
            if row is None:
                return False
            return conn.execute("SELECT value FROM _meta WHERE key='seeded'").fetchone() is not None

    def create_schema(self, conn: sqlite3.Connection) -> None:
        """Create every object table and bookkeeping table (idempotent)."""
        for definition in catalog().values():
            columns = ['"RECORDNO" INTEGER PRIMARY KEY']
            for name in definition.stored:
                if name == "RECORDNO":
                    continue
                field = definition.fields.get(name)
                sql_type = field.sql_type if field else "TEXT"
                columns.append(f"{quote(name)} {sql_type}")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {definition.table} ({', '.join(columns)})")
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({definition.table})")}
            for name in definition.stored:
                if name not in present:
                    # A data dir from an older sandbox: add columns the catalog gained since.
                    field = definition.fields.get(name)
                    sql_type = field.sql_type if field else "TEXT"
                    conn.execute(
                        f"ALTER TABLE {definition.table} ADD COLUMN {quote(name)} {sql_type}"
                    )
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS _executed (
                controlid TEXT PRIMARY KEY, function TEXT, result BLOB, at TEXT);
            CREATE TABLE IF NOT EXISTS _supdoc (
                recordno INTEGER PRIMARY KEY, supdocid TEXT UNIQUE, supdocname TEXT,
                folder TEXT, description TEXT, creationdate TEXT, createdby TEXT,
                whenmodified TEXT);
            CREATE TABLE IF NOT EXISTS _supdoc_attachment (
                id INTEGER PRIMARY KEY, supdockey INTEGER, name TEXT, type TEXT, data TEXT);
            CREATE INDEX IF NOT EXISTS _supdoc_attachment_doc ON _supdoc_attachment(supdockey);
            CREATE TABLE IF NOT EXISTS _folder (name TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS _restriction (
                object TEXT, recordno INTEGER, entity TEXT,
                PRIMARY KEY (object, recordno, entity));
            """
        )
        folders = {row[1] for row in conn.execute("PRAGMA table_info(_folder)")}
        for column in ("description", "parent", "creationdate", "createdby"):
            if column not in folders:
                conn.execute(f"ALTER TABLE _folder ADD COLUMN {column} TEXT")

    def create_indexes(self, conn: sqlite3.Connection) -> None:
        """Create paging and lookup indexes (after bulk seeding, for speed)."""
        for definition in catalog().values():
            table = definition.table
            conn.execute(
                f'CREATE INDEX IF NOT EXISTS {table}_wm ON {table}("WHENMODIFIED", "RECORDNO")'
            )
            if definition.id_field != "RECORDNO":
                column = quote(definition.id_field)
                conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_id ON {table}({column})")
            for column in _INDEXES.get(definition.name, ()):
                name = f"{table}_{column.lower()}"
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table}({quote(column)})")

    # -- meta --------------------------------------------------------------------------
    def get_meta(self, conn: sqlite3.Connection, key: str, default: str = "") -> str:
        """A company setting stored in ``_meta``."""
        row = conn.execute("SELECT value FROM _meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        """Store a company setting."""
        conn.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES (?, ?)", (key, value))

    # -- time --------------------------------------------------------------------------
    def now(self) -> datetime:
        """The company's wall clock (naive, second resolution), as Intacct stamps records."""
        return datetime.now().replace(microsecond=0)


def insert_record(
    conn: sqlite3.Connection,
    definition: ObjectDef,
    values: Mapping[str, Any],
    actor: Actor,
    now: datetime,
    audit: bool = True,
) -> int:
    """Insert one record, stamping creation fields and the creating entity; returns RECORDNO."""
    row = dict(values)
    stamp = iso_timestamp(now)
    fields = definition.fields
    if "WHENCREATED" in fields and fields["WHENCREATED"].datatype == "TIMESTAMP":
        row.setdefault("WHENCREATED", stamp)
    for name in ("AUWHENCREATED", "WHENMODIFIED"):
        if name in fields:
            row.setdefault(name, stamp)
    for name in ("CREATEDBY", "MODIFIEDBY"):
        if name in fields:
            row.setdefault(name, 1)
    for name in ("CREATEDBYLOGINID", "MODIFIEDBYLOGINID"):
        if name in fields:
            row.setdefault(name, actor.user_id)
    if "MEGAENTITYID" in fields and actor.entity_id:
        row.setdefault("MEGAENTITYKEY", actor.entity_key)
        row.setdefault("MEGAENTITYID", actor.entity_id)
        row.setdefault("MEGAENTITYNAME", actor.entity_name)
    if "RECORDNO" not in row:
        # RECORDNOs only grow: never hand out the number of a deleted record again.
        deleted = conn.execute(
            "SELECT value FROM _meta WHERE key=?", (_HIGH_WATER + definition.table,)
        ).fetchone()
        if deleted is not None:
            top = conn.execute(f'SELECT MAX("RECORDNO") FROM {definition.table}').fetchone()[0]
            row["RECORDNO"] = max(int(deleted[0]), int(top or 0)) + 1
    names = [name for name in row if definition.has(name)]
    sql = (
        f"INSERT INTO {definition.table} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    cursor = conn.execute(sql, [row[n] for n in names])
    recordno = int(cursor.lastrowid or 0)
    if "RECORD_URL" in fields:
        conn.execute(
            f'UPDATE {definition.table} SET "RECORD_URL"=? WHERE "RECORDNO"=?',
            (f"https://sandbox.invalid/?r={definition.name}:{recordno}", recordno),
        )
    if audit:
        write_audit(conn, definition.name, recordno, "C", actor, now)
    return recordno


def update_record(
    conn: sqlite3.Connection,
    definition: ObjectDef,
    recordno: int,
    values: Mapping[str, Any],
    actor: Actor,
    now: datetime,
    audit: bool = True,
) -> None:
    """Update fields of one record and bump ``WHENMODIFIED``."""
    row = {name: value for name, value in values.items() if definition.has(name)}
    row["WHENMODIFIED"] = iso_timestamp(now)
    if "MODIFIEDBYLOGINID" in definition.fields:
        row["MODIFIEDBYLOGINID"] = actor.user_id
    assignments = ", ".join(f"{quote(name)}=?" for name in row)
    conn.execute(
        f'UPDATE {definition.table} SET {assignments} WHERE "RECORDNO"=?',
        [*row.values(), recordno],
    )
    if audit:
        write_audit(conn, definition.name, recordno, "M", actor, now)


def remember_deleted(conn: sqlite3.Connection, table: str, recordno: int) -> None:
    """Keep the highest RECORDNO ever deleted from ``table`` so it is never handed out again."""
    conn.execute(
        "INSERT INTO _meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
        "value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        (_HIGH_WATER + table, str(recordno)),
    )


def delete_record(
    conn: sqlite3.Connection, definition: ObjectDef, recordno: int, actor: Actor, now: datetime
) -> None:
    """Delete one record and record the deletion in AUDITHISTORY."""
    conn.execute(f'DELETE FROM {definition.table} WHERE "RECORDNO"=?', (recordno,))
    remember_deleted(conn, definition.table, recordno)
    write_audit(conn, definition.name, recordno, "D", actor, now)


def write_audit(
    conn: sqlite3.Connection,
    object_name: str,
    recordno: int,
    mode: str,
    actor: Actor,
    now: datetime,
) -> None:
    """Append an AUDITHISTORY row (ACCESSMODE C/M/D, OBJECTTYPE lower-case)."""
    stamp = iso_timestamp(now)
    audit = get_object("AUDITHISTORY")
    assert audit is not None
    cursor = conn.execute(
        'INSERT INTO audithistory ("OBJECTTYPE", "OBJECTKEY", "USERID", "ACCESSTIME", '
        '"ACCESSMODE", "SOURCE", "WORKFLOWACTION", "WHENMODIFIED") VALUES (?,?,?,?,?,?,?,?)',
        (
            object_name.lower(),
            str(recordno),
            actor.user_id,
            stamp,
            mode,
            actor.source,
            {"C": "create", "M": "modify", "D": "delete"}.get(mode, ""),
            stamp,
        ),
    )
    conn.execute(
        'UPDATE audithistory SET "ID"=? WHERE "RECORDNO"=?',
        (str(cursor.lastrowid), cursor.lastrowid),
    )


def fetch_by_recordno(
    conn: sqlite3.Connection, definition: ObjectDef, recordno: int
) -> dict[str, Any] | None:
    """One full record as a dict, or ``None``."""
    cursor = conn.execute(f'SELECT * FROM {definition.table} WHERE "RECORDNO"=?', (recordno,))
    row = cursor.fetchone()
    if row is None:
        return None
    names = [column[0] for column in cursor.description]
    return dict(zip(names, row, strict=True))


def fetch_by_id(conn: sqlite3.Connection, definition: ObjectDef, key: str) -> dict[str, Any] | None:
    """One full record by its human ID field (e.g. CUSTOMERID), or ``None``."""
    if definition.id_field == "RECORDNO":
        try:
            return fetch_by_recordno(conn, definition, int(key))
        except ValueError:
            return None
    cursor = conn.execute(
        f"SELECT * FROM {definition.table} WHERE {quote(definition.id_field)}=?", (key,)
    )
    row = cursor.fetchone()
    if row is None:
        return None
    names = [column[0] for column in cursor.description]
    return dict(zip(names, row, strict=True))
