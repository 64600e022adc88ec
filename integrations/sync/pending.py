"""Marking local records for push: every change gets a new version, and so a new controlid."""

from django.db.models import F

from integrations.models import SyncState
from integrations.models.records import IntacctRecord


def mark_pending_push(*, record: IntacctRecord) -> IntacctRecord:
    """Mark a record whose saved local change must reach Intacct as pending push.

    Its ``push_version`` goes up by one in the database (so concurrent changes each count), and
    with it the controlid of its next push: Intacct's ``uniqueid`` dedup never swallows a
    changed record, while re-sending an unchanged one (a Retry) reuses the controlid it had.
    Returns the record with its new version and state.
    """
    type(record)._default_manager.filter(pk=record.pk).update(
        push_version=F("push_version") + 1, sync_state=SyncState.PENDING_PUSH
    )
    record.refresh_from_db(fields=["push_version", "sync_state"])
    return record
