import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS

pytest_plugins = ["tests.sandbox_fixtures"]


def _member_of(role: str, username: str):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_user(db):
    return _member_of(ACCOUNTING_STAFF, "staff")


@pytest.fixture
def consultant_user(db):
    return _member_of(IMPLEMENTATION_CONSULTANTS, "consultant")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def consultant_client(client, consultant_user):
    client.force_login(consultant_user)
    return client
