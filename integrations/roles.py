"""The two staff roles and what each may do, applied as Django groups.

The matrix is declarative so that models added later (AR and AP records, sync runs, errors)
pick up their permissions on the next ``migrate`` without a new data migration. The domain
apps add their records to it from ``ready()`` (:func:`register_domain_app`).
"""

from dataclasses import dataclass

ACCOUNTING_STAFF = "Accounting staff"
IMPLEMENTATION_CONSULTANTS = "Implementation consultants"

ALL_ACTIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class Grant:
    """``actions`` on ``model`` of ``app_label`` (``model="*"``: every model of the app).

    An action is a prefix of standard permissions ("view") or a custom codename
    ("request_sync"). Accounting staff do not get Sync Now by default; give a person or the
    group "Can request a sync (Sync Now)" in the admin.
    """

    app_label: str
    model: str
    actions: tuple[str, ...]


# Models of `integrations` that hold credentials or configuration; staff never see them.
CONFIGURATION_MODELS = ("intacctconnection",)
# Company-wide master data from Intacct (entities, contacts, ...): staff work with it as
# with the AR and AP records that point at it.
MASTER_DATA_MODELS = (
    "subsidiary",
    "contact",
    "glaccount",
    "department",
    "location",
    "class",
)

ROLE_GRANTS: dict[str, tuple[Grant, ...]] = {
    ACCOUNTING_STAFF: (
        Grant("integrations", "syncrun", ("view",)),
        # "change" lets staff retry their records' errors and skip those records; resolving
        # errors and handling whole-step errors stay with consultants (see the errors admin).
        Grant("integrations", "syncerror", ("view", "change")),
        # Master data is Intacct's: its pages are read-only, so "change" would allow nothing.
        *(Grant("integrations", model, ("view",)) for model in MASTER_DATA_MODELS),
    ),
    IMPLEMENTATION_CONSULTANTS: (
        Grant("integrations", "*", ALL_ACTIONS),
        Grant("integrations", "intacctconnection", ("request_sync",)),
        Grant("django_q", "schedule", ("view",)),
    ),
}


def register_domain_app(
    app_label: str,
    *,
    staff_actions: tuple[str, ...] = ("view", "change"),
    configuration_models: tuple[str, ...] = (),
) -> None:
    """A domain app's records: staff get ``staff_actions`` (only "view" where every record is
    Intacct's and read-only here), consultants view them.

    ``configuration_models`` (model names) are the app's settings, such as a status map:
    consultants may do everything with them, staff only view them.
    """
    grants: dict[str, list[Grant]] = {ACCOUNTING_STAFF: [], IMPLEMENTATION_CONSULTANTS: []}
    if configuration_models:
        from django.apps import apps

        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            configuration = name in configuration_models
            staff = ("view",) if configuration else staff_actions
            consultants = ALL_ACTIONS if configuration else ("view",)
            grants[ACCOUNTING_STAFF].append(Grant(app_label, name, staff))
            grants[IMPLEMENTATION_CONSULTANTS].append(Grant(app_label, name, consultants))
    else:
        grants[ACCOUNTING_STAFF].append(Grant(app_label, "*", staff_actions))
        grants[IMPLEMENTATION_CONSULTANTS].append(Grant(app_label, "*", ("view",)))
    for role, wanted in grants.items():
        for grant in wanted:
            if grant not in ROLE_GRANTS[role]:
                ROLE_GRANTS[role] = (*ROLE_GRANTS[role], grant)


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
            # An action is a prefix ("view" → view_customer) or a whole custom codename.
            wanted.extend(
                p.pk
                for p in perms
                if any(
                    p.codename == action or p.codename.startswith(f"{action}_")
                    for action in grant.actions
                )
            )
        group.permissions.set(wanted)


def register_grants(role: str, *grants: Grant) -> None:
    """Add ``grants`` to ``role`` (a domain app's records staff may write, say)."""
    for grant in grants:
        if grant not in ROLE_GRANTS[role]:
            ROLE_GRANTS[role] = (*ROLE_GRANTS[role], grant)
