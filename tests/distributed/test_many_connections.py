"""Six companies syncing at once through two clusters over Redis and PostgreSQL."""

from itertools import combinations, pairwise

import pytest
from django_q.models import Task
from django_q.tasks import async_task

from ar.models import Customer, PaymentTerm
from integrations.models import Contact, IntacctConnection, Subsidiary, SyncRun
from tests.distributed.conftest import Cluster
from tests.sync.test_engine_http import sandbox_active
from tests.sync.workers import wait_for

pytestmark = [pytest.mark.distributed, pytest.mark.django_db(transaction=True)]

OBJECTS = ["subsidiaries", "payment_terms", "contacts", "customers"]
LOCAL = {
    "locationentity": Subsidiary,
    "arterm": PaymentTerm,
    "contact": Contact,
    "customer": Customer,
}


def assert_holds_the_sandboxs_records(sandbox, conn: IntacctConnection) -> None:
    for table, model in LOCAL.items():
        local = list(model.objects.filter(connection=conn).values_list("intacct_recordno"))
        keys = [key for (key,) in local]
        assert len(keys) == len(set(keys)), (conn.name, table, "duplicates")
        assert set(keys) == set(sandbox_active(sandbox, table)), (conn.name, table)


def start_round(conns: list[IntacctConnection], starts_each: int) -> list[str]:
    """Enqueue ``starts_each`` sync starts per connection; the clusters' workers run them."""
    return [
        async_task("tests.distributed.tasks.start_sync", conn.pk, "historical", OBJECTS)
        for _ in range(starts_each)
        for conn in conns
    ]


def round_done(task_ids: list[str]) -> bool:
    return (
        Task.objects.filter(id__in=task_ids).count() == len(task_ids)
        and not SyncRun.objects.filter(status__in=SyncRun.ACTIVE).exists()
    )


def test_six_connections_sync_at_once_through_two_clusters(
    make_sandbox, connect, clusters, settings
):
    sandboxes = [
        make_sandbox(seed=20 + n, latency_ms=40, company_id=f"COMPANY-{n + 1}") for n in range(6)
    ]
    conns = [connect(sb, name=f"Company {n + 1}") for n, sb in enumerate(sandboxes)]
    settings.INTACCT_ENDPOINT_ALLOWLIST = [sb.base_url.rstrip("/") + "/" for sb in sandboxes]
    machines: list[Cluster] = clusters(2, SYNC_PAGE_SIZE="10")

    results: list[str] = []
    for _ in range(2):  # each round starts every connection twice at once
        task_ids = start_round(conns, starts_each=2)
        wait_for(
            lambda ids=task_ids: round_done(ids),
            timeout=900,
            interval=1,
            what="every sync start and run of the round",
        )
        tasks = Task.objects.filter(id__in=task_ids)
        assert all(t.success for t in tasks), [t.result for t in tasks if not t.success]
        results += [str(t.result) for t in tasks]

    runs = list(SyncRun.objects.order_by("started_at"))
    logs = "\n".join(m.output()[-2000:] for m in machines)
    assert [r.status for r in runs] == ["succeeded"] * len(runs), (
        [(r.pk, r.status, r.message) for r in runs],
        logs,
    )
    # Every start either queued a run or was refused because the connection had one.
    assert len(results) == 24
    assert sum(r.startswith("queued") for r in results) == len(runs)
    assert all(r.startswith(("queued", "refused")) for r in results), results

    for conn, sandbox in zip(conns, sandboxes, strict=True):
        own = [r for r in runs if r.connection_id == conn.pk]
        assert len(own) >= 2  # a run per round at least
        # At most one run of a connection at any moment.
        for before, after in pairwise(own):
            assert before.finished_at <= after.started_at, (conn.name, before.pk, after.pk)
        assert_holds_the_sandboxs_records(sandbox, conn)

    # Runs of different connections ran at the same time...
    overlapping = [
        (a.pk, b.pk)
        for a, b in combinations(runs, 2)
        if a.connection_id != b.connection_id
        and a.started_at < b.finished_at
        and b.started_at < a.finished_at
    ]
    assert overlapping
    # ...and both machines ran syncs.
    assert {r.worker.rsplit(":", 1)[0] for r in runs} == {m.host for m in machines}
