from django.apps import AppConfig


class ArConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ar"
    verbose_name = "Accounts receivable"

    def ready(self) -> None:
        from ar.manual_imports import register_manual_imports
        from ar.sync import register_steps
        from integrations.roles import register_domain_app

        # AR records are Intacct's and read-only here: staff view them.
        register_domain_app(self.label, staff_actions=("view",))
        register_steps()
        register_manual_imports()
