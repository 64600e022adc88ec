"""Keep schedules in step with connections; restore built-in data after migrate or flush."""

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


def restore_builtin_data(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: the role groups and the shipped troubleshooting catalogue.

    Django also sends post_migrate after a flush (tests, ``manage.py flush``), which empties
    both; they come back here. Runs once per migrate (for the integrations app).
    """
    from django.apps import apps as global_apps

    from integrations.catalogue_seed import seed_builtin
    from integrations.roles import apply_role_permissions

    if sender.label != "integrations":
        return
    apply_role_permissions(global_apps, using=using)
    seed_builtin(global_apps.get_model("integrations", "ErrorCatalogueEntry"), using=using)
