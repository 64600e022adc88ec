"""Builders of read-only functions: query, readByQuery/readMore, read/readByName, lookup, ..."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree

from ..filters import Filter
from .base import Function, join_fields, join_keys, new_controlid, sub

QUERY_MAX_PAGE_SIZE = 2000
READ_BY_QUERY_MAX_PAGE_SIZE = 1000
READ_MAX_KEYS = 100


def quote_literal(value: str) -> str:
    """A readByQuery string literal: single-quoted, ``\\`` and ``'`` backslash-escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _check_page_size(page_size: int, maximum: int) -> None:
    if not isinstance(page_size, int) or not 1 <= page_size <= maximum:
        raise ValueError(f"page_size must be 1 to {maximum}, got {page_size!r}.")


def _check_name(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string.")
    return value.strip()


@dataclass(frozen=True)
class Query(Function):
    """The newer ``query`` (PROTOCOL.md §6.3): explicit select list, filter tree, offset paging."""

    function_name: ClassVar[str] = "query"
    object: str
    fields: Sequence[str]
    filter: Filter | None = None
    order_by: Sequence[tuple[str, str]] = ()
    page_size: int = 2000
    offset: int = 0
    show_private: bool = True
    case_insensitive: bool = False
    docparid: str | None = None
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        _check_name(self.object, "object")
        if isinstance(self.fields, str) or not self.fields:
            raise ValueError("query needs a non-empty sequence of field names.")
        if any(f.strip() in ("", "*") for f in self.fields):
            raise ValueError("query does not accept '*' or empty field names; list the fields.")
        _check_page_size(self.page_size, QUERY_MAX_PAGE_SIZE)
        if not isinstance(self.offset, int) or self.offset < 0:
            raise ValueError("offset must be >= 0.")
        for name, direction in self.order_by:
            _check_name(name, "order_by field")
            if direction.lower() not in ("ascending", "descending", "asc", "desc"):
                raise ValueError(f"order direction must be ascending/descending, not {direction!r}")

    def payload(self) -> etree._Element:
        """``<query>`` with object, select, filter, orderby, options, pagesize, offset."""
        node = etree.Element("query")
        sub(node, "object", self.object.strip())
        select = etree.SubElement(node, "select")
        for name in self.fields:
            sub(select, "field", name.strip())
        if self.filter is not None:
            etree.SubElement(node, "filter").append(self.filter.to_element())
        if self.order_by:
            orderby = etree.SubElement(node, "orderby")
            for name, direction in self.order_by:
                order = etree.SubElement(orderby, "order")
                sub(order, "field", name.strip())
                desc = direction.lower() in ("descending", "desc")
                etree.SubElement(order, "descending" if desc else "ascending")
        options = etree.SubElement(node, "options")
        sub(options, "caseinsensitive", self.case_insensitive)
        sub(options, "showprivate", self.show_private)
        sub(node, "pagesize", self.page_size)
        sub(node, "offset", self.offset)
        if self.docparid:
            sub(node, "docparid", self.docparid)
        return node


@dataclass(frozen=True)
class ReadByQuery(Function):
    """Legacy ``readByQuery``: SQL-like ``query`` text, pages continued with :class:`ReadMore`."""

    function_name: ClassVar[str] = "readByQuery"
    object: str
    fields: Sequence[str] = ("*",)
    query: str = ""
    page_size: int = 1000
    docparid: str | None = None
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        _check_name(self.object, "object")
        join_fields(self.fields)
        _check_page_size(self.page_size, READ_BY_QUERY_MAX_PAGE_SIZE)

    def payload(self) -> etree._Element:
        """``<readByQuery>`` with object, fields, query, pagesize, returnFormat."""
        node = etree.Element("readByQuery")
        sub(node, "object", self.object.strip())
        sub(node, "fields", join_fields(self.fields))
        sub(node, "query", self.query)
        sub(node, "pagesize", self.page_size)
        sub(node, "returnFormat", "xml")
        if self.docparid:
            sub(node, "docparid", self.docparid)
        return node


@dataclass(frozen=True)
class ReadMore(Function):
    """``readMore`` by the ``resultId`` of a readByQuery (never by object: that is ambiguous)."""

    function_name: ClassVar[str] = "readMore"
    result_id: str
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        _check_name(self.result_id, "result_id")

    def payload(self) -> etree._Element:
        """``<readMore><resultId>..</resultId></readMore>``."""
        node = etree.Element("readMore")
        sub(node, "resultId", self.result_id)
        return node


@dataclass(frozen=True)
class Read(Function):
    """``read`` by record numbers (at most 100 keys)."""

    function_name: ClassVar[str] = "read"
    object: str
    keys: Sequence[int | str]
    fields: Sequence[str] = ("*",)
    docparid: str | None = None
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        _check_name(self.object, "object")
        join_keys(self.keys, limit=READ_MAX_KEYS)
        join_fields(self.fields)

    def payload(self) -> etree._Element:
        """``<read>`` (or ``<readByName>``) with object, keys, fields, returnFormat."""
        node = etree.Element(self.function_name)
        sub(node, "object", self.object.strip())
        sub(node, "keys", join_keys(self.keys, limit=READ_MAX_KEYS))
        sub(node, "fields", join_fields(self.fields))
        sub(node, "returnFormat", "xml")
        if self.docparid:
            sub(node, "docparid", self.docparid)
        return node


@dataclass(frozen=True)
class ReadByName(Read):
    """``readByName`` by human IDs such as VENDORID (at most 100 names)."""

    function_name: ClassVar[str] = "readByName"


@dataclass(frozen=True)
class Lookup(Function):
    """``lookup``: field definitions and relationships of an object (custom fields included)."""

    function_name: ClassVar[str] = "lookup"
    billable: ClassVar[int] = 0
    object: str
    docparid: str | None = None
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        _check_name(self.object, "object")

    def payload(self) -> etree._Element:
        """``<lookup><object>..</object></lookup>``."""
        node = etree.Element("lookup")
        sub(node, "object", self.object.strip())
        if self.docparid:
            sub(node, "docparid", self.docparid)
        return node


@dataclass(frozen=True)
class Inspect(Function):
    """``inspect``: the field list of an object (``*`` lists objects)."""

    function_name: ClassVar[str] = "inspect"
    billable: ClassVar[int] = 0
    object: str
    detail: bool = False
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def payload(self) -> etree._Element:
        """``<inspect detail="0|1"><object>..</object></inspect>``."""
        node = etree.Element("inspect", detail="1" if self.detail else "0")
        sub(node, "object", _check_name(self.object, "object"))
        return node


@dataclass(frozen=True)
class GetAPISession(Function):
    """``getAPISession``; an empty ``entity_id`` asks for a top-level session."""

    function_name: ClassVar[str] = "getAPISession"
    billable: ClassVar[int] = 0
    entity_id: str = ""
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def payload(self) -> etree._Element:
        """``<getAPISession><locationid>entity</locationid></getAPISession>``."""
        node = etree.Element("getAPISession")
        sub(node, "locationid", self.entity_id or None)
        return node


@dataclass(frozen=True)
class RetrievePdf(Function):
    """``retrievepdf`` of one invoice (one per function; batch several per request)."""

    function_name: ClassVar[str] = "retrievepdf"
    recordno: int
    object: str = "ARINVOICE"
    docparid: str | None = None
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def payload(self) -> etree._Element:
        """``<retrievepdf><ARINVOICE><RECORDNO>n</RECORDNO></ARINVOICE></retrievepdf>``."""
        node = etree.Element("retrievepdf")
        obj = etree.SubElement(node, _check_name(self.object, "object"))
        sub(obj, "RECORDNO", int(self.recordno))
        if self.docparid:
            sub(obj, "DOCPARID", self.docparid)
        return node


@dataclass(frozen=True)
class GetSupdoc(Function):
    """Legacy ``get object="supdoc" key="..."``: one attachment record with base64 files."""

    function_name: ClassVar[str] = "get"
    supdoc_id: str
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def payload(self) -> etree._Element:
        """``<get object="supdoc" key="ID"/>``."""
        return etree.Element("get", object="supdoc", key=_check_name(self.supdoc_id, "supdoc_id"))


@dataclass(frozen=True)
class GetList(Function):
    """Legacy ``get_list``; ``expressions`` are (field, operator, value) AND-ed together."""

    function_name: ClassVar[str] = "get_list"
    object: str
    fields: Sequence[str] = ()
    expressions: Sequence[tuple[str, str, str]] = ()
    start: int = 0
    max_items: int = 100
    show_private: bool = True
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def payload(self) -> etree._Element:
        """``<get_list object start maxitems showprivate>`` with filter and fields."""
        node = etree.Element(
            "get_list",
            object=_check_name(self.object, "object"),
            start=str(int(self.start)),
            maxitems=str(int(self.max_items)),
            showprivate="true" if self.show_private else "false",
        )
        if self.expressions:
            flt = etree.SubElement(node, "filter")
            parent = flt
            if len(self.expressions) > 1:
                parent = etree.SubElement(flt, "logical", logical_operator="and")
            for name, operator, value in self.expressions:
                expr = etree.SubElement(parent, "expression")
                sub(expr, "field", name)
                sub(expr, "operator", operator)
                sub(expr, "value", value)
        if self.fields:
            fields = etree.SubElement(node, "fields")
            for name in self.fields:
                sub(fields, "field", name)
        return node
