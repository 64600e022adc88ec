"""The client's error tree: every error says whose fault it is and whether a retry is safe.

``party`` is one of :data:`PARTIES`:

* ``network``: the request or its answer was lost or cut on the way (timeouts, resets, 5xx, 524);
* ``intacct``: the gateway is busy, off-line, or answered something malformed;
* ``configuration``: credentials, sender authorisation or permissions the operator must fix;
* ``client``: this code sent something the gateway could not parse (a bug here);
* ``data``: a business rule rejected the payload (the user must fix the record).

``retry_safe`` says whether sending the *same* request again cannot cause harm (for example it
is a read, or the gateway refused the request before running anything).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from .results import FunctionOutcome

PARTIES = ("network", "intacct", "configuration", "client", "data")

_TAG = re.compile(r"<[^>]*>")
_SUPPORT_ID = re.compile(r"\[Support ID:\s*([^\]\s]+)\s*\]")


def clean_text(value: str | None) -> str:
    """Strip markup the gateway sometimes embeds in error texts and collapse whitespace."""
    if not value:
        return ""
    return " ".join(_TAG.sub("", value).split())


@dataclass(frozen=True)
class ErrorDetail:
    """One ``<error>`` of an ``<errormessage>``, markup stripped, Support ID decoded."""

    errorno: str = ""
    description: str = ""
    description2: str = ""
    correction: str = ""
    support_id: str = ""

    @classmethod
    def from_texts(
        cls,
        errorno: str | None,
        description: str | None,
        description2: str | None,
        correction: str | None,
    ) -> ErrorDetail:
        """Build a detail from raw element texts (markup is stripped, the Support ID decoded)."""
        desc2 = clean_text(description2)
        support = ""
        found = _SUPPORT_ID.search(desc2)
        if found:
            support = unquote(found.group(1))
            desc2 = (desc2[: found.start()] + desc2[found.end() :]).strip()
        return cls(
            errorno=clean_text(errorno),
            description=clean_text(description),
            description2=desc2,
            correction=clean_text(correction),
            support_id=support,
        )

    def text(self) -> str:
        """One line for logs and messages: ``errorno: description description2 (correction)``."""
        body = " ".join(p for p in (self.description, self.description2) if p)
        line = f"{self.errorno}: {body}" if self.errorno else body
        if self.correction:
            line += f" ({self.correction})"
        if self.support_id:
            line += f" [Support ID {self.support_id}]"
        return line.strip()


def summarize(errors: Sequence[ErrorDetail], limit: int = 3) -> str:
    """Join the first ``limit`` errors into one message."""
    parts = [e.text() for e in errors[:limit] if e.text()]
    if len(errors) > limit:
        parts.append(f"... {len(errors) - limit} more")
    return "; ".join(parts) or "no error details"


class IntacctError(Exception):
    """Base of every error the client raises."""

    default_party = "intacct"
    default_retry_safe = False

    def __init__(
        self,
        message: str,
        *,
        retry_safe: bool | None = None,
        party: str | None = None,
        errors: Sequence[ErrorDetail] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retry_safe = self.default_retry_safe if retry_safe is None else retry_safe
        self.party = party or self.default_party
        self.errors: list[ErrorDetail] = list(errors)
        # Outcomes already known when the error interrupted IntacctClient.execute.
        self.completed: list[FunctionOutcome] = []
        # "login" when the error came from getting a session: the caller's own functions
        # were not sent at all.
        self.stage = "request"

    def __str__(self) -> str:
        return self.message


class TransportError(IntacctError):
    """The request or its response was lost: timeout, reset, HTTP 5xx, Cloudflare 524.

    ``sent`` is False only when the request certainly never reached the gateway (the
    connection could not be opened), which makes even a write safe to send again.
    """

    default_party = "network"
    default_retry_safe = True

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        sent: bool = True,
        retry_safe: bool | None = None,
        party: str | None = None,
    ) -> None:
        super().__init__(message, retry_safe=retry_safe, party=party)
        self.status = status
        self.sent = sent


class RateLimitError(IntacctError):
    """HTTP 429 / ``GW-0010`` / "API rate limit exceeded": nothing ran, wait and send again."""

    default_party = "intacct"
    default_retry_safe = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        errors: Sequence[ErrorDetail] = (),
    ) -> None:
        super().__init__(message, errors=errors)
        self.retry_after = retry_after


class InFlightWaitTimeout(RateLimitError):
    """Every shared in-flight slot of the company stayed taken (by other workers) for as long as
    the client may wait. Nothing was sent: wait and send again."""

    default_party = "intacct"


class SlotStoreError(TransportError):
    """The store of shared in-flight slots (Redis or the database) could not be reached or
    answered wrongly. Nothing was sent to Intacct, so even a write is safe to send again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, sent=False, party="configuration")


