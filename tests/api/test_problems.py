"""One error shape (RFC 9457) for every error: unknown paths, methods, media types, bodies,
credentials, rate limits — and never a traceback."""

import pytest
from rest_framework.test import APIClient

from api.problems import problem_exception_handler
from tests.api.data import make_book

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.content.decode()
    return body


@pytest.fixture
def book(db):
    return make_book()


def test_unknown_path_and_unknown_record(staff_api, book):
    assert_problem(staff_api.get("/api/v1/no-such-thing/"), 404)
    assert_problem(staff_api.get("/api/nothing"), 404)
    body = assert_problem(staff_api.get("/api/v1/invoices/999999/"), 404)
    assert body["instance"] == "/api/v1/invoices/999999/"
    assert_problem(staff_api.get("/api/v1/invoices/not-a-number/"), 404)
    # A newline in the path is still under /api/: a problem, not the HTML page.
    assert_problem(staff_api.post("/api/v1/payments/%0A/apply/"), 404)


def test_method_media_type_and_body(consultant_api, book):
    assert_problem(consultant_api.delete(f"/api/v1/invoices/{book.invoice.pk}/"), 405)
    assert_problem(consultant_api.put("/api/v1/operations/sync-now/", {}, format="json"), 405)
    assert_problem(
        consultant_api.post(
            "/api/v1/operations/sync-now/", "connection=1", content_type="text/plain"
        ),
        415,
    )
    body = assert_problem(
        consultant_api.post(
            "/api/v1/operations/sync-now/", '{"connection": ', content_type="application/json"
        ),
        400,
    )
    assert body["code"] == "parse_error"
    assert_problem(consultant_api.get("/api/v1/invoices/", HTTP_ACCEPT="text/csv"), 406)


def test_field_errors_are_listed_by_field(consultant_api, book):
    body = assert_problem(
        consultant_api.post(
            "/api/v1/operations/manual-imports/",
            {"connection": "x", "what": "", "parameters": {"a": ["b"]}},
            format="json",
        ),
        400,
    )
    assert set(body["errors"]) == {"connection", "what", "parameters.a"}
    assert body["code"] == "invalid"


def test_bad_token(book):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_problem(client.get("/api/v1/invoices/"), 401)


def test_rate_limit_per_token_with_retry_after(api_for, book, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min"},
    }
    first, second = api_for("staff"), api_for("staff")
    for _ in range(3):
        assert first.get("/api/v1/entities/").status_code == 200
    limited = first.get("/api/v1/entities/")
    body = assert_problem(limited, 429)
    assert body["code"] == "throttled"
    assert 0 < int(limited["Retry-After"]) <= 60
    # Another token has its own allowance.
    assert second.get("/api/v1/entities/").status_code == 200


def test_an_unexpected_error_is_a_bare_500(rf):
    request = rf.get("/api/v1/invoices/")
    response = problem_exception_handler(RuntimeError("secret detail"), {"request": request})
    assert response.status_code == 500
    assert "secret detail" not in str(response.data)
    assert response.data["title"] == "Internal Server Error"
