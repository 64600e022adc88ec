"""The newer ``query`` function: XML filter tree, select with aggregates, orderby, offset."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..errors import data_layer_error
from .base import Context, FunctionResult, register, require_object, scope_condition, text_of
from .columns import Resolver, literal
from .render import RowRenderer

QUERY_PAGE_MAX = 2000
QUERY_PAGE_DEFAULT = 100
IN_VALUES_MAX = 1000
AGGREGATES = ("count", "avg", "min", "max", "sum")
_COMPARISONS = {
    "equalto": "=",
    "notequalto": "!=",
    "lessthan": "<",
    "lessthanorequalto": "<=",
    "greaterthan": ">",
    "greaterthanorequalto": ">=",
}


def _bool_option(options: etree._Element | None, name: str) -> bool:
    return options is not None and text_of(options, name).lower() == "true"


class FilterBuilder:
    """Translates the ``<filter>`` tree into SQL with bound parameters."""

    def __init__(self, resolver: Resolver, case_insensitive: bool) -> None:
        self.resolver = resolver
        self.case_insensitive = case_insensitive
        self.params: list[Any] = []

    def _column(self, node: etree._Element) -> tuple[str, Any, str]:
        name = text_of(node, "field")
        if not name:
            raise data_layer_error(f"<{node.tag}> needs a <field>")
        column, field = self.resolver.resolve(name)
        if self.case_insensitive and (field is None or field.sql_type == "TEXT"):
            column = f"LOWER({column})"
        return column, field, name

    def _values(self, node: etree._Element, field: Any, name: str) -> list[Any]:
        values = []
        for value in node.findall("value"):
            text = (value.text or "").strip()
            converted = literal(self.resolver.definition, field, name, text, legacy=False)
            if self.case_insensitive and isinstance(converted, str):
                converted = converted.lower()
            values.append(converted)
        return values

    def build(self, node: etree._Element) -> str:
        """SQL for one operator node (recursive for and/or)."""
        tag = node.tag
        if tag in ("and", "or"):
            children = [child for child in node if isinstance(child.tag, str)]
            if len(children) < 2:
                raise data_layer_error(f"<{tag}> needs at least two conditions")
            joined = f" {tag.upper()} ".join(self.build(child) for child in children)
            return f"({joined})"
        column, field, name = self._column(node)
        if tag in ("isnull", "isnotnull"):
            if tag == "isnull":
                return f"({column} IS NULL OR {column} = '')"
            return f"({column} IS NOT NULL AND {column} != '')"
        values = self._values(node, field, name)
        if tag in _COMPARISONS:
            if len(values) != 1:
                raise data_layer_error(f"<{tag}> needs exactly one <value>")
            self.params.append(values[0])
            return f"{column} {_COMPARISONS[tag]} ?"
        if tag == "between":
            if len(values) != 2:
                raise data_layer_error("<between> needs exactly two <value> elements")
            self.params.extend(values)
            return f"{column} BETWEEN ? AND ?"
        if tag in ("in", "notin"):
            if not 1 <= len(values) <= IN_VALUES_MAX:
                raise data_layer_error(f"<{tag}> takes 1 to {IN_VALUES_MAX} values")
            self.params.extend(values)
            marks = ", ".join("?" for _ in values)
            return f"{column} {'IN' if tag == 'in' else 'NOT IN'} ({marks})"
        if tag in ("like", "notlike"):
            if len(values) != 1:
                raise data_layer_error(f"<{tag}> needs exactly one <value>")
            raw = str(values[0])
            self.params.append(raw)
            return f"{column} {'LIKE' if tag == 'like' else 'NOT LIKE'} ?"
        raise data_layer_error(f"Unknown filter operator <{tag}>")


def _int(text: str, default: int, name: str) -> int:
    if not text:
        return default
    try:
        return int(text)
    except ValueError as exc:
        raise data_layer_error(f"Invalid {name} '{text}'") from exc


@register("query", write=False)
def query(context: Context, element: etree._Element) -> FunctionResult:
    """Run a ``query``: offset paging, upper-case rows, no resultId."""
    definition = require_object(text_of(element, "object"))
    resolver = Resolver(definition)
    options = element.find("options")
    case_insensitive = _bool_option(options, "caseinsensitive")
    show_private = _bool_option(options, "showprivate")
    select = element.find("select")
    if select is None or len(select) == 0:
        raise data_layer_error("query needs a <select> with at least one field")
    names: list[str] = []
    expressions: list[str] = []
    types: list[Any] = []
    group_by: list[str] = []
    has_aggregate = False
    for item in select:
        if not isinstance(item.tag, str):
            continue
        if item.tag == "field":
            name = (item.text or "").strip()
            if name == "*":
                raise data_layer_error("'*' is not allowed in a query select list")
            expression, field = resolver.resolve(name)
            names.append(name.upper())
            expressions.append(expression)
            types.append(field)
            group_by.append(expression)
        elif item.tag in AGGREGATES:
            name = (item.text or "").strip() or text_of(item, "field")
            expression, field = resolver.resolve(name)
            names.append(f"{item.tag.upper()}.{name.upper()}")
            expressions.append(f"{item.tag.upper()}({expression})")
            types.append(None if item.tag == "count" else field)
            has_aggregate = True
        else:
            raise data_layer_error(f"Unknown select element <{item.tag}>")
    conditions: list[str] = []
    params: list[Any] = []
    filter_node = element.find("filter")
    if filter_node is not None:
        operators = [child for child in filter_node if isinstance(child.tag, str)]
        if len(operators) != 1:
            raise data_layer_error("<filter> takes exactly one operator")
        builder = FilterBuilder(resolver, case_insensitive)
        conditions.append(builder.build(operators[0]))
        params.extend(builder.params)
    docparid = text_of(element, "docparid")
    if docparid and "DOCPARID" in definition.fields:
        conditions.append('t."DOCPARID" = ?')
        params.append(docparid)
    row_conditions, row_params = list(conditions), list(params)
    scope_sql, scope_params = scope_condition(definition, context, show_private)
    if scope_sql:
        conditions.append(scope_sql)
        params.extend(scope_params)
        row_scope, _ = scope_condition(definition, context, show_private, indexable=False)
        row_conditions.append(row_scope)
        row_params.extend(scope_params)
    order_terms: list[str] = []
    orderby = element.find("orderby")
    if orderby is not None:
        for order in orderby.findall("order"):
            expression, _ = resolver.resolve(text_of(order, "field"))
            direction = "DESC" if order.find("descending") is not None else "ASC"
            order_terms.append(f"{expression} {direction}")
    pagesize = min(
        _int(text_of(element, "pagesize"), QUERY_PAGE_DEFAULT, "pagesize"), QUERY_PAGE_MAX
    )
    offset = _int(text_of(element, "offset"), 0, "offset")
    if pagesize < 1 or offset < 0:
        raise data_layer_error("pagesize must be >= 1 and offset >= 0")
    where = " AND ".join(conditions) if conditions else "1=1"
    from_sql = resolver.from_clause()
    grouping = ""
    if has_aggregate and group_by:
        grouping = " GROUP BY " + ", ".join(group_by)
    if has_aggregate:
        total = context.conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 {from_sql} WHERE {where}{grouping})", params
        ).fetchone()[0]
    else:
        total = context.conn.execute(
            f"SELECT COUNT(*) {resolver.count_from(where)} WHERE {where}", params
        ).fetchone()[0]
    order_sql = f" ORDER BY {', '.join(order_terms)}" if order_terms else ""
    if order_terms or definition.headers:
        where = " AND ".join(row_conditions) if row_conditions else "1=1"
        params = row_params
    rows = context.conn.execute(
        f"SELECT {', '.join(expressions)} {from_sql} WHERE {where}{grouping}{order_sql} "
        "LIMIT ? OFFSET ?",
        [*params, pagesize, offset],
    ).fetchall()
    remaining = max(int(total) - offset - len(rows), 0)
    data = etree.Element(
        "data",
        listtype=definition.name,
        totalcount=str(total),
        offset=str(offset),
        count=str(len(rows)),
        numremaining=str(remaining),
    )
    renderer = RowRenderer(definition.name, names, types)
    for row in rows:
        renderer.add(data, row)
    context.billable += 1
    return FunctionResult([data])
