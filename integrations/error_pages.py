"""403 and 404 pages inside the admin's look, with a way back instead of a dead end."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def _render(request: HttpRequest, *, status: int, title: str, message: str) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": title,
        "message": message,
        "status_code": status,
    }
    response = TemplateResponse(request, "admin/error_page.html", context, status=status)
    return response.render()


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(
        request,
        status=403,
        title="You may not open this page",
        message=(
            "Your role does not include this page. If your work needs it, ask an administrator "
            "to give you the permission."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(
        request,
        status=404,
        title="Page not found",
        message=(
            "Nothing is here: the address is wrong, or the record was removed (for instance "
            "deleted in Intacct and then by a sync)."
        ),
    )
