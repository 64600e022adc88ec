from django.apps import AppConfig


class ApConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ap"
    verbose_name = "Accounts payable"
