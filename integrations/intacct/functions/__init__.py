"""Function builders: one small class per Intacct function, each with ``.controlid``."""

from .base import Function, new_controlid
from .company import GetUserPermissions
from .legacy import (
    ApplyArPayment,
    CreateApAdjustment,
    CreateArAdjustment,
    CreateArPayment,
    CreateInvoice,
    CreatePoTransaction,
    CreateSupdoc,
    LegacyFunction,
    ReverseArPayment,
    SupdocFile,
    UpdateInvoice,
)
from .reads import (
    GetAPISession,
    GetList,
    GetSupdoc,
    Inspect,
    Lookup,
    Query,
    Read,
    ReadByName,
    ReadByQuery,
    ReadMore,
    RetrievePdf,
    quote_literal,
)
from .writes import Create, Delete, Update

__all__ = [
    "ApplyArPayment",
    "Create",
    "CreateApAdjustment",
    "CreateArAdjustment",
    "CreateArPayment",
    "CreateInvoice",
    "CreatePoTransaction",
    "CreateSupdoc",
    "Delete",
    "Function",
    "GetAPISession",
    "GetList",
    "GetSupdoc",
    "GetUserPermissions",
    "Inspect",
    "LegacyFunction",
    "Lookup",
    "Query",
    "Read",
    "ReadByName",
    "ReadByQuery",
    "ReadMore",
    "RetrievePdf",
    "ReverseArPayment",
    "SupdocFile",
    "Update",
    "UpdateInvoice",
    "new_controlid",
    "quote_literal",
]
