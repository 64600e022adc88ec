"""Invoice PDFs and attachments over real HTTP against the sandbox."""

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from django.urls import reverse

from ar.documents import documents_fetch, invoice_documents_ensure
from ar.models import Invoice, InvoiceDocument
from integrations.intacct import filters as F
from integrations.intacct.functions import CreateInvoice, CreateSupdoc, SupdocFile
from integrations.intacct.functions.legacy import LegacyFunction
from integrations.models import SyncError, SyncRun
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

OPEN = "STATE IN ('Posted', 'Partially Paid') AND TOTALDUE <> 0"


class UpdateInvoice(LegacyFunction):
    """``update_invoice`` (key = RECORDNO): the client has no builder, tests need one."""

    function_name: ClassVar[str] = "update_invoice"
    order = ("description", "supdocid")

    def __init__(self, *, key: int, controlid: str, **values):
        super().__init__(controlid=controlid, **values)
        self.key = key

    def attributes(self) -> dict[str, str]:
        return {"key": str(self.key)}


def run_sync(conn, stage) -> SyncRun:
    run = sync_start(connection=conn, trigger="command", stage=stage, enqueue=False)
    return sync_run_execute(run=run, follow_up="none")


def stored_bytes(doc: InvoiceDocument) -> bytes:
    with doc.file.open("rb") as handle:
        return handle.read()


def new_open_invoice_with_attachment(sandbox, conn) -> int:
    """A posted invoice whose supdoc holds two files with hostile names; returns its RECORDNO."""
    client = client_for(conn)
    account = next(
        client.query("GLACCOUNT", ["ACCOUNTNO"], filter=F.equal("ACCOUNTTYPE", "incomestatement"))
    ).records[0]
    customer = sandbox.query_rows("SELECT CUSTOMERID FROM customer WHERE STATUS = 'active'")[0]
    outcomes = client.execute(
        [
            CreateSupdoc(
                controlid="docs-sd-1",
                supdocid="ATT-DOCS-1",
                supdocfoldername="Invoices",
                supdocname="Signed order",
                attachments=[
                    SupdocFile("Zoë's scan & <order>", "pdf", b"%PDF-1.4 signed order"),
                    SupdocFile("../../etc/passwd", "html", b"<script>alert(1)</script>"),
                ],
            ),
            CreateInvoice(
                controlid="docs-inv-1",
                customerid=customer["CUSTOMERID"],
                datecreated=date.today(),
                datedue=date.today(),
                invoiceno="INV-DOCS-1",
                supdocid="ATT-DOCS-1",
                invoiceitems=[
                    {
                        "glaccountno": account.text("ACCOUNTNO"),
                        "amount": Decimal("250.00"),
                        "locationid": "US",
                    }
                ],
            ),
        ]
    )
    assert [o.ok for o in outcomes] == [True, True], [o.errors for o in outcomes]
    client.close()
    return sandbox.query_rows("SELECT RECORDNO FROM arinvoice WHERE RECORDID = 'INV-DOCS-1'")[0][
        "RECORDNO"
    ]


