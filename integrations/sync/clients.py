"""Build the Intacct client for a connection (the only place passwords are revealed)."""

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from integrations.intacct import ClientConfig, Credentials, IntacctClient
from integrations.models import IntacctConnection


@sensitive_variables()
def credentials_for(connection: IntacctConnection) -> Credentials:
    return Credentials(
        sender_id=connection.sender_id,
        sender_password=connection.sender_password,
        company_id=connection.company_id,
        user_id=connection.user_id,
        user_password=connection.user_password,
        entity_id=connection.entity_id,
        endpoint_url=connection.endpoint_url,
    )


def client_config() -> ClientConfig:
    return ClientConfig(
        allowed_endpoints=tuple(settings.INTACCT_ENDPOINT_ALLOWLIST),
        connect_timeout=settings.INTACCT_CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.INTACCT_READ_TIMEOUT_SECONDS,
        batch_size=settings.INTACCT_BATCH_SIZE,
        max_in_flight=settings.INTACCT_MAX_IN_FLIGHT,
        max_requests_per_second=settings.INTACCT_MAX_REQUESTS_PER_SECOND,
        retry_attempts=settings.INTACCT_RETRY_ATTEMPTS,
        retry_max_seconds=settings.INTACCT_RETRY_MAX_SECONDS,
        retry_base_delay=settings.INTACCT_RETRY_BASE_DELAY_SECONDS,
    )


def client_for(connection: IntacctConnection) -> IntacctClient:
    return IntacctClient(credentials_for(connection), client_config())
