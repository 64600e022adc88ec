"""The console stays readable: request lines at DEBUG, a 403 is one line, demo options."""

import logging
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_q.models import Schedule

from integrations.log_filters import RequestLinesAtDebug
from integrations.models import IntacctConnection
from tests.factories.connections import IntacctConnectionFactory


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def server_log():
    logger = logging.getLogger("django.server")
    handler = _Collect()
    logger.addHandler(handler)
    level = logger.level
    yield logger, handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_dev_server_request_lines_are_debug(server_log):
    logger, handler = server_log
    logger.setLevel(logging.INFO)
    logger.info('"GET /admin/ HTTP/1.1" 200 5120', extra={"status_code": 200})
    logger.warning('"GET /admin/x/ HTTP/1.1" 403 135', extra={"status_code": 403})
    assert handler.records == []  # at INFO nothing of the request chatter shows
    logger.setLevel(logging.DEBUG)
    logger.info('"GET /admin/ HTTP/1.1" 200 5120', extra={"status_code": 200})
    assert [r.levelname for r in handler.records] == ["DEBUG"]


def test_intacct_request_lines_demoted_only_up_to_info():
    demote = RequestLinesAtDebug()
    logger = logging.getLogger("integrations.intacct")
    info = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "intacct request", (), None)
    warn = logger.makeRecord(logger.name, logging.WARNING, __file__, 1, "retrying", (), None)
    saved = logger.level
    logger.setLevel(logging.INFO)
    try:
        assert demote.filter(info) is False and info.levelname == "DEBUG"
        assert demote.filter(warn) is True and warn.levelname == "WARNING"
    finally:
        logger.setLevel(saved)


@pytest.mark.django_db
def test_a_403_is_one_line_without_traceback(staff_client, caplog):
    conn = IntacctConnectionFactory()
    caplog.set_level(logging.WARNING, logger="django.request")
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    assert staff_client.get(url).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    line = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]).format(records[0])
    assert "Forbidden" in line and "\n" not in line and "Traceback" not in line


def test_make_demo_passes_the_sandbox_port():
    done = subprocess.run(
        ["make", "-n", "demo", "SANDBOX_PORT=8799"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "run_demo" in done.stdout and "--sandbox-port 8799" in done.stdout


@pytest.mark.django_db
def test_intacct_connect_can_turn_on_the_hourly_schedule(sandbox, connect, settings):
    settings.INTACCT_ENDPOINT_ALLOWLIST = [sandbox.base_url.rstrip("/") + "/"]
    creds = sandbox.credentials
    call_command(
        "intacct_connect",
        "--name",
        "Demo",
        "--endpoint",
        sandbox.gateway_url,
        "--sender-id",
        creds["sender_id"],
        "--sender-password",
        creds["sender_password"],
        "--company-id",
        creds["company_id"],
        "--user-id",
        creds["user_id"],
        "--user-password",
        creds["user_password"],
        "--hourly-sync",
        "--no-test",
    )
    conn = IntacctConnection.objects.get(name="Demo")
    assert conn.hourly_sync is True
    schedule = Schedule.objects.get(name=f"intacct-sync:{conn.pk}:hourly")
    assert schedule.schedule_type == Schedule.HOURLY and schedule.next_run is not None
