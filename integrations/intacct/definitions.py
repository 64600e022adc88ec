"""Turning special result payloads into typed values: lookup definitions, PDFs, attachments."""

from __future__ import annotations

import base64
import binascii

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
