"""API test helpers: users of each role with a token, and a client that sends it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS

ROLES = {"staff": ACCOUNTING_STAFF, "consultant": IMPLEMENTATION_CONSULTANTS}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Each test starts with no requests counted against any token (the counts live in the
    database cache, which a transactional test's flush leaves alone)."""
    shared = caches[settings.SHARED_CACHE]
    shared.clear()
    yield
    shared.clear()


def make_user(username: str, role: str | None = None, *, perms: tuple[str, ...] = ()):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    if role is not None:
        user.groups.add(Group.objects.get(name=ROLES[role]))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_for(db):
    """``api_for("staff")`` / ``api_for("consultant")`` / ``api_for(None)`` (no role)."""
    made: dict[str, APIClient] = {}

    def _for(role: str | None, *, perms: tuple[str, ...] = ()) -> APIClient:
        name = f"{role or 'nobody'}-{len(made)}"
        made[name] = token_client(make_user(name, role, perms=perms))
        return made[name]

    return _for


@pytest.fixture
def staff_api(api_for):
    return api_for("staff")


@pytest.fixture
def consultant_api(api_for):
    return api_for("consultant")
