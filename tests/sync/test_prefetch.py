"""Reading ahead: pages on a worker thread while the current one is applied, side fetches
stored between pages, and a throttle in which side fetches yield to the pages."""

import dataclasses
import threading

import pytest

from ar.models import InvoiceDocument
from ar.sync import INVOICES, PAYMENT_TERMS
from integrations.intacct import background_priority
from integrations.intacct.throttle import CompanyThrottle
from integrations.master_data.steps import CONTACTS
from integrations.models import Contact, SyncRun
from integrations.sync import runner
from integrations.sync.context import RunContext
from integrations.sync.prefetch import BackgroundFetches, Prefetch
from integrations.sync.pull import pull_step
from integrations.sync.registry import StepRegistry
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, row

# Generous: only reached when the behaviour under test is missing.
PATIENCE = 30


class Boom(Exception):
    pass


def test_prefetch_reads_ahead_of_the_consumer_and_stops_when_closed():
    produced: list[int] = []
    second_read = threading.Event()

    def source():
        for n in range(1, 100):
            produced.append(n)
            if n == 2:
                second_read.set()
            yield n

    pages = Prefetch(source(), depth=1).start()
    assert next(pages) == 1
    # Item 2 is read while the consumer still holds item 1.
    assert second_read.wait(PATIENCE)
    pages.close()
    # Bounded: a page waiting in the queue and at most one more being read.
    assert len(produced) <= 4
    assert list(pages) == []


def test_prefetch_raises_the_source_error_on_the_consumer_thread_in_order():
    def source():
        yield "a"
        raise Boom("page 2 failed")

    with Prefetch(source()) as pages:
        assert next(pages) == "a"
        with pytest.raises(Boom, match="page 2 failed"):
            next(pages)


def test_background_fetches_store_in_order_on_the_caller_thread_with_a_bounded_window():
    caller = threading.get_ident()
    release = threading.Event()
    prepared: list[int] = []
    stored: list[tuple[int, str, bool]] = []
    fetch_threads: set[int] = set()

    def job(n):
        def prepare():
            prepared.append(n)

            def fetch():
                fetch_threads.add(threading.get_ident())
                release.wait(PATIENCE)
                return f"doc{n}"

            def store(result):
                stored.append((n, result, threading.get_ident() == caller))

            return fetch, store

        return prepare

    work = BackgroundFetches(limit=2)
    try:
        for n in range(5):
            work.submit(job(n))
        # Only as many jobs start as the window allows; the rest wait unprepared.
        assert prepared == [0, 1]
        work.drain()  # nothing has finished: returns at once
        assert stored == []
        release.set()
        work.drain(wait=True)
    finally:
        work.close()
    assert stored == [(n, f"doc{n}", True) for n in range(5)]
    assert caller not in fetch_threads


def test_background_fetch_errors_surface_at_the_drain():
    def job():
        def fetch():
            raise Boom("no documents")

        return fetch, lambda result: None

    work = BackgroundFetches()
    try:
        work.submit(job)
        with pytest.raises(Boom):
            work.drain(wait=True)
    finally:
        work.close()


def test_requests_at_background_priority_wait_while_a_page_request_waits():
    throttle = CompanyThrottle(max_in_flight=1, max_per_second=1000)
    order: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    def holder():
        with throttle.slot():
            holding.set()
            release.wait(PATIENCE)

    def request(name, background):
        def go():
            if background:
                with background_priority(), throttle.slot():
                    order.append(name)
            else:
                with throttle.slot():
                    order.append(name)

        return threading.Thread(target=go)

    first = threading.Thread(target=holder)
    first.start()
    assert holding.wait(PATIENCE)
    side = request("document", background=True)
    side.start()
    # Wait until the side request is queued, then let a page request queue behind it.
    while not throttle.waiting_background:
        threading.Event().wait(0.001)
    page = request("page", background=False)
    page.start()
    while not throttle.waiting:
        threading.Event().wait(0.001)
    release.set()
    for thread in (first, side, page):
        thread.join(PATIENCE)
    assert order == ["page", "document"]


def contact(no, modified, name):
    return row(no, modified, CONTACTNAME=name, PRINTAS=name, STATUS="active")


class SignallingClient(FakeClient):
    """Sets an event when a page of ``object`` is about to be served (n-th page, 1-based)."""

    def __init__(self, *, watch: tuple[str, int], **kwargs):
        super().__init__(**kwargs)
        self.watch = watch
        self.served = threading.Event()

    def query_modified_since(self, obj, fields, **kwargs):
        for n, page in enumerate(super().query_modified_since(obj, fields, **kwargs), start=1):
            if (obj, n) == self.watch:
                self.served.set()
            yield page


