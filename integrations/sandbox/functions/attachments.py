"""Supporting documents (create_supdoc, get, get_list) and invoice PDFs (retrievepdf)."""

from __future__ import annotations

import base64
from typing import Any

from lxml import etree

from ..catalog import get_object
from ..errors import IntacctError, error
from ..seed.pdf import render_pdf
from ..store import fetch_by_recordno, quote
from ..values import from_db
from ..xmlutil import sub
from .base import Context, FunctionResult, register, scope_condition, text_of
from .supdocs import attachment_rows, folder_exists, list_folders, list_supdocs
from .writing import check_permission, fail, missing


@register("create_supdoc", write=True)
def create_supdoc(context: Context, element: etree._Element) -> FunctionResult:
    """Create an attachment record with base64 files; returns the supdocid as ``<key>``."""
    check_permission(context, "create", "supdoc")
    conn = context.conn
    supdoc_id = text_of(element, "supdocid")
    folder = text_of(element, "supdocfoldername")
    if not folder:
        raise missing("supdoc", "supdocfoldername")
    if not folder_exists(conn, folder):
        raise fail("supdoc", error("BL01001973", f"Invalid folder name '{folder}'."))
    if (
        supdoc_id
        and conn.execute("SELECT 1 FROM _supdoc WHERE supdocid=?", (supdoc_id,)).fetchone()
    ):
        raise fail(
            "supdoc",
            error(
                "BL34000061",
                f"Another Attachment with the given value(s) {supdoc_id}  already exists",
                "",
                "Use a unique value instead.",
            ),
        )
    files = attachment_rows(element)
    now = context.store.now()
    cursor = conn.execute(
        "INSERT INTO _supdoc(supdocid, supdocname, folder, description, creationdate, createdby, "
        "whenmodified) VALUES (?,?,?,?,?,?,?)",
        (
            supdoc_id or None,
            text_of(element, "supdocname") or supdoc_id,
            folder,
            text_of(element, "supdocdescription"),
            now.date().isoformat(),
            context.actor.user_id,
            now.isoformat(sep=" "),
        ),
    )
    key = int(cursor.lastrowid or 0)
    if not supdoc_id:
        supdoc_id = str(key)
        conn.execute("UPDATE _supdoc SET supdocid=? WHERE recordno=?", (supdoc_id, key))
    conn.executemany(
        "INSERT INTO _supdoc_attachment(supdockey, name, type, data) VALUES (?,?,?,?)",
        [(key, name, kind, data) for name, kind, data in files],
    )
    context.billable += 1
    result = etree.Element("key")
    result.text = supdoc_id
    return FunctionResult([result])


def _supdoc_element(
    parent: etree._Element, conn: Any, row: tuple[Any, ...], with_data: bool
) -> None:
    recordno, supdoc_id, name, folder, description, created, created_by = row[:7]
    record = sub(parent, "supdoc")
    sub(record, "recordno", str(recordno))
    sub(record, "supdocid", supdoc_id or "")
    sub(record, "supdocname", name or "")
    sub(record, "folder", folder or "")
    sub(record, "description", description or "")
    sub(record, "creationdate", _us(created))
    sub(record, "createdby", created_by or "")
    attachments = sub(record, "attachments")
    for attachment_name, kind, data in conn.execute(
        "SELECT name, type, data FROM _supdoc_attachment WHERE supdockey=? ORDER BY id",
        (recordno,),
    ):
        item = sub(attachments, "attachment")
        sub(item, "attachmentname", attachment_name)
        sub(item, "attachmenttype", kind)
        sub(item, "attachmentdata", data if with_data else "")


def _us(iso: str | None) -> str:
    if not iso or len(iso) < 10:
        return ""
    return f"{iso[5:7]}/{iso[8:10]}/{iso[0:4]}"


_SUPDOC_COLUMNS = "recordno, supdocid, supdocname, folder, description, creationdate, createdby"


