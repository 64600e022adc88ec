"""Write permissions of the web-services user, checked by Test connection without writing.

The objects checked are those the connection's enabled push steps write (``PushStep
.object_name``, with the rights each step declares), so a push flow registered with the engine
is covered as soon as it exists. Intacct's ``getUserPermissions`` reports the user's rights per
application and permission; a missing right is reported with the permission to grant.
"""

from dataclasses import dataclass, field

from integrations.intacct import IntacctError
from integrations.intacct.permissions import WRITE_PERMISSIONS, UserPermissions
from integrations.models import IntacctConnection
from integrations.sync.registry import registry
from integrations.sync.steps import PushStep

WHERE_TO_GRANT = (
    "Company > Admin > Web Services users (or the user's roles under Company > Admin > Roles)"
)


@dataclass
class WriteCheck:
    """What Test connection found about writing: objects checked, and what is missing."""

    objects: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Checks that could not be made (not failures: nothing says the user lacks the right).
    unchecked: list[str] = field(default_factory=list)


def pushed_objects(connection: IntacctConnection) -> dict[str, tuple[str, ...]]:
    """``{object: rights}`` over the push steps enabled for ``connection``."""
    wanted: dict[str, set[str]] = {}
    for step in registry.plan():
        if isinstance(step, PushStep) and step.enabled_for(connection):
            rights = set(step.rights)
            # A step that also updates what it created needs the Edit right as well.
            if getattr(step, "build_update", None) is not None:
                rights.add("Edit")
            wanted.setdefault(step.object_name.upper(), set()).update(rights)
    return {name: tuple(sorted(rights)) for name, rights in sorted(wanted.items())}


def write_permissions_check(*, connection: IntacctConnection, client) -> WriteCheck:
    """Check, reading only, that the user may write every object the enabled pushes write."""
    objects = pushed_objects(connection)
    check = WriteCheck(objects=list(objects))
    if not objects:
        return check
    try:
        permissions = client.user_permissions(connection.user_id)
    except IntacctError as exc:
        check.unchecked.append(
            f"Could not read the permissions of {connection.user_id} ({exc}); write access to "
            f"{', '.join(objects)} was not checked."
        )
        return check
    for object_name, rights in objects.items():
        problem = _missing(permissions, object_name, rights)
        if problem is not None:
            check.missing.append(problem)
        elif object_name not in WRITE_PERMISSIONS:
            check.unchecked.append(
                f"{object_name}: no known Intacct permission governs writing it; not checked."
            )
    return check


def _missing(permissions: UserPermissions, object_name: str, rights: tuple[str, ...]) -> str | None:
    governing = WRITE_PERMISSIONS.get(object_name)
    if governing is None:
        return None
    application, permission = governing
    lacking = [r for r in rights if not permissions.allows(application, permission, r)]
    if not lacking:
        return None
    return (
        f"{object_name}: {permissions.user_id} may not write it. Grant {application} > "
        f"{permission}: {', '.join(lacking)} in {WHERE_TO_GRANT}."
    )
