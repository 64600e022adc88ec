"""Shared in-flight request slots for the Intacct client, from the settings.

With ``REDIS_URL`` set the slots live in Redis (:class:`~integrations.intacct.RedisSlots`);
otherwise in the database: ``max_in_flight`` rows per company in ``RequestSlot``, taken with a
conditional UPDATE (a row whose lease is empty or expired), after ``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL so that workers never queue on each other's row locks. SQLite runs on
one machine and its (immediate) transactions serialise writers, which is all this needs.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from integrations.intacct import RedisSlots, SharedSlots, SlotStoreError
from integrations.models import RequestSlot

_redis: dict[str, RedisSlots] = {}
_lock = threading.Lock()


class DatabaseSlots:
    """:class:`~integrations.intacct.SharedSlots` in the ``RequestSlot`` table."""

    def try_acquire(self, company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        """Take the first free (or expired) slot of the company's ``limit``."""
        try:
            if self._take(company, limit, lease_id, lease_seconds):
                return True
            # All taken, or the company's rows do not exist yet (first request, a flushed table).
            rows = RequestSlot.objects.filter(company=company, slot__lt=limit)
            if rows.count() >= limit:
                return False
            RequestSlot.objects.bulk_create(
                [RequestSlot(company=company, slot=n) for n in range(limit)],
                ignore_conflicts=True,
            )
            return self._take(company, limit, lease_id, lease_seconds)
        except DatabaseError as exc:
            raise SlotStoreError(f"The database refused a shared request slot: {exc}") from exc

    @staticmethod
    def _take(company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        now = timezone.now()
        free = RequestSlot.objects.filter(company=company, slot__lt=limit).filter(
            Q(lease_id="") | Q(expires_at__lte=now)
        )
        lease = {"lease_id": lease_id, "expires_at": now + timedelta(seconds=lease_seconds)}
        with transaction.atomic():
            if connection.features.has_select_for_update_skip_locked:
                found = free.select_for_update(skip_locked=True).order_by("slot").first()
                candidates = [found.pk] if found is not None else []
            else:
                candidates = list(free.order_by("slot").values_list("pk", flat=True))
            for pk in candidates:
                # Conditional: a slot taken since it was read is left alone.
                if free.filter(pk=pk).update(**lease):
                    return True
        return False

    def release(self, company: str, lease_id: str) -> None:
        """Empty our slot (a lease that expired and was taken by another holder is theirs)."""
        try:
            RequestSlot.objects.filter(company=company, lease_id=lease_id).update(
                lease_id="", expires_at=None
            )
        except DatabaseError as exc:
            raise SlotStoreError(f"The database did not release a shared slot: {exc}") from exc


def shared_slots() -> SharedSlots | None:
    """The store the settings choose, or None when ``INTACCT_SHARED_IN_FLIGHT`` is off."""
    if not settings.INTACCT_SHARED_IN_FLIGHT:
        return None
    url = settings.REDIS_URL
    if not url:
        return DatabaseSlots()
    with _lock:
        found = _redis.get(url)
        if found is None:
            found = _redis[url] = RedisSlots(url)
        return found
