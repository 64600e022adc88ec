"""Records the app owns: the push version moves only on change; the admin base guards pushes.

``PaymentTerm`` stands in for an app-owned model here: any ``IntacctRecord`` has the binding
and the push version these pieces work on.
"""

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from ar.models import PaymentTerm
from integrations.admin.owned import AppOwnedRecordAdmin
from integrations.models import SyncError, SyncState
from integrations.sync.pending import record_mark_pending_push
from integrations.sync.push import controlid_for
from integrations.sync.steps import PushStep
from tests.factories.ar import PaymentTermFactory
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

STEP = PushStep(
    name="terms_push",
    object_name="ARTERM",
    model=PaymentTerm,
    select_pending=lambda connection: [],
    build=lambda record, cid: None,
    find_existing=lambda client, record: None,
    key_from_outcome=lambda outcome: (None, ""),
)


def test_a_new_record_is_queued_at_version_one():
    term = PaymentTerm(connection=IntacctConnectionFactory(), name="Net 45", due_days=45)
    assert record_mark_pending_push(record=term) is True
    stored = PaymentTerm.objects.get(pk=term.pk)
    assert (stored.push_version, stored.sync_state) == (1, SyncState.PENDING_PUSH)
    assert controlid_for(STEP, term) == f"terms_push:{term.pk}:v1"


def test_a_change_moves_the_version_and_the_controlid():
    term = PaymentTermFactory(intacct_recordno=None, push_version=3, due_days=30)
    before = controlid_for(STEP, term)
    term.due_days = 60
    assert record_mark_pending_push(record=term) is True
    stored = PaymentTerm.objects.get(pk=term.pk)
    assert (stored.push_version, stored.due_days, stored.sync_state) == (
        4,
        60,
        SyncState.PENDING_PUSH,
    )
    assert term.push_version == 4
    assert controlid_for(STEP, term) != before


def test_an_unchanged_save_keeps_version_state_and_controlid():
    term = PaymentTermFactory(
        intacct_recordno=None, push_version=2, sync_state=SyncState.FAILED, due_days=30
    )
    before = controlid_for(STEP, term)
    term.due_days = 30
    term.discount_amount = None
    assert record_mark_pending_push(record=term) is False
    stored = PaymentTerm.objects.get(pk=term.pk)
    assert (stored.push_version, stored.sync_state) == (2, SyncState.FAILED)
    assert controlid_for(STEP, term) == before


def test_engine_fields_are_not_content():
    term = PaymentTermFactory(intacct_recordno=None, push_version=1, sync_state="synced")
    term.sync_hash = "x" * 40
    term.last_synced_at = None
    assert record_mark_pending_push(record=term) is False
    assert PaymentTerm.objects.get(pk=term.pk).push_version == 1


class _TermAdmin(AppOwnedRecordAdmin):
    fields = ("name", "description", "due_days", "discount_amount")


@pytest.fixture
def term_admin():
    return _TermAdmin(PaymentTerm, AdminSite())


@pytest.fixture
def su_request():
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_superuser("root", "r@example.com", "pw")
    return request


def test_unpushed_record_is_editable_and_deletable(term_admin, su_request):
    term = PaymentTermFactory(intacct_recordno=None)
    readonly = term_admin.get_readonly_fields(su_request, term)
    assert "due_days" not in readonly and "name" not in readonly
    assert {"sync_state", "last_pushed_at", "intacct_recordno", "errors_link"} <= set(readonly)
    assert term_admin.has_delete_permission(su_request, term) is True


def test_pushed_record_is_read_only_and_not_deletable(term_admin, su_request):
    term = PaymentTermFactory(intacct_recordno=777)
    readonly = set(term_admin.get_readonly_fields(su_request, term))
    assert {"name", "description", "due_days", "discount_amount", "status"} <= readonly
    assert term_admin.has_delete_permission(su_request, term) is False
    fieldsets = term_admin.get_fieldsets(su_request, term)
    assert fieldsets[-1][0] == "Sync with Intacct"


def test_admin_save_goes_through_the_pending_push_service(term_admin, su_request):
    term = PaymentTermFactory(intacct_recordno=None, push_version=0, due_days=10)
    term.due_days = 20
    term_admin.save_model(su_request, term, form=None, change=True)
    assert PaymentTerm.objects.get(pk=term.pk).push_version == 1
    term_admin.save_model(su_request, term, form=None, change=True)
    assert PaymentTerm.objects.get(pk=term.pk).push_version == 1


def test_admin_save_of_a_pushed_record_changes_nothing(term_admin, su_request):
    term = PaymentTermFactory(intacct_recordno=55, push_version=2, due_days=10)
    term.due_days = 99
    term_admin.save_model(su_request, term, form=None, change=True)
    stored = PaymentTerm.objects.get(pk=term.pk)
    assert (stored.due_days, stored.push_version) == (10, 2)


def test_errors_link_opens_the_errors_of_that_record_only(term_admin, admin_client):
    term = PaymentTermFactory(intacct_recordno=None)
    other = PaymentTermFactory(intacct_recordno=None, connection=term.connection)
    for record, label in ((term, "mine"), (other, "someone else's")):
        SyncError.objects.create(
            connection=term.connection,
            step="terms_push",
            object_name="ARTERM",
            direction=SyncError.Direction.PUSH,
            record_key=str(record.pk),
            record_label=label,
            local_model="ar.PaymentTerm",
            local_pk=str(record.pk),
            errorno="BL01001973",
            summary="refused",
        )
    link = term_admin.errors_link(term)
    assert "1 open" in link
    url = link.split('href="')[1].split('"')[0].replace("&amp;", "&")
    page = admin_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "mine" in body and "someone else" not in body
