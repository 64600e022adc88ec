"""readByQuery, readMore, read and readByName."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..catalog import ObjectDef
from ..errors import IntacctError, data_layer_error, error
from ..store import quote
from .base import Context, FunctionResult, register, require_object, scope_condition, text_of
from .columns import Resolver
from .rbq import parse_where
from .render import RowRenderer, field_types

READ_PAGE_MAX = 1000
READ_PAGE_DEFAULT = 100
READ_KEYS_MAX = 100


def select_list(
    definition: ObjectDef, fields_text: str, resolver: Resolver
) -> tuple[list[str], list[str], list[Any]]:
    """(output names, SQL expressions, field defs) for a comma-separated field list or ``*``."""
    if fields_text.strip() in ("", "*"):
        names = list(definition.stored)
        expressions = [f"t.{quote(name)}" for name in names]
        types = field_types(definition, names)
        for extra in definition.star_extra:
            expression, field = resolver.resolve(extra)
            names.append(extra)
            expressions.append(expression)
            types.append(field)
        return names, expressions, types
    names, expressions, types = [], [], []
    for raw in fields_text.split(","):
        name = raw.strip().upper()
        if not name:
            continue
        expression, field = resolver.resolve(name)
        names.append(name)
        expressions.append(expression)
        types.append(field)
    if not names:
        raise data_layer_error("Empty field list")
    return names, expressions, types


def docpar_condition(definition: ObjectDef, docparid: str) -> tuple[str, list[Any]]:
    """Restrict document objects to one transaction definition (``docparid``)."""
    if docparid and "DOCPARID" in definition.fields:
        return 't."DOCPARID" = ?', [docparid]
    return "", []


@dataclass
class ResultSet:
    """A readByQuery result being paged by readMore (keyset on RECORDNO, fixed upper bound)."""

    object_name: str
    names: list[str]
    expressions: list[str]
    types: list[Any]
    from_sql: str
    where: str
    params: list[Any]
    pagesize: int
    total: int
    delivered: int
    last_recordno: int
    max_recordno: int
    nested: frozenset[str] = frozenset()


def _conditions(parts: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    sql = [part for part, _ in parts if part]
    params = [value for _, values in parts for value in values]
    return (" AND ".join(sql) if sql else "1=1"), params


def _page(context: Context, result: ResultSet, result_id: str) -> FunctionResult:
    sql = (
        f'SELECT t."RECORDNO", {", ".join(result.expressions)} {result.from_sql} '
        f'WHERE {result.where} AND t."RECORDNO" > ? AND t."RECORDNO" <= ? '
        f'ORDER BY t."RECORDNO" LIMIT ?'
    )
    rows = context.conn.execute(
        sql, [*result.params, result.last_recordno, result.max_recordno, result.pagesize]
    ).fetchall()
    result.delivered += len(rows)
    if rows:
        result.last_recordno = int(rows[-1][0])
    remaining = max(result.total - result.delivered, 0)
    if len(rows) < result.pagesize:
        remaining = 0
    listtype = result.object_name.lower()
    if remaining == 0:
        context.gateway.results.drop(result_id)
        result_id = ""
    data = etree.Element(
        "data",
        listtype=listtype,
        count=str(len(rows)),
        totalcount=str(result.total),
        numremaining=str(remaining),
        resultId=result_id,
    )
    renderer = RowRenderer(listtype, result.names, result.types, nest=result.nested)
    for row in rows:
        renderer.add(data, row[1:])
    context.billable += 1
    return FunctionResult([data])


def _pagesize(text: str, maximum: int, default: int) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError as exc:
        raise data_layer_error(f"Invalid pagesize '{text}'") from exc
    if value < 1:
        raise data_layer_error("pagesize must be at least 1")
    return min(value, maximum)


@register("readByQuery", write=False)
def read_by_query(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy query: SQL-ish filter, lower-case rows, resultId paging (page ≤ 1000)."""
    definition = require_object(text_of(element, "object"))
    if text_of(element, "returnFormat", "xml").lower() not in ("xml", ""):
        raise IntacctError(error("DL02000001", "Only returnFormat xml is supported here."))
    resolver = Resolver(definition)
    names, expressions, types = select_list(definition, text_of(element, "fields", "*"), resolver)
    where, params = parse_where(text_of(element, "query"), resolver)
    # readByQuery has no showprivate (api.xsd): at the top level it sees only records that
    # belong to no entity; an entity session sees its own records and the top level's.
    show_private = False
    docpar = docpar_condition(definition, text_of(element, "docparid"))
    scope = scope_condition(definition, context, show_private)
    condition, values = _conditions([(where, params), scope, docpar])
    from_sql = resolver.from_clause()
    total, max_recordno = context.conn.execute(
        f'SELECT COUNT(*), MAX(t."RECORDNO") {resolver.count_from(condition)} WHERE {condition}',
        values,
    ).fetchone()
    page_scope = scope_condition(definition, context, show_private, indexable=False)
    condition, values = _conditions([(where, params), page_scope, docpar])
    result = ResultSet(
        object_name=definition.name,
        names=names,
        expressions=expressions,
        types=types,
        from_sql=from_sql,
        where=condition,
        params=values,
        pagesize=_pagesize(text_of(element, "pagesize"), READ_PAGE_MAX, READ_PAGE_DEFAULT),
        total=int(total),
        delivered=0,
        last_recordno=0,
        max_recordno=int(max_recordno or 0),
        nested=frozenset(definition.nested),
    )
    result_id = secrets.token_hex(16)
    context.gateway.results.put(result_id, result)
    if context.session is not None:
        context.gateway.results.put(f"{context.session.session_id}:{definition.name}", result_id)
    return _page(context, result, result_id)


