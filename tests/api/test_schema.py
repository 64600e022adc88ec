"""The OpenAPI schema and its interactive page, served from this site alone."""

import re

import pytest


@pytest.mark.django_db
def test_the_schema_is_openapi_3_and_documents_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/invoices/",
        "/api/v1/invoices/{id}/",
        "/api/v1/sync-errors/{id}/retry/",
        "/api/v1/operations/sync-now/",
        "/api/v1/operations/manual-imports/",
        "/api/v1/connections/",
    ):
        assert path in paths
    sync_now = paths["/api/v1/operations/sync-now/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in sync_now["parameters"]]
    assert sync_now["responses"]["409"]["content"]["application/problem+json"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_interactive_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "script-src 'self'" in page["Content-Security-Policy"]
    init = [s for s in sources if "script_url" in s or "swagger-ui-init" in s or "docs/?" in s]
    assert init, sources
    script = client.get(init[0])
    assert script.status_code == 200
    assert b"/api/schema/" in script.content
