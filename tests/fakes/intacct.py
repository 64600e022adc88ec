"""A fake Intacct client for unit tests of the engine layer only (integration tests use HTTP).

It serves pages from in-memory rows ordered by (WHENMODIFIED, RECORDNO) and honours ``since``;
filters are not evaluated here (the sandbox tests cover them). Like Intacct, a page carries
only the fields that were selected, so a mapper reading a field its select list lacks gets
nothing and a test notices.
"""

from dataclasses import dataclass, field
from datetime import datetime

from integrations.intacct.errors import AmbiguousWriteError
from integrations.intacct.records import Record
from integrations.intacct.results import FunctionOutcome, Page

FMT = "%m/%d/%Y %H:%M:%S"


@dataclass
class FakeStats:
    requests: int = 0
    functions: int = 0
    billable_transactions: int = 0
    by_function: dict[str, int] = field(default_factory=dict)


@dataclass
class FakeClient:
    rows: dict[str, list[dict]] = field(default_factory=dict)
    stats: FakeStats = field(default_factory=FakeStats)
    fail_with: Exception | None = None
    # Queries of these objects raise the error given (the others are served).
    fail_objects: dict[str, Exception] = field(default_factory=dict)
    ambiguous_after: int | None = None
    executed: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    selects: list = field(default_factory=list)

    def _tick(self, name: str) -> None:
        self.stats.requests += 1
        self.stats.functions += 1
        self.stats.by_function[name] = self.stats.by_function.get(name, 0) + 1

    def query_modified_since(self, obj, fields, *, since=None, filter=None, page_size=2000, **kw):
        self.queries.append((obj, since, filter))
        self.selects.append((obj, list(fields)))
        selected = list(dict.fromkeys(fields))
        if self.fail_with is not None:
            raise self.fail_with
        if obj in self.fail_objects:
            self._tick("query")
            raise self.fail_objects[obj]
        rows = sorted(
            self.rows.get(obj, []),
            key=lambda r: (datetime.strptime(r["WHENMODIFIED"], FMT), int(r["RECORDNO"])),
        )
        if since is not None:
            rows = [r for r in rows if datetime.strptime(r["WHENMODIFIED"], FMT) >= since]
        if not rows:
            self._tick("query")
            yield Page(records=[], count=0, total_count=0, num_remaining=0, offset=0)
            return
        for start in range(0, len(rows), page_size):
            self._tick("query")
            chunk = rows[start : start + page_size]
            yield Page(
                records=[Record({k: r.get(k) for k in selected}) for r in chunk],
                count=len(chunk),
                total_count=len(rows),
                num_remaining=max(0, len(rows) - start - len(chunk)),
                offset=start,
            )

    def query(self, obj, fields, *, filter=None, order_by=(), page_size=2000, **kw):
        yield from self.query_modified_since(obj, fields, filter=filter, page_size=page_size)

    def execute(self, functions, *, transaction=False):
        outcomes = []
        for i, fn in enumerate(functions):
            if self.ambiguous_after is not None and i >= self.ambiguous_after:
                self.executed.extend(functions[i:])  # they "landed" but the answer was lost
                raise AmbiguousWriteError(
                    "connection dropped",
                    controlids=[f.controlid for f in functions[i:]],
                    completed=outcomes,
                )
            self.executed.append(fn)
            outcomes.append(fn.outcome())
        return outcomes

    def open_session(self):
        self._tick("getAPISession")

    def close(self):
        pass


@dataclass
class FakeWrite:
    controlid: str
    name: str
    status: str = "success"
    recordno: int = 0
    errors: list = field(default_factory=list)

    def outcome(self) -> FunctionOutcome:
        return FunctionOutcome(
            controlid=self.controlid,
            function="create",
            status=self.status,
            key=None,
            records=[Record({"RECORDNO": str(self.recordno), "CONTACTNAME": self.name})]
            if self.status == "success"
            else [],
            errors=self.errors,
        )


def row(recordno: int, modified: str, **fields) -> dict:
    return {"RECORDNO": str(recordno), "WHENMODIFIED": modified, **fields}
