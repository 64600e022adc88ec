"""Safe XML parsing of requests and small helpers to build response elements."""

from __future__ import annotations

from typing import Any

from lxml import etree

MAX_BODY_BYTES = 30 * 1024 * 1024

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class XmlParseError(Exception):
    """The body is not well-formed XML (or carries a DTD); one message per parser error."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def parse_request(body: bytes) -> etree._Element:
    """Parse an untrusted request body: no DTD, no entities, no network access."""
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[arg-type]
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        messages = [
            f"XML Parse schema error: Fatal Error {entry.type}: {entry.message.strip()}. "
            f"Line: {entry.line}, column: {entry.column}."
            for entry in exc.error_log  # type: ignore[attr-defined]
            if entry.level_name in ("FATAL", "ERROR")
        ]
        raise XmlParseError(messages or [f"XML Parse schema error: {exc}"]) from exc
    tree = root.getroottree()
    docinfo: Any = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlParseError(["XML Parse schema error: DOCTYPE declarations are not allowed."])
    return root


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes; returns the child."""
    child = etree.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def child_text(element: etree._Element | None, tag: str, default: str = "") -> str:
    """Stripped text of the first child named ``tag`` (case-sensitive), or ``default``."""
    if element is None:
        return default
    found = element.find(tag)
    if found is None or found.text is None:
        return default
    return found.text.strip()


def serialize(root: etree._Element, pretty: bool = True) -> bytes:
    """Serialise a response document as UTF-8 with an XML declaration."""
    body = etree.tostring(root, encoding="UTF-8", pretty_print=pretty)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
