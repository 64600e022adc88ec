"""Retiring a connection: its records, runs, errors and settings go, and a report says what.

Deleting a connection from the admin's generic delete page would need delete permissions on
every AR and AP model (which nobody has) and would do it inside one web request. Retiring is
an explicit, confirmed action instead: the connection is disabled at once (no sync starts),
and a django-q2 task removes everything bound to it and e-mails what it removed.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from integrations.models import IntacctConnection, SyncRun
from integrations.sync.lifecycle import RunAlreadyActive

log = logging.getLogger(__name__)

TASK = "integrations.tasks.retire_connection_task"


@dataclass
class RetireReport:
    connection: str
    removed: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def lines(self) -> list[str]:
        return [f"{count:,} {label}" for label, count in self.removed.items() if count]


def _bound_models(connection: IntacctConnection):
    """(model, field name) of every model with a foreign key to the connection."""
    for rel in IntacctConnection._meta.get_fields(include_hidden=True):
        if rel.one_to_many and rel.auto_created:
            yield rel.related_model, rel.field.name


def connection_retire_preview(*, connection: IntacctConnection) -> dict[str, int]:
    """How many rows of each kind are bound to the connection (one count per model)."""
    counts = {}
    for model, field in _bound_models(connection):
        count = model._base_manager.filter(**{field: connection}).count()
        if count:
            counts[str(model._meta.verbose_name_plural)] = count
    return dict(sorted(counts.items()))


def connection_retire_start(*, connection: IntacctConnection, requested_by: str) -> None:
    """Disable the connection now and queue the task that removes it and its data."""
    active = SyncRun.objects.filter(connection=connection, status__in=SyncRun.ACTIVE).first()
    if active is not None:
        raise RunAlreadyActive(active)
    connection.enabled = False
    connection.save()  # its schedules go with it (signals)
    from django_q.tasks import async_task

    connection_id = connection.pk
    transaction.on_commit(
        lambda: async_task(
            TASK, connection_id, requested_by, task_name=f"retire-connection-{connection_id}"
        )
    )


def connection_retire(
    *, connection_id: int, requested_by: str, requester_email: str = ""
) -> RetireReport:
    """Remove the connection and everything bound to it; report and e-mail what went."""
    connection = IntacctConnection.objects.get(pk=connection_id)
    name = str(connection)
    addresses = [
        *connection.notification_addresses,
        *([requester_email] if requester_email else []),
    ]
    with transaction.atomic():
        _, by_label = connection.delete()
    removed = {}
    for label, count in sorted(by_label.items()):
        if count:
            removed[str(apps.get_model(label)._meta.verbose_name_plural)] = count
    report = RetireReport(connection=name, removed=removed)
    log.info(
        "connection %r retired by %s: removed %s", name, requested_by, ", ".join(report.lines())
    )
    if addresses:
        body = "\n".join(
            [
                f"The connection {name!r} was retired by {requested_by}.",
                f"Removed {report.total:,} rows:",
                *(f"  {line}" for line in report.lines()),
            ]
        )
        try:
            send_mail(
                f"[Intacct Sync Hub] Connection {name} retired",
                body,
                settings.DEFAULT_FROM_EMAIL,
                sorted(set(addresses)),
            )
        except OSError:
            log.exception("could not e-mail the retirement report of %r", name)
    return report
