"""Building a real client for a running sandbox (real HTTP on a free port)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from integrations.intacct import ClientConfig, Credentials, IntacctClient

# Closed after each test (conftest.py) so that no keep-alive connection, and no sandbox
# handler thread serving it, outlives the test that opened it.
OPEN_CLIENTS: list[IntacctClient] = []

BASE = ClientConfig(
    max_requests_per_second=1000.0,
    retry_attempts=6,
    retry_base_delay=0.01,
    retry_max_delay=0.05,
    retry_max_seconds=30.0,
    read_timeout=30.0,
)


def client_for(
    handle: Any, *, credentials: dict[str, str] | None = None, **config: Any
) -> IntacctClient:
    """A client pointed at ``handle``'s gateway, with the sandbox on the allow-list.

    ``credentials`` override some of the sandbox's demo credentials (e.g. another user).
    """
    creds = Credentials(
        **{**handle.credentials, **(credentials or {})}, endpoint_url=handle.gateway_url
    )
    settings = replace(BASE, allowed_endpoints=(handle.base_url + "/",), **config)
    client = IntacctClient(creds, settings)
    OPEN_CLIENTS.append(client)
    return client
