"""The facade: :class:`IntacctClient`, the only object the rest of the project talks to.

One request = envelope -> throttle slot -> transport -> parser -> envelope checks
(:mod:`.gateway`), on a session (:mod:`.session`). Reads retry
what is retry-safe; writes are sent once per batch (uniqueid=true, caller controlids) and an
unknown outcome raises :class:`AmbiguousWriteError` instead of being resent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from types import TracebackType

from . import filters as F
from .checks import match_results, read_failure
from .config import ClientConfig, Credentials, SessionInfo
from .definitions import object_definition, pdf_bytes, supdoc_files
from .endpoints import check_endpoint
from .errors import IntacctError, ProtocolError
from .functions import (
    Function,
    GetSupdoc,
    GetUserPermissions,
    Lookup,
    Query,
    Read,
    ReadByName,
    ReadByQuery,
    RetrievePdf,
)
from .functions.reads import READ_MAX_KEYS
from .gateway import Gateway
from .inflight import LEASE_SECONDS, SharedInFlight, SharedSlots
from .paging import Attempts, keyset_pages, offset_pages, result_id_pages
from .permissions import UserPermissions, parse_user_permissions
from .records import Record
from .results import (
    Attachment,
    CallStats,
    FunctionOutcome,
    ObjectDefinition,
    Page,
    StatsRecorder,
)
from .retry import RetryPolicy
from .scrub import Scrubber
from .session import SessionManager
from .throttle import throttle_for
from .transport import Transport
from .writes import WriteBatcher

log = logging.getLogger("integrations.intacct")


class IntacctClient:
    """A typed client for one company (and optional entity). Lazy: logs in on the first call."""

    def __init__(
        self,
        credentials: Credentials,
        config: ClientConfig | None = None,
        *,
        transport: Transport | None = None,
        retry_policy: RetryPolicy | None = None,
        shared_slots: SharedSlots | None = None,
    ) -> None:
        """``shared_slots`` makes ``max_in_flight`` hold across processes and machines
        (:mod:`.inflight`); without it the limit holds within this process only."""
        self._creds = credentials
        self._config = config or ClientConfig()
        check_endpoint(credentials.endpoint_url, self._config.allowed_endpoints)
        self._transport = transport or Transport(self._config)
        self._throttle = throttle_for(
            credentials.company_id, self._config.max_in_flight, self._config.max_requests_per_second
        )
        self._retry = retry_policy or RetryPolicy(
            attempts=self._config.retry_attempts,
            max_seconds=self._config.retry_max_seconds,
            base_delay=self._config.retry_base_delay,
            max_delay=self._config.retry_max_delay,
        )
        self._stats = StatsRecorder()
        scrub = Scrubber(credentials.secrets())
        shared = None
        if shared_slots is not None:
            # Waiting for a slot is bounded by the timeouts of the request it precedes.
            shared = SharedInFlight(
                shared_slots,
                credentials.company_id,
                limit=self._config.max_in_flight,
                lease_seconds=LEASE_SECONDS,
                wait_seconds=self._config.connect_timeout + self._config.read_timeout,
            )
        self._gateway = Gateway(
            credentials,
            self._config,
            self._transport,
            self._throttle,
            scrub,
            self._stats,
            shared_in_flight=shared,
        )
        self._sessions = SessionManager(credentials, self._config, self._gateway, scrub)
        self._writes = WriteBatcher(self)

    def __repr__(self) -> str:
        return f"IntacctClient(company={self._creds.company_id!r}, user={self._creds.user_id!r})"

    def __enter__(self) -> IntacctClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def config(self) -> ClientConfig:
        """The configuration this client runs with."""
        return self._config

    @property
    def stats(self) -> CallStats:
        """Cumulative call accounting (a snapshot; use ``.since(earlier)`` for a delta)."""
        return self._stats.snapshot()

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy shared by reads and the safe write retries."""
        return self._retry

    def close(self) -> None:
        """Close HTTP connections (the session stays valid on Intacct's side until it expires)."""
        self._gateway.close()

    def open_session(self) -> SessionInfo:
        """Log in now (getAPISession alone in its request) and return the session."""
        return self._sessions.open_session()

    def call(
        self, functions: Sequence[Function], *, transaction: bool = False, uniqueid: bool = False
    ) -> list[FunctionOutcome]:
        """One request on the session (no retries); re-login once if the session was refused."""
        return self._sessions.call(functions, transaction=transaction, uniqueid=uniqueid)

    # ---- reads ---------------------------------------------------------------------------

    def _read(
        self,
        functions: Sequence[Function],
        attempts: Attempts | None = None,
        *,
        strict: bool = True,
    ) -> list[FunctionOutcome]:
        def once() -> list[FunctionOutcome]:
            outcomes = match_results(functions, self.call(functions))
            for outcome in outcomes:
                if not outcome.ok and (strict or outcome.transient):
                    raise read_failure(outcome)
            return outcomes

        def on_retry(attempt: int, error: IntacctError, wait: float) -> None:
            if attempts is not None:
                attempts.retries += 1
            log.warning(
                "intacct read retry %d after %s: %s (waiting %.2fs)",
                attempt,
                type(error).__name__,
                error.message,
                wait,
            )

        outcomes = self._retry.run(once, retryable=lambda e: e.retry_safe, on_retry=on_retry)
        for function, outcome in zip(functions, outcomes, strict=True):
            if outcome.ok:
                self._stats.billable(function.billable_units())
        return outcomes

    def _read_one(self, function: Function, attempts: Attempts) -> FunctionOutcome:
        logins = self._sessions.logins
        try:
            return self._read([function], attempts)[0]
        finally:
            if self._sessions.logins != logins:
                # A new session while paging counts like a retry: readMore may have lost its
                # result set, and the pager then checks and recovers.
                attempts.retries += 1

    def query(
        self,
        object: str,
        fields: Sequence[str],
        *,
        filter: F.Filter | None = None,
        order_by: Sequence[tuple[str, str]] = (),
        page_size: int = 2000,
        show_private: bool = True,
        case_insensitive: bool = False,
        docparid: str | None = None,
        offset: int = 0,
    ) -> Iterator[Page]:
        """Stream ``query`` pages by offset (pass ``order_by`` for a stable order)."""

        def make(at: int) -> Query:
            return Query(
                object,
                tuple(fields),
                filter=filter,
                order_by=tuple(order_by),
                page_size=page_size,
                offset=at,
                show_private=show_private,
                case_insensitive=case_insensitive,
                docparid=docparid,
            )

        _check_fields(fields)
        make(offset)  # validate arguments now, not at the first next()
        return offset_pages(self._read_one, make, offset)

    def query_modified_since(
        self,
        object: str,
        fields: Sequence[str],
        *,
        since: datetime | None,
        until: datetime | None = None,
        after_recordno: int | None = None,
        filter: F.Filter | None = None,
        page_size: int = 2000,
        show_private: bool = True,
    ) -> Iterator[Page]:
        """Keyset pages ordered by (WHENMODIFIED, RECORDNO); datetimes naive, company time.

        With ``after_recordno`` the read resumes strictly after the record (since, recordno);
        without it, every record with WHENMODIFIED >= since is included.
        """
        if after_recordno is not None and since is None:
            raise ValueError("after_recordno needs since (the WHENMODIFIED of that record).")
        for moment in (since, until):
            if moment is not None and moment.tzinfo is not None:
                raise ValueError("since/until must be naive datetimes in Intacct company time.")
        _check_fields(fields)
        Query(object, (*fields, "RECORDNO"), filter=filter, page_size=page_size)  # check args now
        return keyset_pages(
            self._read_one,
            object=object,
            fields=fields,
            since=since,
            until=until,
            after_recordno=after_recordno,
            base_filter=filter,
            page_size=page_size,
            show_private=show_private,
        )

    def read_by_query(
        self,
        object: str,
        fields: Sequence[str] = ("*",),
        query: str = "",
        *,
        page_size: int = 1000,
        docparid: str | None = None,
    ) -> Iterator[Page]:
        """Stream ``readByQuery`` + ``readMore(resultId)`` pages (quote literals with
        :func:`~integrations.intacct.functions.quote_literal`)."""
        _check_fields(fields)
        first = ReadByQuery(object, tuple(fields), query, page_size, docparid)
        return result_id_pages(self._read_one, first)

    def _read_keys(
        self, kind: type[Read], object: str, keys: Sequence[int | str], fields: Sequence[str]
    ) -> list[Record]:
        if isinstance(keys, str):
            raise TypeError("keys must be a sequence, not one string")
        _check_fields(fields)
        functions: list[Function] = [
            kind(object, tuple(keys[i : i + READ_MAX_KEYS]), tuple(fields))
            for i in range(0, len(keys), READ_MAX_KEYS)
        ]
        records: list[Record] = []
        step = self._config.batch_size
        for i in range(0, len(functions), step):
            for outcome in self._read(functions[i : i + step]):
                records.extend(outcome.records)
        return records

    def read(
        self, object: str, keys: Sequence[int | str], fields: Sequence[str] = ("*",)
    ) -> list[Record]:
        """Records by RECORDNO (chunks of 100 keys, several chunks per request). Missing keys
        are simply absent from the result."""
        return self._read_keys(Read, object, keys, fields)

    def read_by_name(
        self, object: str, names: Sequence[str], fields: Sequence[str] = ("*",)
    ) -> list[Record]:
        """Records by their human ID (e.g. VENDORID), chunked like :meth:`read`."""
        return self._read_keys(ReadByName, object, names, fields)

    def lookup(self, object: str) -> ObjectDefinition:
        """Field definitions and relationships of ``object`` (custom fields included)."""
        outcome = self._read([Lookup(object)])[0]
        if not outcome.records:
            raise ProtocolError(f"lookup of {object} returned no definition.")
        return object_definition(outcome.records[0])

    def user_permissions(self, user_id: str) -> UserPermissions:
        """``user_id``'s rights per application and permission (reads; changes nothing)."""
        outcome = self._read([GetUserPermissions(user_id)])[0]
        return parse_user_permissions(user_id, outcome.data)

    def retrieve_pdfs(
        self, recordnos: Sequence[int], *, docparid: str | None = None
    ) -> dict[int, bytes]:
        """Invoice PDFs by RECORDNO, many retrievepdf functions per request.

        A key whose function fails (e.g. no such invoice) is left out of the dict and logged at
        WARNING; rate limits and outages still raise.
        """
        functions = [RetrievePdf(int(n), docparid=docparid) for n in recordnos]
        pdfs: dict[int, bytes] = {}
        # PDFs are large: fewer per request keeps each answer well under the size limit.
        step = min(self._config.batch_size, self._config.pdf_batch_size)
        for i in range(0, len(functions), step):
            chunk = functions[i : i + step]
            for function, outcome in zip(chunk, self._read(chunk, strict=False), strict=True):
                if outcome.ok and outcome.records:
                    pdfs[function.recordno] = pdf_bytes(outcome.records[0])
                else:
                    log.warning(
                        "intacct retrievepdf %s failed: %s", function.recordno, outcome.status
                    )
        return pdfs

    def supdoc_attachments(self, supdoc_id: str) -> list[Attachment]:
        """The files of one attachment record (``get object="supdoc"``), decoded to bytes."""
        outcome = self._read([GetSupdoc(supdoc_id)])[0]
        return [f for record in outcome.records for f in supdoc_files(record)]

    def supdoc_attachments_many(self, supdoc_ids: Sequence[str]) -> dict[str, list[Attachment]]:
        """The files of several attachment records, many ``get`` functions per request.

        An ID whose function fails (e.g. no such record) is left out of the dict and logged at
        WARNING; rate limits and outages still raise. Files can be large: pass few IDs per call
        so that one answer stays under ``max_response_bytes``.
        """
        if isinstance(supdoc_ids, str):
            raise TypeError("supdoc_ids must be a sequence, not one string")
        functions = [GetSupdoc(str(i)) for i in dict.fromkeys(supdoc_ids)]
        found: dict[str, list[Attachment]] = {}
        # Base64 files make answers as large as PDFs do.
        step = min(self._config.batch_size, self._config.pdf_batch_size)
        for i in range(0, len(functions), step):
            chunk = functions[i : i + step]
            for function, outcome in zip(chunk, self._read(chunk, strict=False), strict=True):
                if outcome.ok:
                    found[function.supdoc_id] = [
                        f for record in outcome.records for f in supdoc_files(record)
                    ]
                else:
                    log.warning(
                        "intacct get supdoc %s failed: %s", function.supdoc_id, outcome.status
                    )
        return found

    # ---- writes --------------------------------------------------------------------------

    def execute(
        self, functions: Sequence[Function], *, transaction: bool = False
    ) -> list[FunctionOutcome]:
        """Run write functions in batches (``uniqueid=true``); one outcome per function, in order.

        ``transaction=True`` sends all functions in one all-or-nothing request. An unknown
        outcome raises :class:`AmbiguousWriteError` and is never resent.
        """
        return self._writes.execute(functions, transaction=transaction)

    def account(self, function: Function, outcome: FunctionOutcome) -> None:
        """Count the billable transactions of a successful function."""
        if outcome.ok:
            self._stats.billable(function.billable_units())


def _check_fields(fields: Sequence[str]) -> None:
    if isinstance(fields, str):
        raise TypeError("fields must be a sequence of field names, not one string.")
