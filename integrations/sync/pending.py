"""Records the app owns: marking one as pending push, with a push version that moves on change.

The push engine derives each function's controlid from the record and its ``push_version``
(``push.controlid_for``), and requests carry ``uniqueid=true``. So the version must move when
what would be sent changes, and only then: a changed record is a new write Intacct must run,
an unchanged one resent after an ambiguous outcome must be recognised as the same write.
"""

from typing import Any

from django.db import models, transaction
from django.db.models import F

from integrations.models import IntacctRecord, SyncState

# Fields the engine writes; a change to them is not a change of the record's content.
ENGINE_FIELDS = frozenset(
    {*IntacctRecord.BINDING_FIELDS, "sync_hash", "push_version", "last_pushed_at"}
)


def content_values(record: models.Model) -> dict[str, Any]:
    """The record's own values (every concrete field but the primary key and the binding).

    A model may name more fields the push itself keeps (``PUSH_STATE_FIELDS``, e.g. how many
    lines Intacct holds); they are neither compared nor written back from a caller's copy.
    """
    meta = record._meta
    kept = ENGINE_FIELDS | frozenset(getattr(type(record), "PUSH_STATE_FIELDS", ()))
    return {
        f.attname: getattr(record, f.attname)
        for f in meta.concrete_fields
        if not f.primary_key and f.name not in kept
    }


def record_mark_pending_push(*, record: IntacctRecord, related_changed: bool = False) -> bool:
    """Save ``record`` and queue it for the next push when its content changed.

    A new record, one saved but never queued (version 0), or one whose content differs from
    the stored row, is saved with ``push_version`` one higher and the state ``pending_push``;
    the caller's instance is refreshed with both. An unchanged record is left alone (its
    version and state kept), so it never gets a new controlid. ``related_changed`` says that
    rows written with the record (its lines) changed: it is queued even if its own fields did
    not. Returns whether it was queued.
    """
    model = type(record)
    with transaction.atomic():
        if record.pk is None:
            record.push_version = 1
            record.sync_state = SyncState.PENDING_PUSH
            record.save()
            return True
        stored = model._default_manager.select_for_update().get(pk=record.pk)
        never_queued = stored.push_version == 0 and stored.sync_state != SyncState.PENDING_PUSH
        unchanged = not related_changed and content_values(stored) == content_values(record)
        if not never_queued and unchanged:
            record.push_version = stored.push_version
            record.sync_state = stored.sync_state
            return False
        changed = content_values(record)
        model._default_manager.filter(pk=record.pk).update(
            **changed, push_version=F("push_version") + 1, sync_state=SyncState.PENDING_PUSH
        )
    refreshed = model._default_manager.values("push_version", "sync_state").get(pk=record.pk)
    record.push_version = refreshed["push_version"]
    record.sync_state = refreshed["sync_state"]
    return True
