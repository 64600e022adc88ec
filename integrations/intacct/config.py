"""Credentials, client configuration and session information (frozen dataclasses).

Secrets (both passwords, the session id) are :class:`~.secret.Secret` values: they never show in
``repr``, ``str``, a log line or the variables of an error report; only the request envelope
writer reveals them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .errors import RequestValueError
from .secret import Secret

DEFAULT_ENDPOINT = "https://api.intacct.com/ia/xml/xmlgw.phtml"


@dataclass(frozen=True)
class Credentials:
    """Everything needed to log in to one Intacct company (optionally one entity)."""

    sender_id: str
    sender_password: Secret = field(repr=False)
    company_id: str
    user_id: str
    user_password: Secret = field(repr=False)
    entity_id: str = ""
    endpoint_url: str = DEFAULT_ENDPOINT

    def __post_init__(self) -> None:
        for name in ("sender_password", "user_password"):
            value: object = getattr(self, name)
            if isinstance(value, str):  # plain strings are accepted and wrapped at once
                object.__setattr__(self, name, Secret(value))
            elif not isinstance(value, Secret):
                raise RequestValueError(f"Credentials.{name} must be a Secret or a string.")
        for name in ("sender_id", "company_id", "user_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise RequestValueError(f"Credentials.{name} must be a non-empty string.")
        for name in ("sender_password", "user_password"):
            if not getattr(self, name):
                raise RequestValueError(f"Credentials.{name} must be a non-empty string.")

    def secrets(self) -> tuple[Secret, ...]:
        """The values that must never be logged."""
        return (self.sender_password, self.user_password)


@dataclass(frozen=True)
class ClientConfig:
    """Tunables of :class:`~integrations.intacct.client.IntacctClient`.

    ``allowed_endpoints`` are URL prefixes besides ``https://*.intacct.com`` that credentials may
    be sent to (the local sandbox). Timeouts are in seconds. ``max_in_flight`` and
    ``max_requests_per_second`` are shared by every client of the same company with the same
    values in this process. ``retry_*`` bound the read retries (attempts include the first).
    """

    allowed_endpoints: tuple[str, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 300.0
    batch_size: int = 50
    pdf_batch_size: int = 10
    max_in_flight: int = 2
    max_requests_per_second: float = 10.0
    retry_attempts: int = 5
    retry_max_seconds: float = 120.0
    retry_base_delay: float = 1.0
    retry_max_delay: float = 30.0
    max_response_bytes: int = 64 * 1024 * 1024
    session_refresh_margin: float = 300.0
    user_agent: str = "intacct-sync-hub/0.1"

    def __post_init__(self) -> None:
        if isinstance(self.allowed_endpoints, str):
            raise ValueError("ClientConfig.allowed_endpoints must be a tuple of URL prefixes.")
        checks = {
            "connect_timeout": self.connect_timeout > 0,
            "read_timeout": self.read_timeout > 0,
            "batch_size": 1 <= self.batch_size <= 500,
            "pdf_batch_size": self.pdf_batch_size >= 1,
            "max_in_flight": self.max_in_flight >= 1,
            "max_requests_per_second": self.max_requests_per_second > 0,
            "retry_attempts": self.retry_attempts >= 1,
            "retry_max_seconds": self.retry_max_seconds >= 0,
            "retry_base_delay": self.retry_base_delay >= 0,
            "retry_max_delay": self.retry_max_delay >= 0,
            "max_response_bytes": self.max_response_bytes >= 1024,
            "session_refresh_margin": self.session_refresh_margin >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ValueError(f"ClientConfig: invalid value for {', '.join(bad)}.")


@dataclass(frozen=True)
class SessionInfo:
    """An API session from ``getAPISession``; ``expires_at`` slides with every response."""

    sessionid: Secret = field(repr=False)
    endpoint: str
    entity_id: str
    user_id: str = ""
    company_id: str = ""
    expires_at: datetime | None = None
