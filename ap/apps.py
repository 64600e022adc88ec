from django.apps import AppConfig


class ApConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ap"
    verbose_name = "Accounts payable"

    def ready(self) -> None:
        from ap.sync import register_steps
        from integrations.roles import register_domain_app

        # The status map and the purchasing settings are the consultants' configuration.
        register_domain_app(
            self.label, configuration_models=("statusmapping", "purchasingsettings")
        )
        register_steps()
