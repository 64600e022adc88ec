"""The two staff roles and what each may do, applied as Django groups.

The matrix is declarative so that models added later (AR and AP records, sync runs, errors)
pick up their permissions on the next ``migrate`` without a new data migration.
"""

from dataclasses import dataclass

ACCOUNTING_STAFF = "Accounting staff"
IMPLEMENTATION_CONSULTANTS = "Implementation consultants"

ALL_ACTIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class Grant:
    """``actions`` on ``model`` of ``app_label`` (``model="*"``: every model of the app)."""

    app_label: str
    model: str
    actions: tuple[str, ...]


# Models of `integrations` that hold credentials or configuration; staff never see them.
CONFIGURATION_MODELS = ("intacctconnection",)

ROLE_GRANTS: dict[str, tuple[Grant, ...]] = {
    ACCOUNTING_STAFF: (
        Grant("ar", "*", ("view", "change")),
        Grant("ap", "*", ("view", "change")),
        Grant("integrations", "syncrun", ("view",)),
        # "change" lets staff retry their records' errors and skip those records; resolving
        # errors and handling whole-step errors stay with consultants (see the errors admin).
        Grant("integrations", "syncerror", ("view", "change")),
    ),
    IMPLEMENTATION_CONSULTANTS: (
        Grant("integrations", "*", ALL_ACTIONS),
        Grant("django_q", "schedule", ("view",)),
        Grant("ar", "*", ("view",)),
        Grant("ap", "*", ("view",)),
    ),
}


def apply_role_permissions(apps, using: str = "default") -> None:
    """Create the role groups and give each exactly the permissions of its grants.

    Works with the historical ``apps`` of a data migration and with the global registry.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrate; make sure they exist now. Apps in a
        # migration's historical registry have no models_module, which create_permissions needs.
        saved = getattr(app_config, "models_module", None)
        app_config.models_module = saved or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = saved

    for role, grants in ROLE_GRANTS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for grant in grants:
            perms = Permission.objects.using(using).filter(content_type__app_label=grant.app_label)
            if grant.model != "*":
                perms = perms.filter(content_type__model=grant.model)
            codenames = [f"{action}_" for action in grant.actions]
            wanted.extend(p.pk for p in perms if any(p.codename.startswith(c) for c in codenames))
        group.permissions.set(wanted)
