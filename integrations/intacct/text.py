"""Text that can travel in XML: XML 1.0 refuses most control characters (``\\x1b``, ``\\x0b``...).

Every value the client writes into a request passes :func:`check_xml_text`, so a bad value is a
typed :class:`~.errors.RequestValueError` naming the element, never lxml's bare ``ValueError``.
The message never repeats the value (it may be a password).
"""

from __future__ import annotations

import re
import unicodedata

from .errors import RequestValueError

# Characters outside XML 1.0's Char production.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_problem(value: str, *, single_line: bool = False) -> str:
    """Why ``value`` cannot go into XML ('' when it can). ``single_line`` also refuses tab and
    line breaks (IDs, passwords, filter values)."""
    bad = _NOT_XML.search(value)
    at = bad.start() if bad is not None else None
    if at is None and single_line:
        at = next((i for i, c in enumerate(value) if unicodedata.category(c) == "Cc"), None)
    if at is None:
        return ""
    return f"a control character (U+{ord(value[at]):04X}) at position {at + 1}"


def check_xml_text(value: str, what: str) -> str:
    """``value`` if XML can carry it, else raise :class:`RequestValueError` naming ``what``."""
    problem = xml_problem(value)
    if problem:
        raise RequestValueError(
            f"The value of {what} holds {problem}, which cannot be sent to Intacct; "
            "correct it where it was entered."
        )
    return value
