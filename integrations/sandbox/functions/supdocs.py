"""Attachment folders and attachment changes (create_supdocfolder, update_supdoc,
delete_supdoc) and ``get_list`` of supdoc/supdocfolder with its filter and sorts."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..errors import IntacctError, error
from ..xmlutil import sub
from .base import Context, FunctionResult, register, text_of
from .writing import check_permission, fail, missing

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SUPDOC_FIELDS = {
    "recordno": "recordno",
    "supdocid": "supdocid",
    "supdocname": "supdocname",
    "folder": "folder",
    "supdocfoldername": "folder",
    "description": "description",
    "creationdate": "creationdate",
    "createdby": "createdby",
}
_FOLDER_FIELDS = {
    "name": "name",
    "supdocfoldername": "name",
    "description": "description",
    "supdocfolderdescription": "description",
    "parentfolder": "parent",
    "supdocparentfoldername": "parent",
    "creationdate": "creationdate",
    "createdby": "createdby",
}
_OPERATORS = {
    "=": "=",
    "!=": "!=",
    "<>": "!=",
    "<": "<",
    ">": ">",
    "<=": "<=",
    ">=": ">=",
    "like": "LIKE",
    "not like": "NOT LIKE",
}


def attachment_rows(element: etree._Element) -> list[tuple[str, str, str]]:
    """(name, type, base64 data) of ``attachments/attachment``; checks base64 and size."""
    files = []
    for attachment in element.iterfind("attachments/attachment"):
        name = (attachment.findtext("attachmentname") or "").strip()
        kind = (attachment.findtext("attachmenttype") or "").strip()
        data = "".join((attachment.findtext("attachmentdata") or "").split())
        if not name or not kind:
            raise missing("supdoc", "attachmentname/attachmenttype")
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise fail(
                "supdoc", error("BL01001973", f"Attachment '{name}' is not valid base64.")
            ) from exc
        if len(raw) > MAX_ATTACHMENT_BYTES:
            raise fail("supdoc", error("BL01001973", f"Attachment '{name}' is too large."))
        files.append((name, kind, data))
    return files


def folder_exists(conn: Any, folder: str) -> bool:
    """Whether an attachment folder exists."""
    return conn.execute("SELECT 1 FROM _folder WHERE name=?", (folder,)).fetchone() is not None


def _key_result(value: str) -> FunctionResult:
    key = etree.Element("key")
    key.text = value
    return FunctionResult([key])


@register("create_supdocfolder", write=True)
def create_supdocfolder(context: Context, element: etree._Element) -> FunctionResult:
    """Create an attachment folder (optionally inside a parent); returns its name."""
    check_permission(context, "create", "supdocfolder")
    name = text_of(element, "supdocfoldername")
    if not name:
        raise missing("supdocfolder", "supdocfoldername")
    if folder_exists(context.conn, name):
        raise fail(
            "supdocfolder",
            error(
                "BL34000061",
                f"Another Attachment Folder with the given value(s) {name}  already exists",
                "",
                "Use a unique value instead.",
            ),
        )
    parent = text_of(element, "supdocparentfoldername")
    if parent and not folder_exists(context.conn, parent):
        raise fail("supdocfolder", error("BL01001973", f"Invalid folder name '{parent}'."))
    now = context.store.now()
    context.conn.execute(
        "INSERT INTO _folder(name, description, parent, creationdate, createdby) "
        "VALUES (?,?,?,?,?)",
        (
            name,
            text_of(element, "supdocfolderdescription"),
            parent or None,
            now.date().isoformat(),
            context.actor.user_id,
        ),
    )
    context.billable += 1
    return _key_result(name)


def _supdoc_key(context: Context, key: str, verb: str) -> int:
    row = context.conn.execute("SELECT recordno FROM _supdoc WHERE supdocid=?", (key,)).fetchone()
    if row is None:
        raise IntacctError(error("BL01001973", f"Cannot find supdoc with key '{key}' to {verb}."))
    return int(row[0])


@register("update_supdoc", write=True)
def update_supdoc(context: Context, element: etree._Element) -> FunctionResult:
    """Change name, folder or description; given attachments are added to the record."""
    check_permission(context, "update", "supdoc")
    supdoc_id = text_of(element, "supdocid")
    if not supdoc_id:
        raise missing("supdoc", "supdocid", verb="update")
    recordno = _supdoc_key(context, supdoc_id, "update")
    folder = text_of(element, "supdocfoldername")
    if folder and not folder_exists(context.conn, folder):
        raise fail("supdoc", error("BL01001973", f"Invalid folder name '{folder}'."), verb="update")
    files = attachment_rows(element)
    changes = {
        "supdocname": text_of(element, "supdocname"),
        "folder": folder,
        "description": text_of(element, "supdocdescription"),
    }
    sets = [(column, value) for column, value in changes.items() if value]
    now = context.store.now().isoformat(sep=" ")
    context.conn.execute(
        f"UPDATE _supdoc SET {''.join(f'{c}=?, ' for c, _ in sets)}whenmodified=? WHERE recordno=?",
        [*(value for _, value in sets), now, recordno],
    )
    context.conn.executemany(
        "INSERT INTO _supdoc_attachment(supdockey, name, type, data) VALUES (?,?,?,?)",
        [(recordno, name, kind, data) for name, kind, data in files],
    )
    context.billable += 1
    return _key_result(supdoc_id)


@register("delete_supdoc", write=True)
def delete_supdoc(context: Context, element: etree._Element) -> FunctionResult:
    """Delete an attachment record and its files (key = supdocid)."""
    check_permission(context, "delete", "supdoc")
    key = element.get("key", "")
    recordno = _supdoc_key(context, key, "delete")
    context.conn.execute("DELETE FROM _supdoc_attachment WHERE supdockey=?", (recordno,))
    context.conn.execute("DELETE FROM _supdoc WHERE recordno=?", (recordno,))
    context.billable += 1
    return _key_result(key)


def _condition(node: etree._Element, columns: dict[str, str], params: list[Any]) -> str:
    if node.tag == "logical":
        operator = node.get("logical_operator", "and").lower()
        if operator not in ("and", "or"):
            raise IntacctError(error("BL01001973", f"Invalid logical operator '{operator}'."))
        parts = [_condition(child, columns, params) for child in node if isinstance(child.tag, str)]
        if len(parts) < 2:
            raise IntacctError(error("BL01001973", "A logical filter needs two conditions."))
        return "(" + f" {operator.upper()} ".join(parts) + ")"
    if node.tag != "expression":
        raise IntacctError(error("BL01001973", f"Invalid filter element '{node.tag}'."))
    field = (node.findtext("field") or "").strip().lower()
    operator = " ".join((node.findtext("operator") or "").lower().split())
    if field not in columns:
        raise IntacctError(error("BL01001973", f"Invalid filter field '{field}'."))
    if operator not in _OPERATORS:
        raise IntacctError(error("BL01001973", f"Invalid filter operator '{operator}'."))
    value = node.findtext("value") or ""
    if columns[field] == "creationdate" and len(value) == 10 and value[2] == "/":
        value = f"{value[6:10]}-{value[0:2]}-{value[3:5]}"
    params.append(value)
    return f"{columns[field]} {_OPERATORS[operator]} ?"


def list_query(
    element: etree._Element, columns: dict[str, str], default_order: str
) -> tuple[str, list[Any], str]:
    """(WHERE, params, ORDER BY) for a legacy ``get_list`` filter and sorts."""
    params: list[Any] = []
    where = ""
    filter_node = element.find("filter")
    if filter_node is not None:
        children = [child for child in filter_node if isinstance(child.tag, str)]
        if len(children) != 1:
            raise IntacctError(error("BL01001973", "A filter takes one expression or logical."))
        where = "WHERE " + _condition(children[0], columns, params)
    orders = []
    for sort in element.iterfind("sorts/sortfield"):
        field = (sort.text or "").strip().lower()
        if field not in columns:
            raise IntacctError(error("BL01001973", f"Invalid sort field '{field}'."))
        orders.append(f"{columns[field]} {'DESC' if sort.get('order') == 'desc' else 'ASC'}")
    orders.append(default_order)
    return where, params, " ORDER BY " + ", ".join(orders)


def _us(iso: str | None) -> str:
    if not iso or len(iso) < 10:
        return ""
    return f"{iso[5:7]}/{iso[8:10]}/{iso[0:4]}"


def list_folders(
    context: Context, element: etree._Element, data: etree._Element, start: int, size: int
) -> tuple[int, int]:
    """``get_list object="supdocfolder"``: (total, rows written)."""
    where, params, order = list_query(element, _FOLDER_FIELDS, "name")
    conn = context.conn
    total = conn.execute(f"SELECT COUNT(*) FROM _folder {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT name, description, parent, creationdate, createdby FROM _folder {where}"
        f"{order} LIMIT ? OFFSET ?",
        [*params, size, start],
    ).fetchall()
    for name, description, parent, created, created_by in rows:
        record = sub(data, "supdocfolder")
        sub(record, "name", name)
        sub(record, "description", description or "")
        sub(record, "parentfolder", parent or "")
        sub(record, "supdocfoldername", name)
        sub(record, "creationdate", _us(created))
        sub(record, "createdby", created_by or "")
    return int(total), len(rows)


def list_supdocs(
    context: Context,
    element: etree._Element,
    data: etree._Element,
    start: int,
    size: int,
    render: Callable[[etree._Element, Any, tuple[Any, ...], bool], None],
    columns: str,
) -> tuple[int, int]:
    """``get_list object="supdoc"``: (total, rows written), filtered and sorted."""
    where, params, order = list_query(element, _SUPDOC_FIELDS, "recordno")
    conn = context.conn
    total = conn.execute(f"SELECT COUNT(*) FROM _supdoc {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {columns} FROM _supdoc {where}{order} LIMIT ? OFFSET ?",
        [*params, size, start],
    ).fetchall()
    for row in rows:
        render(data, conn, row, False)
    return int(total), len(rows)
