"""Serving stored invoice documents (PDFs and attachments) to users who may view invoices."""

import re

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest

from ar.models import InvoiceDocument

# A stored type is served only if it looks like a MIME type; anything else is plain bytes.
MIME_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")


def invoice_document_download(
    request: HttpRequest, invoice_id: int, document_id: int
) -> FileResponse:
    """The document's file as an attachment; 403 without ``ar.view_invoice``, 404 if gone."""
    if not request.user.has_perm("ar.view_invoice"):
        raise PermissionDenied
    document = (
        InvoiceDocument.objects.filter(pk=document_id, invoice_id=invoice_id)
        .only("name", "content_type", "file")
        .first()
    )
    if document is None or not document.file:
        raise Http404("No such document for this invoice.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing from storage.") from None
    content_type = (
        document.content_type
        if MIME_TYPE.match(document.content_type or "")
        else "application/octet-stream"
    )
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=content_type
    )
    # Attachments from Intacct can be any type, HTML included: never let one run as a page.
    response["Content-Security-Policy"] = "sandbox"
    return response
