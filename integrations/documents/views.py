"""Serving stored record documents as downloads, for people who may view their records."""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

# A stored type is served only if it looks like a MIME type; anything else is plain bytes.
MIME_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")


def require_permission(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def document_response(document: Model) -> FileResponse:
    """The document as a download (never rendered inline: an attachment may be any type)."""
    try:
        handle = document.file.open("rb")  # type: ignore[attr-defined]
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The stored file of this document is missing.") from exc
    stored_type = getattr(document, "content_type", "") or ""
    content_type = stored_type if MIME_TYPE.match(stored_type) else "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=getattr(document, "name", ""),
        content_type=content_type,
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


def document_download(
    request: HttpRequest, *, model: type[Model], pk: int, permission: str
) -> FileResponse:
    """One stored document of ``model``, for users who hold ``permission`` on its records."""
    require_permission(request, permission)
    return document_response(get_object_or_404(model, pk=pk))
