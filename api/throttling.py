"""Rate limits per API token (per signed-in user for the admin session, per address without
either). DRF answers 429 with Retry-After; the rate is ``API_RATE_LIMIT`` (e.g. 600/min)."""

import hashlib
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PerTokenRateThrottle(SimpleRateThrottle):
    scope = "api"
    # Counted in the cache every process shares (Redis, or the database), not process memory.
    cache = caches[settings.SHARED_CACHE]

    def get_rate(self) -> str | None:
        # Read at each request (not frozen at import), so a changed setting takes effect.
        rates = cast(dict[str, str | None], api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, Token):
            # A digest: the cache never holds a usable token.
            ident = "token:" + hashlib.sha256(request.auth.key.encode()).hexdigest()[:32]
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
