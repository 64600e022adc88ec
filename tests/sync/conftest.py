import pytest

from integrations.models import IntacctConnection


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
