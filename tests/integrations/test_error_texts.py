"""Errors say what to do: the most specific Intacct text, catalogue text formatted and safe,
and every failure that matches a catalogue entry links to it."""

import pytest
from django.urls import reverse

from integrations.catalogue_text import catalogue_html
from integrations.models import ErrorCatalogueEntry
from integrations.services import connection_test
from integrations.sync.errors import record_failure
from tests.factories.connections import IntacctConnectionFactory

DATA_LAYER = [
    {
        "errorno": "DL02000001",
        "description": "Error",
        "description2": "There was an error processing the request.",
        "correction": "Invalid field 'CUSTTYPE_BOGUS' for object CUSTOMER",
    }
]


def test_catalogue_text_is_formatted_and_escaped():
    html = catalogue_html(
        'Check the connection\'s user.\n1. Open <b>Company</b>.\n2. Press "Save" & test.\n\n'
        "<script>alert(1)</script>"
    )
    assert html == (
        "<p>Check the connection&#x27;s user.</p>"
        "<ol><li>Open &lt;b&gt;Company&lt;/b&gt;.</li><li>Press &quot;Save&quot; &amp; test.</li>"
        "</ol><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


@pytest.mark.django_db
def test_the_summary_is_intacts_most_specific_text(admin_client):
    conn = IntacctConnectionFactory()
    error = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="",
        errors=DATA_LAYER,
    )
    assert error.summary == "Invalid field 'CUSTTYPE_BOGUS' for object CUSTOMER"
    body = admin_client.get(reverse("admin:integrations_syncerror_changelist")).content.decode()
    assert "Invalid field &#x27;CUSTTYPE_BOGUS&#x27;" in body
    assert "There was an error processing the request" not in body


@pytest.mark.django_db
def test_error_page_renders_catalogue_text_not_markup(admin_client):
    conn = IntacctConnectionFactory()
    entry = ErrorCatalogueEntry.objects.create(
        title="Consultant's entry",
        errorno="ZZ0001",
        cause="The <i>customer</i> type is wrong.",
        fix_steps="1. Open the connection's page.\n2. <img src=x onerror=alert(1)> Retry.",
    )
    error = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="9",
        errors=[{"errorno": "ZZ0001", "description2": "Bad type"}],
    )
    assert error.catalogue_entry == entry
    body = admin_client.get(
        reverse("admin:integrations_syncerror_change", args=[error.pk])
    ).content.decode()
    fix = body[body.index("catalogue-fix") :]
    assert "<ol><li>Open the connection&#x27;s page.</li>" in fix
    assert "&lt;img src=x onerror=alert(1)&gt; Retry." in fix
    assert "<img src=x" not in body and "&lt;p&gt;" not in body and "&amp;#x27;" not in body
    assert "&lt;i&gt;customer&lt;/i&gt;" in fix


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "errorno"),
    [({"company_id": "NO-SUCH-CO"}, "XMLGW_JPP0002"), ({"user_password": "wrong"}, "XL03000006")],
)
def test_a_failed_sign_in_links_to_its_catalogue_entry(
    sandbox, connect, admin_client, change, errorno
):
    conn = connect(sandbox)
    for name, value in change.items():
        setattr(conn, name, value)
    conn.save()
    result = connection_test(connection=conn)
    assert not result.ok and result.catalogue_entry is not None
    assert result.catalogue_entry.errorno == errorno
    response = admin_client.post(
        reverse("admin:integrations_intacctconnection_test", args=[conn.pk]), follow=True
    )
    body = response.content.decode()
    link = reverse(
        "admin:integrations_errorcatalogueentry_change", args=[result.catalogue_entry.pk]
    )
    assert f'href="{link}" class="catalogue-link"' in body


@pytest.mark.django_db
def test_the_fix_links_only_to_pages_the_viewer_may_open(admin_client, staff_client):
    conn = IntacctConnectionFactory()
    error = record_failure(
        connection=conn,
        run=None,
        step="customers",
        object_name="CUSTOMER",
        direction="pull",
        record_key="3",
        errors=[{"errorno": "XMLGW_JPP0002", "description2": "Sign-in failed"}],
    )
    assert error.catalogue_entry is not None and error.catalogue_entry.admin_link
    url = reverse("admin:integrations_syncerror_change", args=[error.pk])
    settings_url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    assert f"href='{settings_url}'" in admin_client.get(url).content.decode()
    staff_page = staff_client.get(url).content.decode()
    assert settings_url not in staff_page
    assert "A consultant can fix it" in staff_page
