"""The one place that writes what Intacct last said of a connection's credentials."""

from django.utils import timezone

from integrations.models import IntacctConnection

MESSAGE_LIMIT = 2000


def credentials_status_record(
    *, connection: IntacctConnection, ok: bool | None, message: str = ""
) -> None:
    """Record a sign-in outcome: ``ok`` True or False sets the status, None keeps it.

    The connection object passed in is updated too, so callers see what was written.
    """
    status = connection.credentials_status if ok is None else ("ok" if ok else "bad")
    now = timezone.now()
    IntacctConnection.objects.filter(pk=connection.pk).update(
        credentials_status=status,
        credentials_message=message[:MESSAGE_LIMIT],
        credentials_checked_at=now,
    )
    connection.credentials_status = status
    connection.credentials_message = message[:MESSAGE_LIMIT]
    connection.credentials_checked_at = now
