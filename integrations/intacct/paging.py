"""Streaming page iterators: offset ``query``, keyset ``query`` and ``readByQuery``/``readMore``.

Each iterator holds one page at a time, stops exactly when ``numremaining`` is 0 (no extra
call) and yields only non-empty pages. ``run`` executes one read function (with the client's
retries) and returns its successful outcome; ``attempts`` counts the retries it needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from . import filters as F
from .errors import FunctionError, ProtocolError
from .functions import Function, Query, ReadByQuery, ReadMore, new_controlid
from .records import format_datetime
from .results import FunctionOutcome, Page

KEYSET_ORDER = (("WHENMODIFIED", "ascending"), ("RECORDNO", "ascending"))
MAX_RESUMES = 3


@dataclass
class Attempts:
    """How many retries the last call needed (set by the client's retry hook)."""

    retries: int = 0


Run = Callable[[Function, Attempts], FunctionOutcome]


def page_of(outcome: FunctionOutcome) -> Page:
    """A :class:`Page` from a paged read outcome (``numremaining`` is required)."""
    if outcome.num_remaining is None:
        raise ProtocolError(f"{outcome.function} result has no numremaining.", retry_safe=True)
    return Page(
        records=outcome.records,
        count=outcome.count if outcome.count is not None else len(outcome.records),
        total_count=outcome.total_count,
        num_remaining=outcome.num_remaining,
        offset=outcome.offset,
        result_id=outcome.result_id,
    )


def _stalled(page: Page) -> ProtocolError:
    return ProtocolError(
        f"Page with no records but numremaining={page.num_remaining}; stopping to avoid a loop."
    )


def offset_pages(run: Run, make: Callable[[int], Query], start: int = 0) -> Iterator[Page]:
    """``query`` pages by offset (the offset lives inside ``<query>``)."""
    offset = start
    while True:
        page = page_of(run(make(offset), Attempts()))
        if page.records:
            yield page
        if page.num_remaining == 0:
            return
        if page.count == 0:
            raise _stalled(page)
        offset += page.count


def keyset_pages(
    run: Run,
    *,
    object: str,
    fields: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    after_recordno: int | None,
    base_filter: F.Filter | None,
    page_size: int,
    show_private: bool,
) -> Iterator[Page]:
    """``query`` pages ordered by WHENMODIFIED, RECORDNO; each page starts after the last row."""
    if after_recordno is not None and since is None:
        raise ValueError("after_recordno needs since (the WHENMODIFIED of that record).")
    select = list(fields)
    for needed in ("WHENMODIFIED", "RECORDNO"):
        if needed not in select:
            select.append(needed)
    upper = F.less_than_or_equal("WHENMODIFIED", until) if until is not None else None
    last_wm = format_datetime(since) if since is not None else None
    last_no = after_recordno
    while True:
        cursor: F.Filter | None = None
        if last_wm is not None and last_no is None:
            cursor = F.greater_than_or_equal("WHENMODIFIED", last_wm)
        elif last_wm is not None and last_no is not None:
            cursor = F.or_(
                F.greater_than("WHENMODIFIED", last_wm),
                F.and_(F.equal("WHENMODIFIED", last_wm), F.greater_than("RECORDNO", last_no)),
            )
        parts = [p for p in (base_filter, cursor, upper) if p is not None]
        query = Query(
            object,
            select,
            filter=F.and_(*parts) if parts else None,
            order_by=KEYSET_ORDER,
            page_size=page_size,
            offset=0,
            show_private=show_private,
        )
        page = page_of(run(query, Attempts()))
        if page.records:
            yield page
        if page.num_remaining == 0:
            return
        if not page.records:
            raise _stalled(page)
        last = page.records[-1]
        last_wm, last_no = last.text("WHENMODIFIED"), last.int("RECORDNO")
        if last_wm is None or last_no is None:
            raise ProtocolError("Keyset paging needs WHENMODIFIED and RECORDNO on every row.")


def result_id_pages(
    run: Run,
    first: ReadByQuery,
    *,
    skip: int = 0,
    expect_total: int | None = None,
    resumes: int = 0,
) -> Iterator[Page]:
    """``readByQuery`` then ``readMore(resultId)`` until ``numremaining`` is 0.

    readMore moves a server-side cursor, so a retried readMore whose first attempt did run
    would silently skip a page. After a retry the page arithmetic (delivered + count +
    numremaining = totalcount) is checked; if a page went missing, the query is run again and
    the rows already delivered are skipped, provided the total is unchanged.
    """
    outcome = run(first, Attempts())
    page = page_of(outcome)
    total = page.total_count
    if expect_total is not None and total != expect_total:
        raise ProtocolError(
            "The result set changed while recovering a lost readMore page; restart the read."
        )
    seen = 0  # rows of this result set read so far, skipped ones included
    while True:
        rows = page.records
        if skip > seen:
            rows = rows[min(len(rows), skip - seen) :]
        seen += page.count
        if rows:
            yield replace(page, records=rows, count=len(rows))
        if page.num_remaining == 0:
            return
        if page.count == 0:
            raise _stalled(page)
        if not page.result_id:
            raise ProtocolError("readByQuery page has numremaining > 0 but no resultId.")
        attempts = Attempts()
        following: FunctionOutcome | None
        try:
            following = run(ReadMore(page.result_id), attempts)
        except FunctionError:
            if attempts.retries == 0:
                raise
            following = None  # the retried readMore ran out of its result set: a page was lost
        if following is None or (
            attempts.retries > 0
            and total is not None
            and seen + (following.count or 0) + (following.num_remaining or 0) != total
        ):
            if resumes >= MAX_RESUMES:
                raise ProtocolError("readMore pages kept getting lost; giving up.")
            yield from result_id_pages(
                run,
                replace(first, controlid=new_controlid()),
                skip=max(skip, seen),
                expect_total=total,
                resumes=resumes + 1,
            )
            return
        page = page_of(following)