def test_import_fetches_documents_of_open_invoices_once_and_again_after_a_change(sandbox, connect):
    conn = connect(sandbox)
    attached = new_open_invoice_with_attachment(sandbox, conn)
    open_rows = sandbox.query_rows(f"SELECT RECORDNO, MODULEKEY FROM arinvoice WHERE {OPEN}")
    assert any(r["MODULEKEY"] == "8.SO" for r in open_rows)
    sandbox.reset_counters()

    run = run_sync(conn, "initial")
    assert run.status == "succeeded", run.message
    pdfs = InvoiceDocument.objects.filter(kind="pdf").select_related("invoice")
    assert {d.invoice.intacct_recordno for d in pdfs} == {r["RECORDNO"] for r in open_rows}
    for doc in pdfs:
        data = stored_bytes(doc)
        assert data.startswith(b"%PDF")
        assert (doc.size, doc.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert doc.content_type == "application/pdf"
        assert doc.name == f"{doc.invoice.number}.pdf"
        assert doc.invoice_modified_at == doc.invoice.intacct_modified_at
    status = sandbox.status()
    assert status["functions"]["retrievepdf"] == len(open_rows)
    # Many retrievepdf functions per request (a request per document type), plus one query
    # for the order-entry invoices' document types.
    per_module = Counter(r["MODULEKEY"] for r in open_rows)
    per_request = client_for(conn).config.pdf_batch_size
    batches = sum(-(-n // per_request) for n in per_module.values())
    assert run.counts["invoice_pdfs"]["requests"] == batches + 1
    assert run.counts["invoice_attachments"]["requests"] == 1
    assert run.counts["invoice_pdfs"]["created"] == len(open_rows)
    assert run.counts["invoice_attachments"]["created"] == 2
    assert run.counts["invoice_pdfs"]["failed"] == 0

    attachments = {
        d.name: d
        for d in InvoiceDocument.objects.filter(kind="attachment").select_related("invoice")
    }
    assert set(attachments) == {"Zoë's scan & <order>.pdf", "../../etc/passwd.html"}
    scan = attachments["Zoë's scan & <order>.pdf"]
    assert scan.invoice.intacct_recordno == attached
    assert stored_bytes(scan) == b"%PDF-1.4 signed order"
    assert scan.content_type == "application/pdf"
    hostile = attachments["../../etc/passwd.html"]
    # The stored file stays inside the invoice's folder whatever Intacct calls it.
    assert ".." not in hostile.file.name.split("/")
    assert hostile.file.name.startswith(f"invoices/{conn.pk}/{hostile.invoice_id}/")

    # Nothing changed: an incremental run fetches no document.
    sandbox.reset_counters()
    again = run_sync(conn, "incremental")
    assert again.status == "succeeded", again.message
    assert "retrievepdf" not in sandbox.status()["functions"]
    assert "invoice_pdfs" not in again.counts

    # The invoice changes in Intacct: only its documents are fetched again.
    client = client_for(conn)
    [outcome] = client.execute(
        [UpdateInvoice(key=attached, controlid="docs-upd-1", description="Changed")]
    )
    assert outcome.ok, outcome.errors
    sandbox.reset_counters()
    third = run_sync(conn, "incremental")
    assert third.status == "succeeded", third.message
    assert sandbox.status()["functions"]["retrievepdf"] == 1
    assert third.counts["invoice_attachments"]["unchanged"] == 2
    invoice = Invoice.objects.get(intacct_recordno=attached)
    assert set(invoice.documents.values_list("invoice_modified_at", flat=True)) == {
        invoice.intacct_modified_at
    }

    # The attachment record is unlinked in Intacct: its files go here too.
    files = [d.file.path for d in invoice.documents.filter(kind="attachment")]
    [outcome] = client.execute([UpdateInvoice(key=attached, controlid="docs-upd-2", supdocid="")])
    assert outcome.ok, outcome.errors
    fourth = run_sync(conn, "incremental")
    assert fourth.status == "succeeded", fourth.message
    assert fourth.counts["invoice_attachments"]["deleted"] == 2
    assert list(invoice.documents.values_list("kind", flat=True)) == ["pdf"]
    assert not any(Path(f).exists() for f in files)


def test_a_failed_fetch_is_the_invoices_error_and_the_run_goes_on(sandbox, connect):
    conn = connect(sandbox)
    open_count = len(sandbox.query_rows(f"SELECT RECORDNO FROM arinvoice WHERE {OPEN}"))
    sandbox.set_faults(http500={"probability": 1, "function": "retrievepdf"})

    run = run_sync(conn, "initial")
    assert run.status == "partially_failed", run.message
    assert run.counts["invoice_lines"]["failed"] == 0
    assert Invoice.objects.count() == open_count
    assert not InvoiceDocument.objects.exists()
    errors = SyncError.objects.filter(step="invoice_documents", status="open")
    assert errors.count() == open_count
    error = errors.first()
    assert (error.object_name, error.direction) == ("ARINVOICE", "pull")
    assert Invoice.objects.filter(intacct_recordno=int(error.record_key)).exists()
    assert run.counts["invoice_pdfs"]["failed"] == open_count

    # Intacct recovers: the next run fetches them and resolves the errors.
    sandbox.clear_faults()
    later = run_sync(conn, "initial")
    assert later.status == "succeeded", later.message
    assert InvoiceDocument.objects.filter(kind="pdf").count() == open_count
    assert not SyncError.objects.filter(step="invoice_documents", status="open").exists()


def test_other_invoices_get_documents_when_first_opened(sandbox, connect, staff_client):
    conn = connect(sandbox)
    assert run_sync(conn, "historical").status == "succeeded"
    paid = Invoice.objects.filter(state="Paid").exclude(supdoc_id="").first()
    assert paid is not None and not paid.documents.exists()
    sandbox.reset_counters()

    # The invoice list links it to the download that fetches it first.
    url = reverse("ar:invoice_pdf", args=[paid.pk])
    listing = staff_client.get(reverse("admin:ar_invoice_changelist"), {"q": paid.number})
    assert f'formaction="{url}" formmethod="post"' in listing.content.decode()
    assert staff_client.get(url).status_code == 405  # a GET never calls Intacct
    response = staff_client.post(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert paid.documents.filter(kind="attachment").exists()
    functions = sandbox.status()["functions"]
    assert (functions["retrievepdf"], functions["get"]) == (1, 1)

    # Opened again: served from storage, nothing asked of Intacct.
    sandbox.reset_counters()
    assert staff_client.post(url).status_code == 200
    assert "retrievepdf" not in sandbox.status()["functions"]

    attachment = paid.documents.get(kind="attachment")
    response = staff_client.get(reverse("ar:invoice_document", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(attachment)


class RecordingClient:
    """The real client over HTTP, noting what each ``retrieve_pdfs`` call asked for."""

    def __init__(self, client):
        self.client = client
        self.pdf_calls = []

    def __getattr__(self, name):
        return getattr(self.client, name)

    def retrieve_pdfs(self, recordnos, *, docparid=None):
        self.pdf_calls.append((list(recordnos), docparid))
        return self.client.retrieve_pdfs(recordnos, docparid=docparid)


def test_order_entry_invoices_print_through_their_sales_document_type(sandbox_server, connect):
    conn = connect(sandbox_server)
    assert run_sync(conn, "initial").status == "succeeded"
    ar_invoice = Invoice.objects.filter(module="4.AR").first()
    so_invoice = Invoice.objects.filter(module="8.SO").first()
    InvoiceDocument.objects.all().delete()
    client = RecordingClient(client_for(conn))

    report = documents_fetch(client=client, connection=conn, invoices=[ar_invoice, so_invoice])
    assert client.pdf_calls == [
        ([ar_invoice.intacct_recordno], None),
        ([so_invoice.intacct_recordno], "Sales Invoice"),
    ]
    assert (report.pdfs.created, report.failures) == (2, {})
    assert so_invoice.documents.get(kind="pdf").name == f"{so_invoice.number}.pdf"

    # A PDF stored under the invoice's former number gives way to the current one.
    old = so_invoice.documents.get(kind="pdf")
    old.name = "SI-FORMER.pdf"
    old.save()
    again = documents_fetch(client=client, connection=conn, invoices=[so_invoice])
    assert (again.pdfs.unchanged, again.pdfs.created, again.pdfs.deleted) == (0, 1, 1)
    assert [d.name for d in so_invoice.documents.all()] == [f"{so_invoice.number}.pdf"]
    assert not Path(old.file.path).exists()


def test_storage_that_refuses_files_fails_the_documents_not_the_import(
    sandbox_server, connect, settings, tmp_path
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    conn = connect(sandbox_server)
    run = run_sync(conn, "initial")
    assert run.status == "partially_failed", run.message
    open_count = len(sandbox_server.query_rows(f"SELECT RECORDNO FROM arinvoice WHERE {OPEN}"))
    assert Invoice.objects.count() == open_count
    assert not InvoiceDocument.objects.exists()
    errors = SyncError.objects.filter(step="invoice_documents", errorno="STORAGE")
    assert errors.count() == open_count
    assert "Could not store" in errors.first().summary


def test_ensure_records_an_error_when_intacct_has_no_such_invoice(sandbox, connect, staff_client):
    conn = connect(sandbox)
    assert run_sync(conn, "initial").status == "succeeded"
    invoice = Invoice.objects.filter(module="4.AR").first()
    invoice.documents.all().delete()
    Invoice.objects.filter(pk=invoice.pk).update(intacct_recordno=987654321)
    invoice.refresh_from_db()

    result = invoice_documents_ensure(invoice=invoice)
    assert result.fetched and result.documents == []
    assert result.errors[0]["errorno"] == "PDF"
    error = SyncError.objects.get(step="invoice_documents", record_key="987654321")
    assert error.local_pk == str(invoice.pk) and error.status == "open"

    response = staff_client.post(reverse("ar:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 502
    assert "could not be fetched from Intacct" in response.content.decode()


def test_downloads_need_the_view_invoice_permission(sandbox, connect, client, django_user_model):
    conn = connect(sandbox)
    assert run_sync(conn, "initial").status == "succeeded"
    doc = InvoiceDocument.objects.filter(kind="pdf").first()
    urls = [
        reverse("ar:invoice_document", args=[doc.pk]),
        reverse("ar:invoice_pdf", args=[doc.invoice_id]),
    ]

    def ask(url):  # the PDF link is a POST (it may call Intacct), downloads are GETs
        return client.post(url) if "/pdf/" in url else client.get(url)

    for url in urls:
        assert ask(url).status_code == 302  # to the sign-in page
    nobody = django_user_model.objects.create_user("nobody", password="pw-for-tests-1")
    nobody.is_staff = True
    nobody.save()
    client.force_login(nobody)
    for url in urls:
        assert ask(url).status_code == 403
    assert client.get(reverse("ar:invoice_document", args=[10**9])).status_code == 403


def test_attachment_records_are_read_several_per_request(sandbox_server, connect):
    conn = connect(sandbox_server)
    ids = [
        r["SUPDOCID"]
        for r in sandbox_server.query_rows(
            "SELECT SUPDOCID FROM arinvoice WHERE SUPDOCID IS NOT NULL ORDER BY RECORDNO LIMIT 4"
        )
    ]
    client = client_for(conn)
    client.open_session()
    before = client.stats.requests
    found = client.supdoc_attachments_many([*ids, "NO-SUCH-SUPDOC", ids[0]])
    assert client.stats.requests - before == 1
    assert list(found) == ids
    for supdoc_id in ids:
        assert found[supdoc_id] == client.supdoc_attachments(supdoc_id)
        assert found[supdoc_id][0].data.startswith(b"%PDF")


def test_an_attachment_record_intacct_does_not_have_fails_only_the_attachments(
    sandbox_server, connect
):
    conn = connect(sandbox_server)
    assert run_sync(conn, "initial").status == "succeeded"
    invoice = Invoice.objects.filter(module="4.AR").first()
    invoice.documents.all().delete()
    invoice.supdoc_id = "NO-SUCH-SUPDOC"
    invoice.save()

    result = invoice_documents_ensure(invoice=invoice)
    assert [d.kind for d in result.documents] == ["pdf"]
    assert result.errors[0]["errorno"] == "ATTACHMENT"
    assert "NO-SUCH-SUPDOC" in result.errors[0]["description"]
    assert SyncError.objects.filter(step="invoice_documents", errorno="ATTACHMENT").count() == 1

    # The failed part is tried again the next time the invoice is opened; fixed, it resolves.
    invoice.supdoc_id = ""
    invoice.save()
    again = invoice_documents_ensure(invoice=invoice)
    assert again.fetched and again.errors == []
    assert not SyncError.objects.filter(step="invoice_documents", status="open").exists()
    assert not invoice_documents_ensure(invoice=invoice).fetched


def test_imports_can_leave_documents_for_later(sandbox_server, connect, settings, staff_client):
    settings.AR_IMPORT_DOCUMENTS = False
    conn = connect(sandbox_server)
    run = run_sync(conn, "initial")
    assert run.status == "succeeded", run.message
    assert "invoice_pdfs" not in run.counts
    assert Invoice.objects.exists() and not InvoiceDocument.objects.exists()
    invoice = Invoice.objects.first()
    response = staff_client.post(reverse("ar:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert invoice.documents.filter(kind="pdf").exists()
