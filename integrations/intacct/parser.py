"""Safe XML parsing and the response envelope: control -> authentication -> every result.

Bodies are ``bytes`` (lxml reads the encoding from the XML declaration). Entity resolution,
DTD loading and network access are off, and any document carrying a DTD or an entity
declaration is refused, so XXE and entity-expansion bombs never reach the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .errors import (
    ErrorDetail,
    IntacctError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitError,
    SenderCredentialsError,
    TemporaryOutageError,
    UnsafeResponseError,
    UserCredentialsError,
    summarize,
)
from .records import Record
from .results import (
    FunctionOutcome,
    is_permission_denied,
    is_rate_limited,
    is_temporary_outage,
)

Scrub = Callable[[str], str]

# Listtypes that do not name the row element.
_GENERIC_LISTTYPES = frozenset({"", "objects", "all"})
_PARSE_ERROR = "XL03000003"
_SENDER_CODES = frozenset({"XL03000006", "PL04000055"})
_USER_CODES = frozenset({"XMLGW_JPP0002", "GW-0011", "XL03000006"})


def _no_scrub(text: str) -> str:
    return text


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(body: bytes, *, max_bytes: int) -> etree._Element:
    """Parse ``body`` safely and return the root element, or raise :class:`ProtocolError`."""
    if not isinstance(body, bytes | bytearray | memoryview):
        raise TypeError("Responses are parsed from bytes, never str.")
    data = bytes(body)
    if len(data) > max_bytes:
        raise UnsafeResponseError(
            f"Response of {len(data)} bytes is over the {max_bytes}-byte limit.", retry_safe=False
        )
    if not data.strip():
        raise ProtocolError("Empty response body.", retry_safe=True)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        # Proxies and CDNs answer with error pages; the gateway itself never sends HTML.
        raise UnsafeResponseError(
            "Got an HTML page instead of an Intacct response.", retry_safe=True
        )
    # A DTD is the only way to declare entities; Intacct never sends one.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnsafeResponseError("Response carries a DTD or entity declaration; refused.")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ProtocolError(f"Malformed XML in response: {exc.msg}", retry_safe=True) from None
    except ValueError as exc:
        raise ProtocolError(f"Unreadable response: {exc}", retry_safe=True) from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or getattr(docinfo, "internalDTD", None) is not None:
        raise UnsafeResponseError("Response carries a DTD; refused.")
    return root


@dataclass(frozen=True)
class AuthInfo:
    """The ``<authentication>`` block of a response."""

    status: str
    user_id: str = ""
    company_id: str = ""
    location_id: str = ""
    session_timestamp: str = ""
    session_timeout: str = ""


@dataclass(frozen=True)
class ParsedResponse:
    """The envelope of one response."""

    control_status: str
    control_errors: list[ErrorDetail] = field(default_factory=list)
    auth: AuthInfo | None = None
    auth_errors: list[ErrorDetail] = field(default_factory=list)
    results: list[FunctionOutcome] = field(default_factory=list)
    acknowledged: bool = False

    @property
    def control_failed(self) -> bool:
        """Control-level failure: nothing ran."""
        return self.control_status == "failure"

    @property
    def auth_failed(self) -> bool:
        """Authentication-level failure: nothing ran."""
        return self.auth is not None and self.auth.status == "failure"


def _child_text(node: etree._Element | None, tag: str) -> str:
    if node is None:
        return ""
    child = node.find(tag)
    if child is None or child.text is None:
        return ""
    return child.text.strip()


def parse_errors(node: etree._Element | None, scrub: Scrub = _no_scrub) -> list[ErrorDetail]:
    """The ``<error>`` children of an ``<errormessage>`` element."""
    if node is None:
        return []
    details = []
    for error in node.iter("error"):
        detail = ErrorDetail.from_texts(
            *(
                scrub(_raw_text(error, tag))
                for tag in ("errorno", "description", "description2", "correction")
            )
        )
        details.append(detail)
    return details


def _raw_text(node: etree._Element, tag: str) -> str:
    child = node.find(tag)
    return "" if child is None else (child.text or "")


def _int_attr(node: etree._Element, name: str) -> int | None:
    value = node.get(name)
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise ProtocolError(f"Attribute {name}={value!r} of <data> is not a number.") from None


def parse_result(node: etree._Element, scrub: Scrub = _no_scrub) -> FunctionOutcome:
    """One ``<result>`` element as a :class:`FunctionOutcome`."""
    status = _child_text(node, "status").lower()
    if status not in ("success", "failure", "aborted"):
        # Unknown statuses are never treated as success.
        status = status or "unknown"
    data = node.find("data")
    records: list[Record] = []
    attrs: dict[str, int | None] = {}
    list_type = None
    result_id = None
    if data is not None:
        list_type = data.get("listtype")
        result_id = data.get("resultId") or None
        for name in ("count", "totalcount", "numremaining", "offset"):
            attrs[name] = _int_attr(data, name)
        wanted = (list_type or "").lower()
        match_all = wanted in _GENERIC_LISTTYPES
        records = [
            Record.from_element(row)
            for row in data
            if isinstance(row.tag, str) and (match_all or row.tag.lower() == wanted)
        ]
    legacy_list = node.find("listtype")
    if legacy_list is not None and legacy_list.text:
        list_type = legacy_list.text.strip()
    key = node.find("key")
    return FunctionOutcome(
        controlid=_child_text(node, "controlid"),
        function=_child_text(node, "function"),
        status=status,
        key=key.text.strip() if key is not None and key.text else None,
        records=records,
        errors=parse_errors(node.find("errormessage"), scrub),
        list_type=list_type,
        count=attrs.get("count"),
        total_count=attrs.get("totalcount"),
        num_remaining=attrs.get("numremaining"),
        offset=attrs.get("offset"),
        result_id=result_id,
        data=data if data is not None and data.get("listtype") is None else None,
    )


def parse_response(body: bytes, *, max_bytes: int, scrub: Scrub = _no_scrub) -> ParsedResponse:
    """Parse a gateway response envelope (raises :class:`ProtocolError` if it is not one)."""
    root = parse_xml(body, max_bytes=max_bytes)
    if root.tag != "response":
        if str(root.tag).lower() == "html":
            raise UnsafeResponseError(
                "Expected an Intacct <response>, got an HTML page.", retry_safe=True
            )
        raise ProtocolError(f"Expected an Intacct <response>, got <{root.tag}>.", retry_safe=True)
    control = root.find("control")
    control_status = _child_text(control, "status").lower()
    control_errors = parse_errors(root.find("errormessage"), scrub)
    if control_errors and control_status != "success":
        control_status = "failure"
    operation = root.find("operation")
    auth = None
    auth_errors: list[ErrorDetail] = []
    results: list[FunctionOutcome] = []
    if operation is not None:
        auth_node = operation.find("authentication")
        if auth_node is not None:
            auth = AuthInfo(
                status=_child_text(auth_node, "status").lower(),
                user_id=_child_text(auth_node, "userid"),
                company_id=_child_text(auth_node, "companyid"),
                location_id=_child_text(auth_node, "locationid"),
                session_timestamp=_child_text(auth_node, "sessiontimestamp"),
                session_timeout=_child_text(auth_node, "sessiontimeout"),
            )
        auth_errors = parse_errors(operation.find("errormessage"), scrub)
        if auth_errors and auth is not None and auth.status != "failure":
            auth = AuthInfo("failure", auth.user_id, auth.company_id, auth.location_id)
        elif auth_errors and auth is None:
            auth = AuthInfo("failure")
        results = [parse_result(r, scrub) for r in operation.findall("result")]
    return ParsedResponse(
        control_status=control_status,
        control_errors=control_errors,
        auth=auth,
        auth_errors=auth_errors,
        results=results,
        acknowledged=root.find("acknowledgement") is not None,
    )


def envelope_error(parsed: ParsedResponse) -> IntacctError | None:
    """The error of a control- or authentication-level failure, or None if both succeeded."""
    if parsed.control_failed:
        return classify_errors(parsed.control_errors, level="control")
    if parsed.auth_failed:
        return classify_errors(parsed.auth_errors, level="authentication")
    return None


def classify_errors(errors: list[ErrorDetail], *, level: str) -> IntacctError:
    """Map envelope-level errors to the error tree (PROTOCOL.md §12)."""
    message = f"Intacct refused the request at {level} level: {summarize(errors)}"
    codes = {e.errorno.upper() for e in errors}
    if is_rate_limited(errors):
        return RateLimitError(message, errors=errors)
    if is_temporary_outage(errors):
        return TemporaryOutageError(message, errors=errors)
    if is_permission_denied(errors):
        return PermissionDeniedError(message, errors=errors)
    if _PARSE_ERROR in codes:
        return ProtocolError(message, party="client", retry_safe=False, errors=errors)
    if level == "control":
        if codes & {"XMLGW_JPP0002", "GW-0011"}:
            return UserCredentialsError(message, errors=errors)
        if codes & _SENDER_CODES:
            return SenderCredentialsError(message, errors=errors)
        return IntacctError(message, party="intacct", retry_safe=False, errors=errors)
    if codes & _USER_CODES or not codes:
        return UserCredentialsError(message, errors=errors)
    return IntacctError(message, party="intacct", retry_safe=False, errors=errors)
