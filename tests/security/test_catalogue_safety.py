"""The troubleshooting catalogue cannot be turned against its readers: links are relative
admin paths only, and patterns run in linear time, never inside a write transaction."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from integrations.models import ErrorCatalogueEntry, SyncError, SyncRun
from integrations.sync import catalogue
from integrations.sync import errors as sync_errors
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

CATASTROPHIC = r"(.*\s?)*!"


def entry(**fields) -> ErrorCatalogueEntry:
    defaults = {"title": "T", "errorno": "X1", "cause": "c", "fix_steps": "f"}
    return ErrorCatalogueEntry(**{**defaults, **fields})


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https://evil.example/admin/",
        "//evil.example/admin/",
        "/admin/\\\\evil.example",
        "/admin/x' onmouseover='alert(1)",
        "/admin/x\x0bjavascript:alert(1)",
        "/ar/invoices/1/pdf/",
    ],
)
def test_links_other_than_relative_admin_paths_are_refused(link):
    with pytest.raises(ValidationError) as caught:
        entry(admin_link=link).full_clean()
    assert "admin_link" in caught.value.message_dict


def test_a_relative_admin_path_is_accepted():
    e = entry(admin_link="/admin/integrations/intacctconnection/{connection_id}/change/")
    e.full_clean()
    assert e.link_for(7) == "/admin/integrations/intacctconnection/7/change/"


def test_a_stored_javascript_link_is_never_rendered(admin_client, staff_client):
    conn = IntacctConnectionFactory()
    bad = entry(admin_link="javascript:alert(document.cookie)")
    bad.save()  # stored before validation existed
    error = SyncError.objects.create(
        connection=conn,
        object_name="CUSTOMER",
        direction="pull",
        record_key="1",
        errors=[{"errorno": "X1", "description": "d"}],
        catalogue_entry=bad,
    )
    url = reverse("admin:integrations_syncerror_change", args=[error.pk])
    for client in (admin_client, staff_client):
        page = client.get(url).content.decode()
        assert "How to fix" in page or "catalogue-fix" in page
        assert "javascript:" not in page.lower()


def test_the_catastrophic_pattern_is_matched_in_linear_time():
    e = entry(errorno="", message_pattern=CATASTROPHIC)
    e.full_clean()
    e.save()
    errors = [{"errorno": "BL1", "description": "a " * 5_000 + "no bang here"}]
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(catalogue.match(errors)), daemon=True)
    worker.start()
    # A safety net against hanging the suite (Python's re would backtrack for ages), not a
    # measurement: RE2 answers in microseconds.
    worker.join(timeout=120)
    assert not worker.is_alive() and found == [None]
    assert catalogue.match([{"description": "a b c!"}]) == e


def test_patterns_needing_backtracking_are_refused_with_a_message():
    with pytest.raises(ValidationError, match="RE2"):
        entry(message_pattern=r"(a)\1").full_clean()


def test_patterns_never_run_inside_a_write_transaction(monkeypatch):
    conn = IntacctConnectionFactory()
    run = SyncRun.objects.create(connection=conn, trigger="command", stage="incremental")
    entry(errorno="", message_pattern="customer .* is locked").save()
    during: list[bool] = []
    real = catalogue.pattern_search

    def spy(pattern, text):
        during.append(sync_errors.write_transaction_open())
        return real(pattern, text)

    monkeypatch.setattr(catalogue, "pattern_search", spy)
    with transaction.atomic():  # e.g. a page being applied
        error = sync_errors.record_failure(
            connection=conn,
            run=run,
            step="customers",
            object_name="CUSTOMER",
            direction="pull",
            record_key="5",
            errors=[{"errorno": "BL9", "description": "Customer C-5 is locked"}],
        )
    assert during == [] and error.catalogue_entry is None
    assert sync_errors.attach_catalogue(run=run) == 1
    error.refresh_from_db()
    assert error.catalogue_entry is not None and during and not any(during)