class TemporaryOutageError(IntacctError):
    """ "The Service is Temporarily Off-line" / "Please Try Again Later"."""

    default_party = "intacct"
    default_retry_safe = True


class ProtocolError(IntacctError):
    """Malformed, hostile or unexpected XML, or ``XL03000003`` (the gateway could not parse us)."""

    default_party = "intacct"
    default_retry_safe = False


class UnsafeResponseError(ProtocolError):
    """A protocol-safety refusal: a DTD or entities, a body over the size limit, or an HTML page
    where XML belongs. The gateway (or something posing as it) cannot be trusted for now."""


class RequestValueError(IntacctError, ValueError):
    """A value cannot be put in a request (e.g. a control character XML cannot carry, or a
    filter with no values). Nothing was sent; the value must be corrected where it was entered.
    """

    default_party = "configuration"
    default_retry_safe = False


class EndpointNotAllowed(IntacctError, ValueError):
    """The URL is not an Intacct endpoint and is not on the operator's allow-list.

    Raised before credentials are sent, both for the connection's endpoint and for the one a
    ``getAPISession`` answer names. Nothing was sent there; the operator must fix it.
    """

    default_party = "configuration"
    default_retry_safe = False


class CredentialsError(IntacctError):
    """Credentials were refused. Never retried automatically (repeated failures lock users out)."""

    default_party = "configuration"
    default_retry_safe = False


class SenderCredentialsError(CredentialsError):
    """Control level: sender ID/password wrong, sender not authorised, demo company expired."""


class UserCredentialsError(CredentialsError):
    """Authentication level: company, user ID or user password wrong (or session refused twice)."""


class PermissionDeniedError(IntacctError):
    """The web services user lacks a permission ("You do not have permission for API ...")."""

    default_party = "configuration"
    default_retry_safe = False

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[ErrorDetail] = (),
        outcome: FunctionOutcome | None = None,
    ) -> None:
        super().__init__(message, errors=errors)
        self.outcome = outcome


class FunctionError(IntacctError):
    """A read function failed (or was aborted); ``outcome`` holds its result and errors."""

    default_party = "data"
    default_retry_safe = False

    def __init__(self, message: str, *, outcome: FunctionOutcome, party: str | None = None) -> None:
        super().__init__(message, errors=outcome.errors, party=party)
        self.outcome = outcome


class AmbiguousWriteError(IntacctError):
    """A write batch was sent but its outcome is unknown; it was NOT resent.

    ``controlids`` are the functions that may or may not have run: reconcile them by business
    key before sending them again (with the same controlids). ``completed`` are the outcomes of
    earlier batches of the same :meth:`IntacctClient.execute` call; ``not_sent`` the controlids
    of later batches that were never sent.
    """

    default_party = "network"
    default_retry_safe = False

    def __init__(
        self,
        message: str,
        *,
        controlids: Sequence[str],
        completed: Sequence[FunctionOutcome] = (),
        not_sent: Sequence[str] = (),
        cause: IntacctError | None = None,
    ) -> None:
        super().__init__(message)
        self.controlids = list(controlids)
        self.completed = list(completed)
        self.not_sent = list(not_sent)
        self.cause = cause


__all__ = [
    "PARTIES",
    "AmbiguousWriteError",
    "CredentialsError",
    "EndpointNotAllowed",
    "ErrorDetail",
    "FunctionError",
    "InFlightWaitTimeout",
    "IntacctError",
    "PermissionDeniedError",
    "ProtocolError",
    "RateLimitError",
    "RequestValueError",
    "SenderCredentialsError",
    "SlotStoreError",
    "TemporaryOutageError",
    "TransportError",
    "UnsafeResponseError",
    "UserCredentialsError",
    "clean_text",
    "summarize",
]
