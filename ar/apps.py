from django.apps import AppConfig


class ArConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ar"
    verbose_name = "Accounts receivable"

    def ready(self) -> None:
        from ar.manual_imports import register_manual_imports
        from ar.sync import register_steps
        from integrations.roles import register_domain_app

        register_domain_app(self.label)
        register_steps()
        register_manual_imports()
