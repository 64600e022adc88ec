"""Sandbox error numbers for Intacct business rules whose real errorno is not public.

Each failure carries the specific cause first (with one of these numbers, or Intacct's own
where it is known) and then Intacct's ``BL01001973`` "Could not ... record!" wrapper. The
README's sandbox section lists every ``SBX-`` number.
"""

from __future__ import annotations

from .errors import ErrorDetail, error

HAS_PAYMENTS = "SBX-0101"  # delete of a document with payments or credits applied
NOT_DRAFT = "SBX-0102"  # update/delete of a payment that is no longer a draft
REVERSAL_DATE = "SBX-0103"  # reversal dated before the original
HAS_OPEN_DOCUMENTS = "SBX-0104"  # delete of a vendor with open bills
WRONG_STATE = "SBX-0105"  # reverse/void/delete in a state that does not allow it
DUPLICATE_NUMBER = "SBX-0106"  # document number already used

SBX_ERRORS = {
    "SBX-0001": "uniqueid replay refused (--uniqueid-mode refuse)",
    "SBX-0002": "getAPISession mixed with other functions in one request",
    "SBX-0003": "a function api.xsd defines that the sandbox does not implement",
    HAS_PAYMENTS: "the document has payments or credits applied (void or reverse them first)",
    NOT_DRAFT: "only draft payments can be updated (AR and AP) or deleted (AR)",
    REVERSAL_DATE: "the reversal date is before the date of the original",
    HAS_OPEN_DOCUMENTS: "the vendor has open bills",
    WRONG_STATE: "the document's state does not allow the operation",
    DUPLICATE_NUMBER: "a transaction with that number already exists",
}


def reversal_date_error(when: str, original: str, what: str) -> ErrorDetail:
    """A reversal dated before the original document."""
    return error(
        REVERSAL_DATE,
        f"The reversal date {when} is before the date {original} of the {what}.",
        "Invalid reversal date",
        "Use a reversal date on or after the original date.",
    )
