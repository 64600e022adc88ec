"""Web-services users' permissions: who may write which object, and how Intacct names it.

Intacct grants rights per application subscription and per permission ("policy") within it,
e.g. Accounts Receivable > Invoices: List, View, Add, Edit, Delete. ``getUserPermissions``
returns them for a user; a write without the right fails with "You do not have permission
for API operation ...".

The demo users: ``ws_user`` has every right; ``ws_readonly`` may only list and view;
``ws_limited`` may not add, edit or delete the objects named in the sandbox configuration's
``read_only_objects`` (everything else it may).
"""

from __future__ import annotations

from .config import LIMITED_USER_ID, READONLY_USER_ID, SandboxConfig

READ = ("List", "View")
ALL = ("List", "View", "Add", "Edit", "Delete")
VERB_RIGHTS = {"create": "Add", "update": "Edit", "delete": "Delete"}

# Object -> (application, permission) as the company's role editor shows them.
POLICIES: dict[str, tuple[str, str]] = {
    "CUSTOMER": ("Accounts Receivable", "Customers"),
    "ARINVOICE": ("Accounts Receivable", "Invoices"),
    "ARADJUSTMENT": ("Accounts Receivable", "Adjustments"),
    "ARPYMT": ("Accounts Receivable", "Receive Payments"),
    "ARTERM": ("Accounts Receivable", "Terms"),
    "VENDOR": ("Accounts Payable", "Vendors"),
    "APBILL": ("Accounts Payable", "Bills"),
    "APADJUSTMENT": ("Accounts Payable", "Adjustments"),
    "APPYMT": ("Accounts Payable", "Payments"),
    "APTERM": ("Accounts Payable", "Terms"),
    "CONTACT": ("Company", "Contacts"),
    "LOCATION": ("Company", "Locations"),
    "DEPARTMENT": ("Company", "Departments"),
    "CLASS": ("Company", "Classes"),
    "SUPDOC": ("Company", "Attachments"),
    "GLACCOUNT": ("General Ledger", "Accounts"),
    "PODOCUMENT": ("Purchasing", "Purchasing Transactions"),
    "SODOCUMENT": ("Order Entry", "Order Entry Transactions"),
}


def rights(user_id: str, object_name: str, config: SandboxConfig) -> tuple[str, ...]:
    """What ``user_id`` may do with ``object_name``."""
    if user_id == READONLY_USER_ID:
        return READ
    if user_id == LIMITED_USER_ID and object_name.upper() in config.read_only_objects:
        return READ
    return ALL


def may(user_id: str, verb: str, object_name: str, config: SandboxConfig) -> bool:
    """True when ``user_id`` may ``verb`` (create, update, delete) ``object_name``."""
    return VERB_RIGHTS.get(verb, "Add") in rights(user_id, object_name, config)


def by_application(user_id: str, config: SandboxConfig) -> dict[str, list[tuple[str, str]]]:
    """``{application: [(permission, "List|View|..."), ...]}`` for ``getUserPermissions``."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for object_name, (application, policy) in POLICIES.items():
        granted = "|".join(rights(user_id, object_name, config))
        grouped.setdefault(application, []).append((policy, granted))
    return grouped
