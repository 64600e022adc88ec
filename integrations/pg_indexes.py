"""Indexes only PostgreSQL has: trigram search and covering sync lookups.

Used by migrations; on any other database the operations do nothing (SQLite has neither
trigram indexes nor ``INCLUDE``, and its tables are small enough not to need them).
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL and is a no-op elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


TRIGRAM_EXTENSION = PostgreSQLOnly(
    "CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
)


def trigram_index(table: str, column: str) -> PostgreSQLOnly:
    """A GIN trigram index on ``UPPER(column)``: what Django's ``icontains`` compares on
    PostgreSQL, so a "contains" search reads the index instead of every row."""
    name = f"{table}_{column}_trgm"
    return PostgreSQLOnly(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )


def binding_index(table: str) -> PostgreSQLOnly:
    """``(connection_id, intacct_recordno) INCLUDE (sync_hash, sync_state)``: a pull's lookup
    of the rows it already holds (:func:`integrations.sync.upsert.bindings`) and a parent
    step's key list read this index alone (an index-only scan), never the table."""
    name = f"{table}_binding_cov"
    return PostgreSQLOnly(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        '("connection_id", "intacct_recordno") INCLUDE ("sync_hash", "sync_state")',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )


def relation_index(table: str) -> PostgreSQLOnly:
    """``(connection_id, intacct_id) INCLUDE (id)``: a pull resolves the records a page points
    at (an invoice's customer by its Intacct ID) to their keys from this index alone."""
    name = f"{table}_relation_cov"
    return PostgreSQLOnly(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        '("connection_id", "intacct_id") INCLUDE ("id")',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )
