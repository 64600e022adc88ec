"""Rate limits count in the shared cache: every process serving the API sees one token's
requests (the default is the database cache; REDIS_URL switches it to Redis)."""

import subprocess
import sys

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.throttling import PerTokenRateThrottle
from tests.api.conftest import make_user
from tests.sync.workers import ROOT, child_env

# Runs in another interpreter: three requests with the token, each printed as its status.
CHILD = (
    "import os, django; django.setup();"
    "from django.test.utils import setup_test_environment; setup_test_environment();"
    "from rest_framework.test import APIClient;"
    "c = APIClient(); c.credentials(HTTP_AUTHORIZATION='Token ' + os.environ['API_TOKEN']);"
    "print(' '.join(str(c.get('/api/v1/entities/').status_code) for _ in range(3)))"
)


def test_the_cache_is_shared_by_every_process(db):
    backend = settings.CACHES[settings.SHARED_CACHE]["BACKEND"]
    if settings.REDIS_URL:
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend == "django.core.cache.backends.db.DatabaseCache"
        # Made by migrate (here: the test database's creation).
        assert "hub_cache" in connection.introspection.table_names()
    shared = caches[settings.SHARED_CACHE]
    shared.set("probe", 1)
    assert shared.get("probe") == 1
    assert PerTokenRateThrottle.cache is shared


def test_two_processes_share_one_tokens_count(transactional_db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min"},
    }
    token = Token.objects.create(user=make_user("feed", "staff"))
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env={
            **child_env(API_RATE_LIMIT="3/min", API_TOKEN=token.key, REDIS_URL=settings.REDIS_URL),
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["200", "200", "200"]

    # This process has not seen the token before, yet its allowance is used up.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    limited = client.get("/api/v1/entities/")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert 0 < int(limited["Retry-After"]) <= 60
