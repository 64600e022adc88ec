from django.apps import AppConfig


class ApConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ap"
    verbose_name = "Accounts payable"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ap.purchasing.status_seed import restore_status_map
        from ap.sync import register_steps
        from integrations.roles import register_domain_app

        # The status map and the purchasing settings are the consultants' configuration.
        register_domain_app(
            self.label,
            configuration_models=("statusmapping", "purchasingsettings", "appushsettings"),
        )
        register_steps()
        post_migrate.connect(restore_status_map, sender=self, dispatch_uid="ap-status-map")
