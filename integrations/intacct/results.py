"""Typed results: function outcomes, pages, object definitions, attachments, call statistics."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import ErrorDetail
from .records import Record

if TYPE_CHECKING:
    from lxml import etree

STATUS_SUCCESS = "success"
_TRANSIENT_MARKERS = (
    "temporarily off-line",
    "temporarily offline",
    "please try again later",
    "rate limit exceeded",
)
_RATE_LIMIT_CODES = frozenset({"GW-0010"})
PERMISSION_MARKER = "do not have permission"


def is_rate_limited(errors: list[ErrorDetail]) -> bool:
    """True when the errors say the API rate limit was exceeded."""
    return any(
        e.errorno.upper() in _RATE_LIMIT_CODES or "rate limit exceeded" in e.text().lower()
        for e in errors
    )


def is_temporary_outage(errors: list[ErrorDetail]) -> bool:
    """True when the errors say Intacct is temporarily off-line or asks to try again later."""
    return any(m in e.text().lower() for e in errors for m in _TRANSIENT_MARKERS[:3])


def is_permission_denied(errors: list[ErrorDetail]) -> bool:
    """True when the errors say the web services user lacks a permission."""
    return any(PERMISSION_MARKER in e.text().lower() for e in errors)


@dataclass(frozen=True)
class FunctionOutcome:
    """The ``<result>`` of one function. Only ``status == 'success'`` is :attr:`ok`."""

    controlid: str
    function: str
    status: str
    key: str | None = None
    records: list[Record] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)
    list_type: str | None = None
    count: int | None = None
    total_count: int | None = None
    num_remaining: int | None = None
    offset: int | None = None
    result_id: str | None = None
    # The ``<data>`` element itself, kept only for answers that are not lists of rows (e.g.
    # getUserPermissions), whose nesting the flat records cannot hold.
    data: etree._Element | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True only for ``success``: ``failure`` and ``aborted`` never count as done."""
        return self.status == STATUS_SUCCESS

    @property
    def permission_denied(self) -> bool:
        """True when the web services user lacks the permission for this function."""
        return not self.ok and is_permission_denied(self.errors)

    @property
    def transient(self) -> bool:
        """True when the failure is a rate limit or outage (sending again later is sensible)."""
        return not self.ok and (is_rate_limited(self.errors) or is_temporary_outage(self.errors))


@dataclass(frozen=True)
class Page:
    """One page of a paged read; ``offset`` is set for ``query``, ``result_id`` for readByQuery."""

    records: list[Record]
    count: int
    total_count: int | None
    num_remaining: int
    offset: int | None = None
    result_id: str | None = None


@dataclass(frozen=True)
class FieldDefinition:
    """One field of a ``lookup`` answer."""

    id: str
    label: str
    datatype: str
    required: bool
    readonly: bool
    valid_values: list[str]
    is_custom: bool
    description: str = ""


@dataclass(frozen=True)
class Relationship:
    """One relationship of a ``lookup`` answer (``OBJECTPATH`` is the dotted prefix)."""

    object_path: str
    object_name: str
    label: str
    relationship_type: str
    related_by: str


@dataclass(frozen=True)
class ObjectDefinition:
    """What ``lookup`` says about an object."""

    name: str
    fields: list[FieldDefinition]
    relationships: list[Relationship]
    document_type: str = ""

    def field(self, field_id: str) -> FieldDefinition | None:
        """The field with this ID (case-insensitive), or None."""
        wanted = field_id.upper()
        return next((f for f in self.fields if f.id.upper() == wanted), None)

    @property
    def custom_fields(self) -> list[FieldDefinition]:
        """Only the custom fields."""
        return [f for f in self.fields if f.is_custom]


@dataclass(frozen=True)
class Attachment:
    """One file of a supporting document (attachment record)."""

    name: str
    type: str
    data: bytes


@dataclass(frozen=True)
class CallStats:
    """Cumulative call accounting: requests, functions and estimated billable transactions."""

    requests: int = 0
    functions: int = 0
    billable_transactions: int = 0
    by_function: dict[str, int] = field(default_factory=dict)

    def snapshot(self) -> CallStats:
        """An independent copy."""
        return CallStats(
            self.requests, self.functions, self.billable_transactions, dict(self.by_function)
        )

    def since(self, earlier: CallStats) -> CallStats:
        """The calls made between ``earlier`` and this snapshot."""
        diff = Counter(self.by_function)
        diff.subtract(earlier.by_function)
        return CallStats(
            requests=self.requests - earlier.requests,
            functions=self.functions - earlier.functions,
            billable_transactions=self.billable_transactions - earlier.billable_transactions,
            by_function={k: v for k, v in diff.items() if v},
        )


class StatsRecorder:
    """Thread-safe accumulator behind :attr:`IntacctClient.stats`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self._functions = 0
        self._billable = 0
        self._by_function: Counter[str] = Counter()

    def request(self, function_names: list[str]) -> None:
        """Count one request that was sent with these functions."""
        with self._lock:
            self._requests += 1
            self._functions += len(function_names)
            self._by_function.update(function_names)

    def billable(self, units: int) -> None:
        """Count billable transactions of successful functions."""
        if units:
            with self._lock:
                self._billable += units

    def snapshot(self) -> CallStats:
        """The totals so far."""
        with self._lock:
            return CallStats(
                self._requests, self._functions, self._billable, dict(self._by_function)
            )
