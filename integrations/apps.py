from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = "Intacct integration"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from integrations import signals  # noqa: F401  (connects the receivers)
        from integrations.roles import apply_role_permissions_after_migrate

        # Models added by later migrations get their role permissions as soon as they exist.
        post_migrate.connect(apply_role_permissions_after_migrate, dispatch_uid="integration-roles")
