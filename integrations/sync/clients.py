"""Build the Intacct client for a connection (the only place passwords are revealed), and
the protocol the engine types its client with."""

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from integrations.intacct import (
    Attachment,
    ClientConfig,
    Credentials,
    Function,
    FunctionOutcome,
    IntacctClient,
    Page,
)
from integrations.intacct import filters as F
from integrations.models import IntacctConnection
from integrations.request_slots import shared_slots


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
    return IntacctClient(credentials_for(connection), client_config(), shared_slots=shared_slots())


class ClientStats(Protocol):
    """The call accounting a run reads from its client."""

    @property
    def requests(self) -> int: ...

    @property
    def billable_transactions(self) -> int: ...


class SyncClient(Protocol):
    """What the engine and the steps' callbacks use of an Intacct client.

    :class:`IntacctClient` is one; unit tests of the engine pass a fake with the same shape.
    """

    @property
    def stats(self) -> ClientStats: ...

    def query(
        self,
        object: str,
        fields: Sequence[str],
        *,
        filter: F.Filter | None = None,
        order_by: Sequence[tuple[str, str]] = (),
        page_size: int = 2000,
    ) -> Iterator[Page]: ...

    def query_modified_since(
        self,
        object: str,
        fields: Sequence[str],
        *,
        since: datetime | None,
        filter: F.Filter | None = None,
        page_size: int = 2000,
    ) -> Iterator[Page]: ...

    def execute(
        self, functions: Sequence[Function], *, transaction: bool = False
    ) -> list[FunctionOutcome]: ...

    def retrieve_pdfs(
        self, recordnos: Sequence[int], *, docparid: str | None = None
    ) -> dict[int, bytes]: ...

    def supdoc_attachments(self, supdoc_id: str) -> list[Attachment]: ...

    def supdoc_attachments_many(self, supdoc_ids: Sequence[str]) -> dict[str, list[Attachment]]: ...

    def close(self) -> None: ...