@pytest.mark.django_db
def test_the_next_page_is_fetched_while_the_current_one_is_applied():
    conn = IntacctConnectionFactory()
    run = SyncRun.objects.create(connection=conn, trigger="command", stage="initial")
    client = SignallingClient(
        watch=("CONTACT", 2),
        rows={"CONTACT": [contact(n, f"01/01/2025 09:0{n}:00", f"C{n}") for n in range(1, 5)]},
    )
    seen_during_first_page: list[bool] = []

    def hook(ctx, recordnos):
        # Page 2 is not asked for by this loop before the hook of page 1 returns.
        if recordnos[0] == 1:
            seen_during_first_page.append(client.served.wait(PATIENCE))

    step = dataclasses.replace(CONTACTS, after_page=hook)
    ctx = RunContext(run=run, connection=conn, client=client, stage="initial", page_size=2)
    try:
        counts = pull_step(ctx, step)
    finally:
        ctx.close()
    assert seen_during_first_page == [True]
    assert counts.created == 4
    assert Contact.objects.filter(connection=conn).count() == 4


@pytest.mark.django_db
def test_the_next_step_is_read_while_the_step_before_is_applied(monkeypatch):
    conn = IntacctConnectionFactory()
    client = SignallingClient(
        watch=("CONTACT", 1),
        rows={
            "ARTERM": [row(1, "01/01/2025 09:00:00", NAME="Net 30", STATUS="active")],
            "CONTACT": [contact(1, "01/01/2025 09:00:00", "C1")],
        },
    )
    waited: list[bool] = []

    def hook(ctx, recordnos):
        waited.append(client.served.wait(PATIENCE))

    steps = StepRegistry()
    steps.register(dataclasses.replace(PAYMENT_TERMS, after_page=hook))
    steps.register(CONTACTS)
    monkeypatch.setattr(runner, "registry", steps)
    run = SyncRun.objects.create(
        connection=conn, trigger="command", stage="initial", status="running"
    )
    run = runner.execute(run, client=client)
    assert run.status == "succeeded", run.message
    assert waited == [True]
    assert Contact.objects.filter(connection=conn).count() == 1


class DocumentsClient(FakeClient):
    """Serves invoices, and PDFs only once the pull has applied its second page."""

    def __init__(self, *, second_page_applied: threading.Event, **kwargs):
        super().__init__(**kwargs)
        self.second_page_applied = second_page_applied
        self.pdfs_waited: list[bool] = []

    def retrieve_pdfs(self, recordnos, *, docparid=None):
        self._tick("retrievepdf")
        self.pdfs_waited.append(self.second_page_applied.wait(PATIENCE))
        return {int(n): b"%PDF-1.4 test" for n in recordnos}

    def supdoc_attachments_many(self, supdoc_ids):
        return {}


@pytest.mark.django_db
def test_invoice_documents_do_not_hold_the_pages_back(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.AR_IMPORT_DOCUMENTS = True
    settings.SYNC_PAGE_SIZE = 1
    conn = IntacctConnectionFactory()
    second_page_applied = threading.Event()
    invoice = {"RECORDID": "", "STATE": "Posted", "MODULEKEY": "4.AR", "TOTALDUE": "10.00"}
    client = DocumentsClient(
        second_page_applied=second_page_applied,
        rows={
            "ARINVOICE": [
                row(n, f"01/01/2025 09:0{n}:00", **{**invoice, "RECORDID": f"INV-{n}"})
                for n in (1, 2)
            ]
        },
    )

    def progress(run):
        if run.progress.get("step") == "invoices" and run.progress.get("page") == 2:
            second_page_applied.set()

    steps = StepRegistry()
    steps.register(dataclasses.replace(INVOICES, depends_on=()))
    run = SyncRun.objects.create(
        connection=conn, trigger="command", stage="initial", status="running"
    )
    monkeypatch.setattr(runner, "registry", steps)
    # Page 1's documents are fetched while page 2 is applied, not before it.
    run = runner.execute(run, client=client, on_progress=progress)
    assert run.status == "succeeded", run.message
    assert client.pdfs_waited and all(client.pdfs_waited)
    assert run.counts["invoice_pdfs"]["created"] == 2
    assert InvoiceDocument.objects.filter(invoice__connection=conn, kind="pdf").count() == 2
