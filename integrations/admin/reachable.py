"""Whether a user may open an admin URL, so pages never link anyone to a 403.

Admin URL names are ``<app>_<model>_<view>``; opening any of them needs at least the view
permission on that model. A URL outside the admin is left alone.
"""

from contextvars import ContextVar
from typing import Any

from django.urls import Resolver404, resolve

# The user a page is being rendered for (set around rendering by the admin views that need
# it: display functions of readonly fields get the object, not the request).
current_viewer: ContextVar[Any] = ContextVar("current_viewer", default=None)


def may_open(user: Any, url: str) -> bool:
    if user is None:
        return False
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    if match.namespace != "admin" or not match.url_name:
        return True
    if getattr(user, "is_superuser", False):
        return True
    from django.apps import apps

    for model in apps.get_models():
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if match.url_name.startswith(prefix):
            return bool(user.has_perm(f"{opts.app_label}.view_{opts.model_name}")) or bool(
                user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
            )
    return True
