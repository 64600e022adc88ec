"""RFC 9457 problem details for every error the API answers with.

Typed errors of the domain (a run already active, an unknown import, ...) are raised by the
services; :func:`problem_exception_handler` maps them, DRF's own exceptions (parse errors,
415, 405, throttling) and anything unexpected to one JSON shape. Nothing unexpected ever
shows a traceback: it is logged and answered as a bare 500.
"""

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Conflict(exceptions.APIException):
    """The request is valid but the current state refuses it (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    """Understood but refused for its content (422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request could not be processed."
    default_code = "unprocessable"


def problem(
    status_code: int,
    *,
    detail: str = "",
    code: str = "",
    instance: str = "",
    errors: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The problem document: ``type`` is about:blank, so ``title`` is the status phrase."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail or HTTPStatus(status_code).description,
    }
    if code:
        body["code"] = code
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = dict(errors)
    return body


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"field.sub.0": [messages]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(data, list) and data and all(not isinstance(v, list | Mapping) for v in data):
        out[prefix or "non_field_errors"] = [str(v) for v in data]
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "non_field_errors"] = [str(data)]
    return out


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        if isinstance(exc, Http404 | DjangoPermissionDenied):  # pragma: no cover - DRF maps
            raise exc
        log.exception("Unexpected error in the API at %s", instance)
        return Response(
            problem(
                500, detail="An unexpected error occurred; it has been logged.", instance=instance
            ),
            status=500,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    code = ""
    errors = None
    detail = ""
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        errors = _flatten(exc.detail)
        detail = "The request has invalid fields; see errors."
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else ""
        detail = str(exc.detail) if not isinstance(exc.detail, list | dict) else ""
    elif isinstance(exc, Http404):
        code, detail = "not_found", "Not found."
    elif isinstance(exc, DjangoPermissionDenied):
        code, detail = "permission_denied", "You do not have permission to do this."
    response.data = problem(
        response.status_code, detail=detail, code=code, instance=instance, errors=errors
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


@csrf_exempt  # it changes nothing; a POST to a wrong path is a 404, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under /api/ that names no endpoint."""
    return JsonResponse(
        problem(
            404, detail="No API endpoint at this path.", code="not_found", instance=request.path
        ),
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )
