"""What the API keeps of its own: the Idempotency-Key claims of POST requests."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """One POST by one user under one ``Idempotency-Key``.

    The row is claimed (inserted, unique per user and key) before the request runs, so a
    concurrent duplicate finds it and never runs twice; the response is stored when it ends.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
