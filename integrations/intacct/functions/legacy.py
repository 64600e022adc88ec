"""Legacy (2.1-style) function builders whose children are an ordered ``xs:sequence``.

Each builder takes keyword values and emits them in the order of ``api.xsd``, whatever order
the caller used (a wrong order is ``XL03000003`` at the gateway). Unknown names are refused.
Dates become ``<year><month><day>`` triplets; ``customfields`` is a mapping name -> value;
contacts (``billto``, ``payto``...) are a contact name; line lists are sequences of mappings.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from lxml import etree

from .base import Function, Scalar, check_controlid, sub

# Element orders copied from the sequences of api.xsd (plus the few newer elements the SDK
# fixtures show, placed where the fixtures put them).
LINEITEM_ORDER = (
    "accountlabel", "glaccountno", "offsetglaccountno", "amount", "allocationid", "memo",
    "locationid", "departmentid", "item1099", "form1099type", "form1099box", "key", "totalpaid",
    "totaldue", "customfields", "revrectemplate", "defrevaccount", "revrecstartdate",
    "revrecenddate", "projectid", "customerid", "vendorid", "employeeid", "itemid", "classid",
    "contractid", "warehouseid", "billable",
)  # fmt: skip
ARPAYMENTITEM_ORDER = ("invoicekey", "amount")
POTRANSITEM_ORDER = (
    "itemid", "itemdesc", "taxable", "warehouseid", "quantity", "unit", "linelevelsimpletaxtype",
    "price", "sourcelinekey", "overridetaxamount", "deliverto", "tax", "locationid",
    "departmentid", "memo", "itemdetails", "form1099", "form1099type", "form1099box",
    "customfields", "projectid", "customerid", "vendorid", "employeeid", "classid", "contractid",
    "billable",
)  # fmt: skip
ATTACHMENT_ORDER = ("attachmentname", "attachmenttype", "attachmentdata")
_CURRENCY = ("basecurr", "currency", "exchratedate", "exchratetype", "exchrate")
_CONTACTS = frozenset({"billto", "shipto", "payto", "returnto", "deliverto"})

# name of a list element -> (element of each item, order inside each item)
_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "invoiceitems": ("lineitem", LINEITEM_ORDER),
    "aradjustmentitems": ("lineitem", LINEITEM_ORDER),
    "apadjustmentitems": ("lineitem", LINEITEM_ORDER),
    "arpaymentitems": ("arpaymentitem", ARPAYMENTITEM_ORDER),
    "potransitems": ("potransitem", POTRANSITEM_ORDER),
    "attachments": ("attachment", ATTACHMENT_ORDER),
}
# Items repeated directly under the function, without a container element.
_REPEATED: dict[str, tuple[str, ...]] = {"arpaymentitem": ARPAYMENTITEM_ORDER}


def date_triplet(parent: etree._Element, tag: str, value: date) -> None:
    """``<tag><year>YYYY</year><month>MM</month><day>DD</day></tag>``."""
    if isinstance(value, datetime):
        value = value.date()
    node = etree.SubElement(parent, tag)
    sub(node, "year", f"{value.year:04d}")
    sub(node, "month", f"{value.month:02d}")
    sub(node, "day", f"{value.day:02d}")


def _ordered(
    parent: etree._Element, values: Mapping[str, Any], order: Sequence[str], where: str
) -> None:
    unknown = sorted(set(values) - set(order))
    if unknown:
        raise ValueError(f"{where}: unknown element(s) {', '.join(unknown)}.")
    for name in order:
        if name not in values:
            continue
        _emit(parent, name, values[name], where)


def _emit(parent: etree._Element, name: str, value: Any, where: str) -> None:
    if name in _LISTS:
        item_tag, item_order = _LISTS[name]
        container = etree.SubElement(parent, name)
        items = list(value)
        if not items:
            raise ValueError(f"{where}: {name} needs at least one item.")
        for item in items:
            _ordered(etree.SubElement(container, item_tag), _as_mapping(item), item_order, name)
    elif name in _REPEATED:
        for item in value:
            _ordered(etree.SubElement(parent, name), _as_mapping(item), _REPEATED[name], name)
    elif name == "customfields":
        container = etree.SubElement(parent, name)
        for field_name, field_value in dict(value).items():
            custom = etree.SubElement(container, "customfield")
            sub(custom, "customfieldname", field_name)
            sub(custom, "customfieldvalue", field_value)
    elif name in _CONTACTS and not isinstance(value, Mapping):
        sub(etree.SubElement(parent, name), "contactname", value)
    elif isinstance(value, Mapping):
        node = etree.SubElement(parent, name)
        for key, inner in value.items():
            _emit(node, key, inner, where)
    elif isinstance(value, date) and not isinstance(value, bool):
        date_triplet(parent, name, value)
    elif name == "attachmentdata" and isinstance(value, bytes | bytearray):
        sub(parent, name, base64.b64encode(bytes(value)).decode("ascii"))
    else:
        sub(parent, name, value)


def _as_mapping(item: Any) -> Mapping[str, Any]:
    if isinstance(item, Mapping):
        return item
    to_fields = getattr(item, "legacy_fields", None)
    if callable(to_fields):
        result = to_fields()
        if isinstance(result, Mapping):
            return result
    raise TypeError(f"Expected a mapping of element values, got {type(item).__name__}.")


class LegacyFunction(Function):
    """A legacy function built from keyword values emitted in XSD order."""

    writes: ClassVar[bool] = True
    order: ClassVar[tuple[str, ...]]
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, controlid: str, **values: Scalar | object) -> None:
        self.controlid = check_controlid(controlid)
        missing = [name for name in self.required if values.get(name) in (None, "", [], ())]
        if missing:
            raise ValueError(f"{self.function_name}: missing {', '.join(missing)}.")
        unknown = sorted(set(values) - set(self.order))
        if unknown:
            raise ValueError(f"{self.function_name}: unknown element(s) {', '.join(unknown)}.")
        self.values: dict[str, Any] = dict(values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(controlid={self.controlid!r})"

    def attributes(self) -> dict[str, str]:
        """Attributes of the function element (most legacy functions have none)."""
        return {}

    def payload(self) -> etree._Element:
        """The legacy element with children in XSD order."""
        node = etree.Element(self.function_name, self.attributes())
        _ordered(node, self.values, self.order, self.function_name)
        return node


class CreateInvoice(LegacyFunction):
    """``create_invoice`` (AR invoices have no generic create)."""

    function_name: ClassVar[str] = "create_invoice"
    required = ("customerid", "datecreated", "invoiceitems")
    order = (
        "customerid", "datecreated", "dateposted", "datedue", "termname", "batchkey", "action",
        "invoiceno", "ponumber", "onhold", "description", "externalid", "billto", "shipto",
        *_CURRENCY, "nogl", "supdocid", "taxsolutionid", "customfields", "invoiceitems",
    )  # fmt: skip


class CreateArAdjustment(LegacyFunction):
    """``create_aradjustment``: negative line amounts = credit memo, positive = debit memo."""

    function_name: ClassVar[str] = "create_aradjustment"
    required = ("customerid", "datecreated", "aradjustmentitems")
    order = (
        "customerid", "datecreated", "dateposted", "batchkey", "adjustmentno", "action",
        "invoiceno", "description", "externalid", *_CURRENCY, "nogl", "aradjustmentitems",
    )  # fmt: skip


class CreateApAdjustment(LegacyFunction):
    """``create_apadjustment``: vendor credit/debit memo (all lines the same sign)."""

    function_name: ClassVar[str] = "create_apadjustment"
    required = ("vendorid", "datecreated", "apadjustmentitems")
    order = (
        "vendorid", "datecreated", "dateposted", "batchkey", "adjustmentno", "action", "billno",
        "description", "externalid", *_CURRENCY, "nogl", "customfields", "apadjustmentitems",
    )  # fmt: skip


class CreateArPayment(LegacyFunction):
    """``create_arpayment``; ``arpaymentitem`` is a list of ``{invoicekey, amount}``."""

    function_name: ClassVar[str] = "create_arpayment"
    required = ("customerid", "paymentamount")
    order = (
        "customerid", "paymentamount", "translatedamount", "batchkey", "bankaccountid",
        "undepfundsacct", "refid", "overpaylocid", "overpaydeptid", "datereceived",
        "paymentmethod", *_CURRENCY, "cctype", "authcode", "arpaymentitem",
    )  # fmt: skip

    def __init__(self, *, controlid: str, **values: Scalar | object) -> None:
        super().__init__(controlid=controlid, **values)
        chosen = [k for k in ("batchkey", "bankaccountid", "undepfundsacct") if k in values]
        if len(chosen) > 1:
            raise ValueError("create_arpayment takes one of batchkey/bankaccountid/undepfundsacct.")


class ApplyArPayment(LegacyFunction):
    """``apply_arpayment``: apply an advance/overpayment/credit to invoices."""

    function_name: ClassVar[str] = "apply_arpayment"
    required = ("arpaymentkey", "paymentdate")
    order = (
        "arpaymentkey", "paymentdate", "batchkey", "memo", "overpaylocid", "overpaydeptid",
        "arpaymentitems",
    )  # fmt: skip


class ReverseArPayment(LegacyFunction):
    """``reverse_arpayment key="RECORDNO"``."""

    function_name: ClassVar[str] = "reverse_arpayment"
    required = ("key", "datereversed")
    order = ("key", "datereversed", "description", "nsfclosedaccount")

    def attributes(self) -> dict[str, str]:
        """The payment key is an attribute, not an element."""
        return {"key": str(self.values["key"])}

    def payload(self) -> etree._Element:
        """``<reverse_arpayment key=..>`` with its ordered children."""
        node = etree.Element(self.function_name, self.attributes())
        children = {k: v for k, v in self.values.items() if k != "key"}
        _ordered(node, children, self.order[1:], self.function_name)
        return node


class CreatePoTransaction(LegacyFunction):
    """``create_potransaction`` (purchase orders, receivers, vendor invoices)."""

    function_name: ClassVar[str] = "create_potransaction"
    required = ("transactiontype", "datecreated", "vendorid", "datedue", "potransitems")
    order = (
        "transactiontype", "datecreated", "dateposted", "createdfrom", "vendorid", "documentno",
        "referenceno", "vendordocno", "termname", "datedue", "message", "shippingmethod",
        "returnto", "payto", "deliverto", "supdocid", "externalid", *_CURRENCY, "customfields",
        "state", "potransitems", "subtotals",
    )  # fmt: skip

    def __init__(self, *, controlid: str, **values: Scalar | object) -> None:
        # The XSD requires returnto and payto; an empty contact name is accepted.
        values.setdefault("returnto", "")
        values.setdefault("payto", "")
        super().__init__(controlid=controlid, **values)


@dataclass(frozen=True)
class SupdocFile:
    """One file of an attachment record: name without extension, type = extension, bytes."""

    name: str
    type: str
    data: bytes

    def legacy_fields(self) -> dict[str, object]:
        """The ``<attachment>`` children."""
        return {
            "attachmentname": self.name,
            "attachmenttype": self.type,
            "attachmentdata": self.data,
        }


class CreateSupdoc(LegacyFunction):
    """``create_supdoc``: an attachment record with base64 files (``attachments`` = files)."""

    function_name: ClassVar[str] = "create_supdoc"
    required = ("supdocid", "supdocfoldername")
    order = ("supdocid", "supdocname", "supdocfoldername", "supdocdescription", "attachments")


UPDATELINEITEM_ORDER = (
    "accountlabel", "glaccountno", "offsetglaccountno", "amount", "memo", "locationid",
    "departmentid", "item1099", "form1099type", "form1099box", "customfields", "revrectemplate",
    "defrevaccount", "revrecstartdate", "revrecenddate", "projectid", "customerid", "vendorid",
    "employeeid", "itemid", "classid", "contractid", "warehouseid", "billable",
)  # fmt: skip


class UpdateInvoice(LegacyFunction):
    """``update_invoice key="RECORDNO"``: header fields, then ``updateinvoiceitems``.

    ``updateinvoiceitems`` is a list of mappings; one with ``line_num`` changes that line
    (``updatelineitem line_num=N``), one without adds a line (``lineitem``).
    """

    function_name: ClassVar[str] = "update_invoice"
    required = ("key",)
    order = (
        "key", "customerid", "datecreated", "dateposted", "datedue", "termname", "action",
        "invoiceno", "ponumber", "description", "payto", "returnto", "currency", "exchratedate",
        "exchratetype", "exchrate", "supdocid", "customfields", "updateinvoiceitems",
    )  # fmt: skip

    def payload(self) -> etree._Element:
        """``<update_invoice key=..>`` with its ordered header and line changes."""
        node = etree.Element(self.function_name, {"key": str(self.values["key"])})
        header = {k: v for k, v in self.values.items() if k not in ("key", "updateinvoiceitems")}
        _ordered(node, header, self.order[1:-1], self.function_name)
        items = self.values.get("updateinvoiceitems")
        if items:
            container = etree.SubElement(node, "updateinvoiceitems")
            for item in items:
                values = dict(_as_mapping(item))
                line_num = values.pop("line_num", None)
                if line_num is None:
                    _ordered(
                        etree.SubElement(container, "lineitem"), values, LINEITEM_ORDER, "lineitem"
                    )
                else:
                    element = etree.SubElement(
                        container, "updatelineitem", {"line_num": str(line_num)}
                    )
                    _ordered(element, values, UPDATELINEITEM_ORDER, "updatelineitem")
        return node
