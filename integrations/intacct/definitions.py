"""Turning special result payloads into typed values: lookup definitions, PDFs, attachments."""

from __future__ import annotations

import base64
import binascii
import json
from functools import cache
from pathlib import Path

from .errors import ProtocolError
from .records import Record, to_bool
from .results import Attachment, FieldDefinition, ObjectDefinition, Relationship


def decode_base64(text: str | None, what: str) -> bytes:
    """Strict base64 (whitespace allowed) -> bytes; a bad payload is a ProtocolError."""
    if not text:
        return b""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError(f"{what} is not valid base64.") from None


def _flag(record: Record, name: str) -> bool:
    try:
        return bool(to_bool(record.text(name)))
    except ValueError:
        return False


def object_definition(type_record: Record) -> ObjectDefinition:
    """An :class:`ObjectDefinition` from the ``<Type>`` row of a lookup result."""
    fields = [
        FieldDefinition(
            id=field.text("ID") or "",
            label=field.text("LABEL") or "",
            datatype=(field.text("DATATYPE") or "").upper(),
            required=_flag(field, "REQUIRED"),
            readonly=_flag(field, "READONLY"),
            valid_values=[v.text("VALIDVALUE") or "" for v in field.groups("VALIDVALUES")],
            is_custom=_flag(field, "ISCUSTOM"),
            description=field.text("DESCRIPTION") or "",
        )
        for field in type_record.groups("Fields")
    ]
    relationships = [
        Relationship(
            object_path=rel.text("OBJECTPATH") or "",
            object_name=rel.text("OBJECTNAME") or "",
            label=rel.text("LABEL") or "",
            relationship_type=rel.text("RELATIONSHIPTYPE") or "",
            related_by=rel.text("RELATEDBY") or "",
        )
        for rel in type_record.groups("Relationships")
    ]
    return ObjectDefinition(
        name=type_record.attributes.get("Name", ""),
        fields=fields,
        relationships=relationships,
        document_type=type_record.attributes.get("DocumentType", ""),
    )


def pdf_bytes(record: Record) -> bytes:
    """The decoded ``pdfdata`` of a retrievepdf row."""
    text = next((v for k, v in record.items() if k.lower() == "pdfdata"), None)
    return decode_base64(text, "pdfdata")


def supdoc_files(record: Record) -> list[Attachment]:
    """The files of a ``<supdoc>`` row."""
    return [
        Attachment(
            name=item.text("attachmentname") or "",
            type=item.text("attachmenttype") or "",
            data=decode_base64(item.text("attachmentdata"), "attachmentdata"),
        )
        for item in record.groups("attachments")
    ]


_STANDARD_FIELDS = Path(__file__).with_name("data") / "standard_fields.json"


@cache
def standard_fields() -> dict[str, frozenset[str]]:
    """The standard fields of every documented object, by object name.

    Written from the recorded ``lookup`` responses of the shared object reference: each
    object's top-level fields plus the dotted fields reached through its relationships that
    ``query`` returns (``DISPLAYCONTACT.CONTACTNAME``, ``MAILADDRESS.CITY``). ARINVOICEITEM
    and ARPYMTDETAIL have no recorded lookup; they mirror ARADJUSTMENTITEM and APPYMTDETAIL.
    Tenant custom fields are not here: they are discovered per connection.
    """
    data = json.loads(_STANDARD_FIELDS.read_text(encoding="utf-8"))
    return {name: frozenset(fields) for name, fields in data.items()}


def is_standard_field(object_name: str, field_id: str) -> bool:
    """Whether ``field_id`` is a documented standard field of ``object_name``."""
    return field_id in standard_fields().get(object_name, frozenset())
