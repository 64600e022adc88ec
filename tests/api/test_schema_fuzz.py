"""Property-based fuzz of the whole OpenAPI schema (schemathesis over WSGI, in-process).

Every operation gets a bounded number of generated requests, signed in as a consultant with
a book of records in the database; no answer may be a server error or differ from what the
schema documents (status, content type, body).
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from integrations.models import IntacctConnection
from tests.api.conftest import make_user
from tests.api.data import make_book

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _connections_stay_open():
    """The WSGI handler closes the database connection after each request; inside a test's
    transaction it must not (Django's test client disconnects the same signal)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def book(db, settings, _connections_stay_open):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "100000/min"},
    }
    book = make_book()
    # Tested, but its endpoint is off the allow-list: an operation that would reach Intacct
    # (a push preview, a dry run) is refused before a byte is sent, never a network call.
    IntacctConnection.objects.filter(pk=book.connection.pk).update(
        credentials_status="ok", endpoint_url="http://127.0.0.1:9/ia/xml/xmlgw.phtml"
    )
    return book


@pytest.fixture
def token(db):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=make_user("fuzzer", "consultant")).key


def _generated_schema() -> dict:
    """The schema /api/schema/ serves, generated from the code as that view does."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


# Every fuzz of the schema: bounded, the same examples every run, no health check refusals.
FUZZ = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_dict(_generated_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@FUZZ
def test_the_api_honours_its_schema(case, book, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
