"""The REST API (``/api/v1/``): thin views over the domain apps' selectors and services."""

from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS


def after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate (and after a flush): the cache table and the purge's schedule."""
    from api.housekeeping import purge_schedule_ensure

    create_cache_table(using=using)
    purge_schedule_ensure(using=using)


def create_cache_table(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """After every ``migrate`` (and a test database's creation): the database cache's table,
    which holds the API's rate-limit counts when there is no Redis. Nothing when it exists or
    the cache is Redis."""
    call_command("createcachetable", database=using, verbosity=0)


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="api-after-migrate")
