from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = "Intacct integration"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from integrations import signals
        from integrations.sync.checks import check_pull_declarations

        checks.register(check_pull_declarations, checks.Tags.models)

        # Models added by later migrations get their role permissions as soon as they exist,
        # and a flushed database gets its groups and catalogue back.
        post_migrate.connect(signals.restore_builtin_data, dispatch_uid="integration-builtins")
