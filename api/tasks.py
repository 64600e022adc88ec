"""django-q2 task entry points of the API (thin: they call services)."""

from api.housekeeping import idempotency_keys_purge


def purge_idempotency_keys() -> str:
    """The hourly purge of Idempotency-Keys past their retention."""
    return f"{idempotency_keys_purge()} idempotency key(s) purged"
