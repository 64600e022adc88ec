"""The Intacct XML client. Pure Python (requests + lxml); never imports Django.

Layers: :mod:`.config` (credentials, settings) -> :mod:`.functions` (one builder per Intacct
function) -> :mod:`.envelope` -> :mod:`.transport` -> :mod:`.parser` -> :class:`IntacctClient`.
"""

from . import filters
from . import filters as F
from .client import IntacctClient
from .config import DEFAULT_ENDPOINT, ClientConfig, Credentials, SessionInfo
from .endpoints import EndpointNotAllowed, check_endpoint
from .errors import (
    AmbiguousWriteError,
    CredentialsError,
    ErrorDetail,
    FunctionError,
    InFlightWaitTimeout,
    IntacctError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitError,
    RequestValueError,
    SenderCredentialsError,
    SlotStoreError,
    TemporaryOutageError,
    TransportError,
    UnsafeResponseError,
    UserCredentialsError,
)
from .functions import Function
from .inflight import SharedInFlight, SharedSlots
from .inflight_redis import RedisSlots
from .records import (
    Record,
    format_date,
    format_datetime,
    to_bool,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
)
from .results import (
    Attachment,
    CallStats,
    FieldDefinition,
    FunctionOutcome,
    ObjectDefinition,
    Page,
    Relationship,
)
from .secret import Secret
from .throttle import background_priority

__all__ = [
    "DEFAULT_ENDPOINT",
    "AmbiguousWriteError",
    "Attachment",
    "CallStats",
    "ClientConfig",
    "Credentials",
    "CredentialsError",
    "EndpointNotAllowed",
    "ErrorDetail",
    "F",
    "FieldDefinition",
    "Function",
    "FunctionError",
    "FunctionOutcome",
    "InFlightWaitTimeout",
    "IntacctClient",
    "IntacctError",
    "ObjectDefinition",
    "Page",
    "PermissionDeniedError",
    "ProtocolError",
    "RateLimitError",
    "Record",
    "RedisSlots",
    "Relationship",
    "RequestValueError",
    "Secret",
    "SenderCredentialsError",
    "SessionInfo",
    "SharedInFlight",
    "SharedSlots",
    "SlotStoreError",
    "TemporaryOutageError",
    "TransportError",
    "UnsafeResponseError",
    "UserCredentialsError",
    "background_priority",
    "check_endpoint",
    "filters",
    "format_date",
    "format_datetime",
    "to_bool",
    "to_date",
    "to_datetime",
    "to_decimal",
    "to_int",
]
