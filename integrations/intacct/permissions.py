"""A web-services user's permissions, as ``getUserPermissions`` returns them.

Intacct grants rights (List, View, Add, Edit, Delete, ...) per application subscription and
per permission within it, e.g. Accounts Receivable > Invoices. Reading them changes nothing,
so Test connection can tell before any push whether the user may write what the app will
write, and name the permission to grant.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

# Object -> (application, permission) that governs writing it, as Intacct's role and user
# permission pages name them.
WRITE_PERMISSIONS: dict[str, tuple[str, str]] = {
    "CUSTOMER": ("Accounts Receivable", "Customers"),
    "ARINVOICE": ("Accounts Receivable", "Invoices"),
    "ARADJUSTMENT": ("Accounts Receivable", "Adjustments"),
    "ARPYMT": ("Accounts Receivable", "Receive Payments"),
    "VENDOR": ("Accounts Payable", "Vendors"),
    "APBILL": ("Accounts Payable", "Bills"),
    "APADJUSTMENT": ("Accounts Payable", "Adjustments"),
    "APPYMT": ("Accounts Payable", "Payments"),
    "CONTACT": ("Company", "Contacts"),
    "SUPDOC": ("Company", "Attachments"),
    "PODOCUMENT": ("Purchasing", "Purchasing Transactions"),
}


@dataclass(frozen=True)
class UserPermissions:
    """``{(application, permission): rights}``; a permission not listed grants nothing."""

    user_id: str
    granted: dict[tuple[str, str], frozenset[str]]

    def rights(self, application: str, permission: str) -> frozenset[str]:
        """The rights held, compared without regard to case."""
        wanted = (application.casefold(), permission.casefold())
        for (app, name), rights in self.granted.items():
            if (app.casefold(), name.casefold()) == wanted:
                return rights
        return frozenset()

    def allows(self, application: str, permission: str, right: str) -> bool:
        return right.casefold() in {r.casefold() for r in self.rights(application, permission)}


def parse_user_permissions(user_id: str, data: etree._Element | None) -> UserPermissions:
    """Read ``<data><permissions><appSubscription>...`` (rights are ``|``-separated)."""
    granted: dict[tuple[str, str], frozenset[str]] = {}
    if data is not None:
        for subscription in data.iterfind("permissions/appSubscription"):
            application = (subscription.findtext("applicationName") or "").strip()
            for policy in subscription.iterfind("policies/policy"):
                name = (policy.findtext("policyName") or "").strip()
                rights = policy.findtext("rights") or ""
                granted[(application, name)] = frozenset(
                    r.strip() for r in rights.split("|") if r.strip()
                )
    return UserPermissions(user_id=user_id, granted=granted)
