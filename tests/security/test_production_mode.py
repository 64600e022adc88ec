"""Production mode and the web tier's defences: HTTPS_ONLY passes Django's deployment check,
a CSP suited to the admin, sign-in throttling, and POST + CSRF for what calls Intacct."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories.ar import InvoiceFactory

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO_FLAGS = ("--noreload", "--insecure")


def check_deploy(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(
        {
            "DOTENV_DISABLED": "1",
            "VAR_DIR": str(tmp_path),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "hub.example.com",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_https_only_with_debug_off_passes_the_deployment_check(tmp_path):
    done = check_deploy(tmp_path, HTTPS_ONLY="true", DEBUG="false")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


def test_without_https_only_the_deployment_check_names_what_is_missing(tmp_path):
    done = check_deploy(tmp_path, DEBUG="false")
    assert done.returncode != 0
    for check_id in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check_id in done.stderr + done.stdout


@pytest.mark.django_db
def test_admin_pages_carry_a_csp_without_inline_scripts(staff_client):
    response = staff_client.get(reverse("admin:index"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]


@pytest.mark.django_db
def test_sign_in_is_throttled_per_user_and_address(settings):
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("alice", password="right-pw-123", is_staff=True)
    url = reverse("admin:login")
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    answers = [attacker.post(url, {"username": "alice", "password": "wrong"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]  # the third failure locks
    locked = attacker.post(url, {"username": "alice", "password": "right-pw-123"})
    assert locked.status_code == 429 and "_auth_user_id" not in attacker.session
    # Alice at her own address is not locked out by the attacker's attempts.
    alice = Client(REMOTE_ADDR="10.0.0.1")
    ok = alice.post(url, {"username": "alice", "password": "right-pw-123"})
    assert ok.status_code == 302 and "_auth_user_id" in alice.session


@pytest.mark.django_db
def test_the_pdf_link_is_a_post_with_csrf_protection(staff_user):
    invoice = InvoiceFactory()
    url = reverse("ar:invoice_pdf", args=[invoice.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    assert browser.get(url).status_code == 405  # a GET never calls Intacct
    assert browser.post(url).status_code == 403  # no CSRF token: refused before any call
    listing = browser.get(reverse("admin:ar_invoice_changelist"))
    body = listing.content.decode()
    # The button posts the change list's own form, which carries the CSRF token.
    assert f'formaction="{url}" formmethod="post"' in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_the_demo_web_server_serves_static_files_with_debug_off(tmp_path):
    """``make demo`` runs with DEBUG off; its development server serves the admin's CSS."""
    import socket
    import time
    import urllib.request

    from integrations.management.commands import run_demo

    assert '"--insecure"' in Path(run_demo.__file__).read_text(encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(
        DOTENV_DISABLED="1",
        DEBUG="false",
        VAR_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        CREDENTIALS_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        PYTHONPATH=str(ROOT),
    )
    server = subprocess.Popen(  # the same command line run_demo uses
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", *DEMO_FLAGS],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60  # bounds the wait for start-up only
        while True:
            try:
                url = f"http://127.0.0.1:{port}/static/admin/css/base.css"
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    assert response.headers["Content-Type"].startswith("text/css")
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
