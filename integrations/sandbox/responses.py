"""Response documents: control/authentication blocks, error messages, gateway errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from .errors import ErrorDetail
from .xmlutil import child_text, serialize, sub

CONTENT_TYPE = 'text/xml; encoding="UTF-8";charset=UTF-8'


@dataclass
class Reply:
    """What the HTTP layer sends back."""

    status: int
    body: bytes
    content_type: str = CONTENT_TYPE
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Prepared:
    """A parsed request, or the reply that ends it early."""

    reply: Reply | None = None
    root: etree._Element | None = None
    functions: list[str] = field(default_factory=list)
    has_write: bool = False
    session_id: str | None = None


def iso(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def errormessage(parent: etree._Element, errors: list[ErrorDetail]) -> None:
    message = sub(parent, "errormessage")
    for detail in errors:
        item = sub(message, "error")
        sub(item, "errorno", detail.errorno)
        sub(item, "description", detail.description)
        sub(item, "description2", detail.description2)
        sub(item, "correction", detail.correction)


def control_block(root: etree._Element, status: str, request: etree._Element | None) -> None:
    control = request.find("control") if request is not None else None
    block = sub(root, "control")
    sub(block, "status", status)
    sub(block, "senderid", child_text(control, "senderid"))
    sub(block, "controlid", child_text(control, "controlid"))
    sub(block, "uniqueid", child_text(control, "uniqueid", "false") or "false")
    sub(block, "dtdversion", child_text(control, "dtdversion", "3.0") or "3.0")


def control_failure(errors: list[ErrorDetail], request: etree._Element | None = None) -> bytes:
    """A control-level failure document (nothing ran)."""
    root = etree.Element("response")
    control_block(root, "failure", request)
    errormessage(root, errors)
    return serialize(root)


def gateway_error(errorno: str, description: str) -> bytes:
    """The minimal body the gateway front end sends with 4xx statuses."""
    root = etree.Element("response")
    sub(sub(root, "control"), "status", "failure")
    item = sub(sub(root, "errormessage"), "error")
    sub(item, "errorno", errorno)
    sub(item, "description", description)
    return serialize(root)


def _target(parent: etree._Element, request_info: str = "") -> None:
    sub(parent, "target", domain="", requestinfo=request_info, object="", field="", businessinfo="")


def add_additional_info(response: etree._Element, request_id: str) -> None:
    """``showadditionalerrorinfo``: an ``<additionalinfo>`` block under every ``<error>``."""
    for item in response.iter("error"):
        if item.find("additionalinfo") is not None:
            continue
        errorno = item.findtext("errorno") or ""
        info = sub(item, "additionalinfo")
        sub(info, "errorid", f"SBX-{errorno}")
        sub(info, "category", item.findtext("description") or "")
        _target(info, request_id)
        for part in ("description", "cdescription", "correction"):
            block = sub(info, part)
            sub(block, "messageid", "")
            if part != "cdescription":
                sub(block, "category", "")
            _target(block)
            sub(block, "placeholders", "")
