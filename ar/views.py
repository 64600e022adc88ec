"""Downloads of invoice documents (PDFs and attachments) for people who may view invoices."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from ar.documents import invoice_documents_ensure
from ar.models import Invoice, InvoiceDocument

VIEW_INVOICE = "ar.view_invoice"
# A stored type is served only if it looks like a MIME type; anything else is plain bytes.
MIME_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_INVOICE):
        raise PermissionDenied


def _serve(document: InvoiceDocument) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The stored file of this document is missing.") from exc
    # Always a download: an attachment from Intacct may be any type, HTML included.
    content_type = (
        document.content_type
        if MIME_TYPE.match(document.content_type or "")
        else "application/octet-stream"
    )
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=content_type
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
@login_required
def invoice_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """One stored document of an invoice, as a download."""
    _check(request)
    return _serve(get_object_or_404(InvoiceDocument, pk=pk))


@require_POST
@login_required
def invoice_pdf_download(request: HttpRequest, invoice_pk: int) -> HttpResponse:
    """The invoice's PDF, fetched from Intacct first when it has none or the invoice changed.

    A POST (CSRF-checked by the middleware): it may call Intacct and write sync-error rows.
    """
    _check(request)
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
    return _serve(pdf)
