"""``Idempotency-Key`` on POST: the same key and body return the first response.

The key is claimed by inserting a row that is unique per user and key, in its own committed
transaction, before the request runs: a concurrent duplicate fails that insert and is told
the first is still in progress (409), so the request never runs twice. The response is
stored when the request ends (a 5xx releases the key so the client may try again). The same
key with a different body (or another endpoint) is a 409.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import IdempotencyKey
from api.problems import PROBLEM_CONTENT_TYPE, Conflict

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class IdempotentReplay(Exception):
    """The stored first response of this key, to be sent again."""

    def __init__(self, row: IdempotencyKey) -> None:
        super().__init__(row.key)
        self.row = row


def request_fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    raw = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(raw.encode()).hexdigest()


def idempotency_claim(*, request: Request) -> IdempotencyKey | None:
    """Claim the request's key (None without one); raise IdempotentReplay or Conflict."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError(
            {HEADER: [f"Give 1 to {MAX_KEY_LENGTH} printable characters."]}
        )
    user = request.user
    if not isinstance(user, AbstractBaseUser):  # the views' permissions let no one else in
        raise exceptions.NotAuthenticated()
    fingerprint = request_fingerprint(request)
    expired = timezone.now() - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user,
                key=key,
                request_hash=fingerprint,
                method=request.method or "",
                path=request.path[:500],
            )
    except IntegrityError:
        pass
    first = IdempotencyKey.objects.filter(user=user, key=key).first()
    if first is None:  # released (a 5xx) between our insert and this read: try again later
        raise Conflict("A request with this Idempotency-Key has just failed; send it again.")
    if first.request_hash != fingerprint:
        raise Conflict(
            "This Idempotency-Key was used for a different request; use a new key.",
            code="idempotency_key_reused",
        )
    if first.completed_at is None:
        raise Conflict(
            "A request with this Idempotency-Key is still in progress; retry later.",
            code="idempotency_in_progress",
        )
    raise IdempotentReplay(first)


def idempotency_complete(*, claim: IdempotencyKey, response: Response) -> None:
    """Store the response of a claimed request (a server error releases the key instead)."""
    if response.status_code >= 500:
        claim.delete()
        return
    data = response.data
    body = json.loads(JSONRenderer().render(data)) if data is not None else None
    IdempotencyKey.objects.filter(pk=claim.pk).update(
        status_code=response.status_code, response_body=body, completed_at=timezone.now()
    )


def replay_response(row: IdempotencyKey) -> Response:
    status = row.status_code or 200
    response = Response(
        row.response_body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE if status >= 400 else None,
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotentPostMixin(APIView):
    """For API views: every POST honours Idempotency-Key (after authentication and checks)."""

    _idempotency_claim: IdempotencyKey | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self._idempotency_claim = None
        if request.method == "POST":
            self._idempotency_claim = idempotency_claim(request=request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, IdempotentReplay):
            return replay_response(exc.row)
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        claim = self._idempotency_claim
        if claim is not None:
            self._idempotency_claim = None
            idempotency_complete(claim=claim, response=response)
        return response
