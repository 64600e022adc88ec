"""The request envelope: ``<request><control/><operation><authentication/><content/>``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from .functions.base import Function, sub
from .secret import Secret


@dataclass(frozen=True)
class LoginAuth:
    """``<login>``: user credentials (only ever used for getAPISession)."""

    user_id: str
    company_id: str
    password: Secret = field(repr=False)
    entity_id: str = ""


@dataclass(frozen=True)
class SessionAuth:
    """``<sessionid>``: an API session."""

    sessionid: Secret = field(repr=False)


def build_request(
    *,
    sender_id: str,
    sender_password: Secret,
    controlid: str,
    auth: LoginAuth | SessionAuth,
    functions: Sequence[Function],
    transaction: bool = False,
    uniqueid: bool = False,
) -> etree._Element:
    """The whole ``<request>`` element; children in the order api.xsd requires.

    The one place secrets are revealed: straight into their elements, never into a variable.
    """
    if not functions:
        raise ValueError("A request needs at least one function.")
    request = etree.Element("request")
    control = etree.SubElement(request, "control")
    sub(control, "senderid", sender_id)
    sub(control, "password", sender_password.reveal())
    sub(control, "controlid", controlid)
    sub(control, "uniqueid", uniqueid)
    sub(control, "dtdversion", "3.0")
    sub(control, "includewhitespace", False)
    operation = etree.SubElement(
        request, "operation", transaction="true" if transaction else "false"
    )
    authentication = etree.SubElement(operation, "authentication")
    if isinstance(auth, LoginAuth):
        login = etree.SubElement(authentication, "login")
        sub(login, "userid", auth.user_id)
        sub(login, "companyid", auth.company_id)
        sub(login, "password", auth.password.reveal())
        if auth.entity_id:
            sub(login, "locationid", auth.entity_id)
    else:
        sub(authentication, "sessionid", auth.sessionid.reveal())
    content = etree.SubElement(operation, "content")
    for function in functions:
        content.append(function.to_element())
    return request


def serialize(request: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration."""
    return bytes(etree.tostring(request, xml_declaration=True, encoding="UTF-8"))