@register("get", write=False)
def get(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy ``get``: ``object="supdoc" key="..."`` returns the attachments with their data."""
    object_name = element.get("object", "")
    key = element.get("key", "")
    if object_name != "supdoc":
        raise IntacctError(error("BL01001973", f"get is not supported for object {object_name}"))
    row = context.conn.execute(
        f"SELECT {_SUPDOC_COLUMNS} FROM _supdoc WHERE supdocid=?", (key,)
    ).fetchone()
    data = etree.Element("data")
    if row is None:
        raise IntacctError(error("BL01001973", f"Cannot find supdoc with key '{key}'."))
    _supdoc_element(data, context.conn, row, with_data=True)
    context.billable += 1
    return FunctionResult([data])


@register("get_list", write=False)
def get_list(context: Context, element: etree._Element) -> FunctionResult:
    """Legacy ``get_list`` for supdoc (without attachment data) or any sandbox object."""
    object_name = element.get("object", "")
    try:
        start = int(element.get("start", "0") or 0)
        maxitems = int(element.get("maxitems", "100") or 100)
    except ValueError as exc:
        raise IntacctError(error("BL01001973", "start and maxitems must be numbers")) from exc
    maxitems = max(1, min(maxitems, 1000))
    data = etree.Element("data")
    if object_name == "supdoc":
        total, count = list_supdocs(
            context, element, data, start, maxitems, _supdoc_element, _SUPDOC_COLUMNS
        )
    elif object_name == "supdocfolder":
        total, count = list_folders(context, element, data, start, maxitems)
    else:
        definition = get_object(object_name)
        if definition is None:
            raise IntacctError(error("BL01001973", f"Object definition {object_name} not found"))
        show_private = element.get("showprivate", "false") == "true" or bool(context.entity_id)
        scope, params = scope_condition(definition, context, show_private)
        where = f"WHERE {scope}" if scope else ""
        names = [name for name in definition.fields if "." not in name]
        total = context.conn.execute(
            f"SELECT COUNT(*) FROM {definition.table} AS t {where}", params
        ).fetchone()[0]
        rows = context.conn.execute(
            f"SELECT {', '.join('t.' + quote(n) for n in names)} FROM {definition.table} AS t "
            f'{where} ORDER BY t."RECORDNO" LIMIT ? OFFSET ?',
            [*params, maxitems, start],
        ).fetchall()
        for row in rows:
            record = sub(data, object_name.lower())
            for name, value in zip(names, row, strict=True):
                sub(record, name.lower(), from_db(definition.fields[name], value))
        count = len(rows)
    listtype = etree.Element(
        "listtype", start=str(start), end=str(max(start + count - 1, start)), total=str(total)
    )
    listtype.text = object_name
    context.billable += 1
    return FunctionResult([listtype, data])


@register("retrievepdf", write=False)
def retrievepdf(context: Context, element: etree._Element) -> FunctionResult:
    """The printed invoice as a base64 PDF (one invoice per function)."""
    target = element.find("ARINVOICE")
    key = text_of(target, "RECORDNO") if target is not None else ""
    if not key.isdigit():
        raise missing("ARINVOICE", "RECORDNO", verb="read")
    definition = get_object("ARINVOICE")
    assert definition is not None
    invoice = fetch_by_recordno(context.conn, definition, int(key))
    if invoice is None or (
        context.entity_id and invoice.get("MEGAENTITYID") not in (None, context.entity_id)
    ):
        raise IntacctError(error("BL01001973", f"Cannot find arinvoice with key '{key}'."))
    lines = [
        f"Invoice {invoice['RECORDID'] or key}",
        f"Customer: {invoice['CUSTOMERNAME']} ({invoice['CUSTOMERID']})",
        f"Date: {from_db(definition.fields['WHENCREATED'], invoice['WHENCREATED'])}",
        f"Due: {from_db(definition.fields['WHENDUE'], invoice['WHENDUE'])}",
        f"Total: {from_db(definition.fields['TRX_TOTALENTERED'], invoice['TRX_TOTALENTERED'])} "
        f"{invoice['CURRENCY']}",
        f"Amount due: {from_db(definition.fields['TRX_TOTALDUE'], invoice['TRX_TOTALDUE'])}",
    ]
    pdf = render_pdf(lines)
    data = etree.Element("data", listtype="arinvoice", count="1")
    record = sub(data, "arinvoice")
    sub(record, "recordno", key)
    sub(record, "pdfdata", base64.b64encode(pdf).decode())
    context.billable += 1
    return FunctionResult([data])
