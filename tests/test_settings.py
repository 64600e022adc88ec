"""Settings come from the environment: embedded defaults, and each override switching backends."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "db = settings.DATABASES['default'];"
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']),"
    " 'q': {k: v for k, v in settings.Q_CLUSTER.items() if k in ('orm', 'redis')},"
    " 'cache': {k: settings.CACHES['shared'][k] for k in ('BACKEND', 'LOCATION')},"
    " 'local': settings.CACHES['default']['BACKEND'],"
    " 'tz': settings.USE_TZ, 'debug': settings.DEBUG,"
    " 'allow': settings.INTACCT_ENDPOINT_ALLOWLIST}))"
)


def load_settings(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    """Import the settings in a clean process whose only configuration is ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)})
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def keys() -> dict[str, str]:
    return {"SECRET_KEY": "x" * 50, "CREDENTIALS_ENCRYPTION_KEY": Fernet.generate_key().decode()}


def test_defaults_are_sqlite_and_orm_broker(tmp_path, keys):
    proc = load_settings(tmp_path, **keys, DOTENV_DISABLED="1")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["engine"] == "django.db.backends.sqlite3"
    assert out["name"] == str(tmp_path / "db.sqlite3")
    assert out["q"] == {"orm": "default"}
    assert out["cache"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hub_cache",
    }
    assert out["local"] == "django.core.cache.backends.locmem.LocMemCache"
    assert out["tz"] is True
    assert out["debug"] is False
    assert out["allow"] == []


def test_database_url_switches_to_postgresql(tmp_path, keys):
    proc = load_settings(
        tmp_path, **keys, DOTENV_DISABLED="1", DATABASE_URL="postgres://u:p@db.example:5432/hub"
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["engine"] == "django.db.backends.postgresql"
    assert out["name"] == "hub"


def test_redis_url_switches_the_broker_and_the_cache(tmp_path, keys):
    proc = load_settings(tmp_path, **keys, DOTENV_DISABLED="1", REDIS_URL="redis://cache:6379/2")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["q"] == {"redis": "redis://cache:6379/2"}
    assert out["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/2",
    }
    assert out["local"] == "django.core.cache.backends.locmem.LocMemCache"


def test_allowlist_is_a_list(tmp_path, keys):
    proc = load_settings(
        tmp_path,
        **keys,
        DOTENV_DISABLED="1",
        INTACCT_ENDPOINT_ALLOWLIST="http://127.0.0.1:8765/,http://localhost:9000/ia/",
    )
    assert json.loads(proc.stdout)["allow"] == [
        "http://127.0.0.1:8765/",
        "http://localhost:9000/ia/",
    ]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "CREDENTIALS_ENCRYPTION_KEY"])
def test_missing_secret_is_a_clear_error(tmp_path, keys, missing):
    keys.pop(missing)
    proc = load_settings(tmp_path, **keys, DOTENV_DISABLED="1")
    assert proc.returncode != 0
    assert f"{missing} is not set" in proc.stderr


def test_bootstrap_env_writes_secrets_once(tmp_path):
    target = tmp_path / ".env"
    cmd = [sys.executable, "-m", "config.bootstrap_env", "--path", str(target)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    first = target.read_text()
    assert "SECRET_KEY=" in first and "CREDENTIALS_ENCRYPTION_KEY=" in first
    Fernet(first.split("CREDENTIALS_ENCRYPTION_KEY=")[1].split()[0].encode())  # a valid key
    assert target.stat().st_mode & 0o077 == 0
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    assert target.read_text() == first
