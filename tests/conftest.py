import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from integrations.models import IntacctConnection
from integrations.request_slots import close_shared_slots
from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS
from tests.shared_docs import SKIP_REASON

pytest_plugins = ["tests.sandbox_fixtures"]

_shared_skips: list[str] = []


def pytest_runtest_logreport(report):
    """Note every test skipped for want of the shared Intacct docs."""
    if report.skipped and SKIP_REASON in str(report.longrepr):
        _shared_skips.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """Under ``REQUIRE_SHARED_DOCS=1`` (CI), a test skipped for want of the docs fails the run."""
    if _shared_skips and os.environ.get("REQUIRE_SHARED_DOCS") == "1":
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"REQUIRE_SHARED_DOCS=1 but {len(_shared_skips)} test(s) were skipped for want "
                f"of the shared Intacct docs, first: {_shared_skips[0]}",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _no_local_allowlist(settings):
    """Tests never depend on the allow-list a developer's .env happens to hold."""
    settings.INTACCT_ENDPOINT_ALLOWLIST = []


@pytest.fixture(autouse=True)
def _close_shared_slots():
    """The store of shared request slots has a database connection of its own: close it after
    each test, so that none is left open when the test database is dropped."""
    yield
    close_shared_slots()


@pytest.fixture(autouse=True)
def _fresh_list_cache():
    """Admin lists cache filter choices and table estimates: no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored files (invoice documents fetched by imports) stay in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def connect(settings):
    """Create a connection to a sandbox (its URL allow-listed), with fast client retries."""
    settings.INTACCT_RETRY_BASE_DELAY_SECONDS = 0.02
    settings.INTACCT_RETRY_MAX_SECONDS = 20
    settings.INTACCT_READ_TIMEOUT_SECONDS = 5
    settings.INTACCT_MAX_REQUESTS_PER_SECOND = 1000

    def _connect(sandbox, name="Sandbox", **extra) -> IntacctConnection:
        settings.INTACCT_ENDPOINT_ALLOWLIST = [sandbox.base_url.rstrip("/") + "/"]
        creds = sandbox.credentials
        conn = IntacctConnection(
            name=name,
            endpoint_url=sandbox.gateway_url,
            sender_id=creds["sender_id"],
            sender_password=creds["sender_password"],
            company_id=creds["company_id"],
            user_id=creds["user_id"],
            user_password=creds["user_password"],
            **extra,
        )
        conn.full_clean()
        conn.save()
        return conn

    return _connect
