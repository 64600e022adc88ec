"""Keep schedules in step with connections."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from integrations.models import IntacctConnection
from integrations.schedules import apply_connection_schedules, remove_connection_schedules


@receiver(post_save, sender=IntacctConnection, dispatch_uid="connection-schedules-save")
def connection_saved(sender, instance: IntacctConnection, raw: bool = False, **kwargs) -> None:
    # Same database and transaction as the connection: they commit or roll back together.
    if not raw:
        apply_connection_schedules(instance)


@receiver(post_delete, sender=IntacctConnection, dispatch_uid="connection-schedules-delete")
def connection_deleted(sender, instance: IntacctConnection, **kwargs) -> None:
    remove_connection_schedules(instance.pk)
