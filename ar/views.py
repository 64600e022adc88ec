"""Downloads of invoice documents (PDFs and attachments) for people who may view invoices."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from ar.documents import invoice_documents_ensure
from ar.models import Invoice, InvoiceDocument
from integrations.documents.views import document_download, document_response, require_permission

VIEW_INVOICE = "ar.view_invoice"


@require_GET
@login_required
def invoice_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """One stored document of an invoice, as a download."""
    return document_download(request, model=InvoiceDocument, pk=pk, permission=VIEW_INVOICE)


@require_POST
@login_required
def invoice_pdf_download(request: HttpRequest, invoice_pk: int) -> HttpResponse:
    """The invoice's PDF, fetched from Intacct first when it has none or the invoice changed.

    A POST (CSRF-checked by the middleware): it may call Intacct and write sync-error rows.
    """
    require_permission(request, VIEW_INVOICE)
    invoice = get_object_or_404(Invoice.objects.select_related("connection"), pk=invoice_pk)
    result = invoice_documents_ensure(invoice=invoice)
    pdf = next((d for d in result.documents if d.kind == InvoiceDocument.Kind.PDF), None)
    if pdf is None:
        reason = result.errors[0].get("description", "") if result.errors else ""
        return HttpResponse(
            f"The PDF of invoice {invoice} could not be fetched from Intacct. {reason} "
            "See Sync errors for details.",
            status=502,
            content_type="text/plain; charset=utf-8",
        )
    return document_response(pdf)
