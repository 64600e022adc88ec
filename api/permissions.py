"""The admin's roles, applied to the API.

Reading a list or a record needs the model's view (or change) permission, as the admin does;
an operation names the permissions it needs (``required_permissions`` on the view, or per
action in ``action_permissions``). Superusers may do everything, like in the admin.
"""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


def view_permissions(model: Any) -> tuple[str, str]:
    opts = model._meta
    return (
        f"{opts.app_label}.view_{opts.model_name}",
        f"{opts.app_label}.change_{opts.model_name}",
    )


class ModelRolePermission(BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        method = (request.method or "").lower()
        if method not in view.http_method_names or getattr(view, method, None) is None:
            return True  # the view answers 405: no method here to allow or refuse
        action = getattr(view, "action", None)
        per_action = getattr(view, "action_permissions", {})
        if action in per_action:
            return all(user.has_perm(p) for p in per_action[action])
        required = getattr(view, "required_permissions", None)
        if required is not None:
            return all(user.has_perm(p) for p in required)
        if request.method in SAFE_METHODS or request.method == "OPTIONS":
            queryset = getattr(view, "queryset", None)
            if queryset is None:
                return False
            return any(user.has_perm(p) for p in view_permissions(queryset.model))
        return False
