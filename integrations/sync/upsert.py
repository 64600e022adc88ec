"""Upsert a page of rows with one statement: plain values in, no model instances.

``bulk_create(update_conflicts=True)`` builds a model instance per row and runs every value
through its field's full preparation chain; on a page of 2,000 rows that costs more than the
write. :class:`Upsert` prepares the statement and a cheap adapter per column once per model and
column set, then sends the page with ``executemany``:

    INSERT INTO t (every column) VALUES (...)
    ON CONFLICT (connection_id, intacct_recordno) DO UPDATE SET c = EXCLUDED.c, ...

SQLite (3.24+) and PostgreSQL both speak this form. Columns a row does not give take the
field's default on insert and are left alone on update, like ``bulk_create`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from django.db import connections, models, router

# Field types whose Python values the database drivers take as they are (Django's own
# preparation of them returns the value unchanged, or the string the driver would make).
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DecimalField",
        "EmailField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)


def _adapter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """What turns a value of ``field`` into a driver value (None: the value as it is)."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    kind = target.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind == "DateTimeField":
        # A page shares few distinct timestamps (its sync time, Intacct's batch times).
        return _memoized(connection.ops.adapt_datetimefield_value)
    return lambda value: field.get_db_prep_save(value, connection)


def _memoized(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = adapt(value)
            return result

    return cached


class Upsert:
    """The upsert of one model with a fixed set of given columns (by attribute name)."""

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        unique: Sequence[str],
        update: Sequence[str],
        using: str | None = None,
    ) -> None:
        self.using = using or router.db_for_write(model)
        connection = connections[self.using]  # for quoting only (the same for every thread)
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
        update = [_attname(meta, u) if u not in fields else u for u in update]
        unknown = [c for c in (*columns, *update) if c not in fields]
        if unknown:
            raise ValueError(f"{meta.label} has no column(s) {', '.join(unknown)}")
        self.columns = tuple(columns)
        # Every column is inserted: those not given take the field's default.
        self._defaults = [
            (name, field) for name, field in fields.items() if name not in set(columns)
        ]
        order = [*self.columns, *(name for name, _ in self._defaults)]
        self._fields = [fields[name] for name in self.columns]
        quote = connection.ops.quote_name
        column = {name: str(f.column) for name, f in fields.items()}
        unique_columns = [column[_attname(meta, u)] for u in unique]
        sets = ", ".join(f"{quote(column[c])} = EXCLUDED.{quote(column[c])}" for c in update)
        # Only quoted table and column names from the model's metadata go into the text; every
        # value is a parameter.
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(column[c]) for c in order)}) "
            f"VALUES ({', '.join(['%s'] * len(order))}) "
            f"ON CONFLICT ({', '.join(quote(c) for c in unique_columns)}) "
            + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
        )

    def execute(self, rows: Iterable[Sequence[Any]]) -> int:
        """Upsert ``rows`` (values in the order of ``columns``); returns how many were sent."""
        # The connection belongs to the calling thread: adapters and defaults are made per call
        # (a handful per page). Callable defaults (a JSON field's dict) are shared by the rows
        # only as parameters of this statement.
        connection = connections[self.using]
        adapt = [
            (i, adapter)
            for i, adapter in enumerate(_adapter(f, connection) for f in self._fields)
            if adapter is not None
        ]
        defaults = [
            field.get_db_prep_save(field.get_default(), connection) for _, field in self._defaults
        ]
        params = []
        for row in rows:
            values = list(row)
            for i, adapter in adapt:
                values[i] = adapter(values[i])
            values.extend(defaults)
            params.append(values)
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, params)
        return len(params)


def _attname(meta: Any, name: str) -> str:
    """The column attribute of a field name (``customer`` -> ``customer_id``); unknown names
    are returned as they are (and refused by the caller)."""
    try:
        return meta.get_field(name).attname  # type: ignore[no-any-return]
    except Exception:
        return name


@lru_cache(maxsize=256)
def upsert_for(
    model: type[models.Model],
    columns: tuple[str, ...],
    unique: tuple[str, ...],
    update: tuple[str, ...],
) -> Upsert:
    """A cached :class:`Upsert` (statements are built once per model and column set)."""
    return Upsert(model, columns, unique=unique, update=update)


def upsert_rows(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> int:
    """Upsert rows given as mappings of attribute name to value (all with the same keys)."""
    if not rows:
        return 0
    columns = tuple(rows[0])
    statement = upsert_for(model, columns, tuple(unique), tuple(update))
    return statement.execute([tuple(row[c] for c in columns) for row in rows])


def bindings(model: type[models.Model], connection_id: int, recordnos: Sequence[int]) -> Any:
    """``(RECORDNO, sync_hash, sync_state)`` of the connection's rows among ``recordnos``.

    One plain query per page (the ORM's preparation of a 2,000-value IN list cost several
    times the query itself).
    """
    if not recordnos:
        return []
    using = router.db_for_read(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = {f.name: str(f.column) for f in meta.concrete_fields}
    no, digest, state, conn = (
        quote(columns[name])
        for name in ("intacct_recordno", "sync_hash", "sync_state", "connection")
    )
    marks = ", ".join(["%s"] * len(recordnos))
    sql = (
        f"SELECT {no}, {digest}, {state} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {conn} = %s AND {no} IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection_id, *recordnos])
        return cursor.fetchall()