@register("readMore", write=False)
def read_more(context: Context, element: etree._Element) -> FunctionResult:
    """Next page of a readByQuery result set (by resultId, or the last one on an object)."""
    result_id = text_of(element, "resultId")
    object_name = text_of(element, "object").upper()
    if not result_id and object_name and context.session is not None:
        result_id = context.gateway.results.get(f"{context.session.session_id}:{object_name}") or ""
    result = context.gateway.results.get(result_id) if result_id else None
    if not isinstance(result, ResultSet):
        raise IntacctError(
            error(
                "DL02000001",
                f"Result set '{result_id}' is not valid, has expired or has no more rows.",
                "There was an error processing the request.",
            )
        )
    return _page(context, result, result_id)


def _read(context: Context, element: etree._Element, by_name: bool) -> FunctionResult:
    definition = require_object(text_of(element, "object"))
    resolver = Resolver(definition)
    names, expressions, types = select_list(definition, text_of(element, "fields", "*"), resolver)
    keys = [key.strip() for key in text_of(element, "keys").split(",") if key.strip()]
    if len(keys) > READ_KEYS_MAX:
        raise data_layer_error(f"At most {READ_KEYS_MAX} keys may be read at once")
    key_column = definition.id_field if by_name else "RECORDNO"
    data = etree.Element("data", listtype=definition.name, count="0")
    # Like readByQuery (read/readByName have no showprivate either): the top level reads only
    # records that belong to no entity; keys of entity records are simply not found.
    # Keyed reads touch a few rows: test visibility per row, never the whole visible set.
    scope = scope_condition(definition, context, show_private=False, indexable=False)
    docpar = docpar_condition(definition, text_of(element, "docparid"))
    rows: list[Any] = []
    if keys:
        if key_column == "RECORDNO":
            try:
                key_values: list[Any] = [int(key) for key in keys]
            except ValueError:
                key_values = []
        else:
            key_values = list(keys)
        if key_values:
            marks = ", ".join("?" for _ in key_values)
            condition, values = _conditions(
                [(f"t.{quote(key_column)} IN ({marks})", key_values), scope, docpar]
            )
            rows = context.conn.execute(
                f"SELECT {', '.join(expressions)} {resolver.from_clause()} WHERE {condition} "
                'ORDER BY t."RECORDNO"',
                values,
            ).fetchall()
    renderer = RowRenderer(definition.name, names, types, nest=frozenset(definition.nested))
    for row in rows:
        renderer.add(data, row)
    data.set("count", str(len(rows)))
    context.billable += 1
    return FunctionResult([data])


@register("read", write=False)
def read(context: Context, element: etree._Element) -> FunctionResult:
    """Read records by RECORDNO (comma-separated keys, at most 100)."""
    return _read(context, element, by_name=False)


@register("readByName", write=False)
def read_by_name(context: Context, element: etree._Element) -> FunctionResult:
    """Read records by their human ID field (CUSTOMERID, VENDORID, ...)."""
    return _read(context, element, by_name=True)
