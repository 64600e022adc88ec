"""Validation of requests against Intacct's published ``api.xsd`` (parsed once).

The client's previews and the sandbox's gateway both check requests with it.

The schema dates from 2019: functions it does not define (``query``, ``lookup``,
``retrievepdf``) are checked by their handlers instead, and a few newer elements the SDKs send
(``batchkey`` in ``create_invoice``, ``taxsolutionid`` in ``create_bill``) are tolerated by
removing them from the copy that is validated.
"""

from __future__ import annotations

import copy
import threading
from functools import cache
from pathlib import Path

from lxml import etree

DATA_DIR = Path(__file__).with_name("data")

# function element -> child elements newer than api.xsd that the gateway accepts
NEWER_ELEMENTS = {
    "create_invoice": ("batchkey", "onhold", "taxsolutionid", "invoiceitems/lineitem/taxentries"),
    "create_bill": ("taxsolutionid", "billitems/lineitem/taxentries"),
    "update_invoice": ("taxsolutionid", "updateinvoiceitems/updatelineitem/taxentries"),
}
_PLACEHOLDER = b'<function controlid="placeholder"><getAPISession/></function>'


class RequestSchema:
    """The compiled schema plus the set of function names it defines."""

    def __init__(self) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        document = etree.parse(str(DATA_DIR / "api.xsd"), parser)
        self._schema = etree.XMLSchema(document)
        # XMLSchema.validate is not thread-safe (it keeps an error log); serialise it.
        self._lock = threading.Lock()
        xs = "{http://www.w3.org/2001/XMLSchema}"
        function = document.getroot().find(f"{xs}element[@name='function']")
        refs = function.iter(f"{xs}element") if function is not None else []
        self.functions = frozenset(ref.get("ref") for ref in refs if ref.get("ref"))

    def _errors(self, element: etree._Element) -> list[str]:
        with self._lock:
            if self._schema.validate(element):
                return []
            return [
                f"XML Parse schema error: Error {entry.type}: {entry.message} "
                f"Line: {entry.line}, column: {entry.column}."
                for entry in self._schema.error_log  # type: ignore[attr-defined]
            ]

    def envelope_errors(self, request: etree._Element) -> list[str]:
        """Schema errors of the envelope, ignoring what is inside each ``<content>``."""
        envelope = copy.deepcopy(request)
        # Newer than api.xsd, documented by Intacct: tolerated anywhere in <control>.
        for newer in envelope.findall("control/showadditionalerrorinfo"):
            envelope.find("control").remove(newer)  # type: ignore[union-attr]
        for content in envelope.iter("content"):
            for child in list(content):
                content.remove(child)
            content.append(etree.fromstring(_PLACEHOLDER))
        return self._errors(envelope)

    def function_errors(self, function: etree._Element) -> list[str]:
        """Schema errors of one ``<function>`` element (empty when the schema lacks it)."""
        children = [child for child in function if isinstance(child.tag, str)]
        if len(children) != 1:
            return ["XML Parse schema error: a function must contain exactly one element."]
        name = children[0].tag
        if name not in self.functions:
            return []
        checked = copy.deepcopy(function)
        body = checked[0] if isinstance(checked[0].tag, str) else checked.find(name)
        for newer in NEWER_ELEMENTS.get(name, ()):
            for element in body.findall(newer) if body is not None else []:
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)
        return self._errors(checked)


@cache
def request_schema() -> RequestSchema:
    """The process-wide schema (420 KB of XSD: compile it once)."""
    return RequestSchema()
