"""The role matrix, asserted through the admin for every registered model."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from integrations.roles import ACCOUNTING_STAFF, IMPLEMENTATION_CONSULTANTS, ROLE_GRANTS
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db

# What each role may do, stated independently of ROLE_GRANTS so that a change there that
# widens access fails here. (app_label, model) -> {role: allowed actions}.
NO_CONFIG = {ACCOUNTING_STAFF: set(), IMPLEMENTATION_CONSULTANTS: {"view", "add", "change"}}
# Company-wide master data that the AR and AP records point at.
SHARED_RECORDS = ("subsidiary", "contact", "glaccount", "department", "location", "class")
CASH_WORK = ("banktransaction", "bankfileimport", "payment", "paymentapplication")
CASH_SETTINGS = ("paymentmethodrule", "cashaccountdefault", "bankaccount")
AP_CONFIGURATION = ("statusmapping", "purchasingsettings")


def expected_actions(role: str, app_label: str, model: str) -> set[str]:
    if app_label == "ar" and model == "appinvoice" and role == ACCOUNTING_STAFF:
        return {"view", "add", "change", "delete"}  # the invoices staff make here
    if app_label == "ar" and model == "customernamechoice" and role == IMPLEMENTATION_CONSULTANTS:
        return {"view", "add", "change", "delete"}  # consultants choose for shared names
    if app_label == "ar" and model in CASH_WORK and role == ACCOUNTING_STAFF:
        return {"view", "add", "change"}  # cash application: bank lines and payments
    if app_label == "ar" and model in CASH_SETTINGS and role == IMPLEMENTATION_CONSULTANTS:
        return {"view", "add", "change", "delete"}  # method rules, default and bank accounts
    if app_label == "ar":
        return {"view"}  # records Intacct owns: nobody changes them here
    if app_label == "ap" and model in AP_CONFIGURATION:
        # The status map and purchasing settings: consultants configure, staff look.
        return {"view"} if role == ACCOUNTING_STAFF else {"view", "add", "change", "delete"}
    if app_label == "ap":
        return {"view", "change"} if role == ACCOUNTING_STAFF else {"view"}
    if app_label == "integrations":
        if model == "syncrun" and role == ACCOUNTING_STAFF:
            return {"view"}
        if model == "syncerror" and role == ACCOUNTING_STAFF:
            return {"view", "change"}  # retry and skip their records
        if model in SHARED_RECORDS and role == ACCOUNTING_STAFF:
            return {"view", "change"}
        return NO_CONFIG[role]
    if app_label == "django_q" and model == "schedule" and role == IMPLEMENTATION_CONSULTANTS:
        return {"view"}
    return set()


REGISTERED = sorted(
    (m._meta.app_label, m._meta.model_name) for m in admin.site._registry if m._meta.app_label
)


def test_groups_exist_with_the_matrix():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GRANTS)


@pytest.mark.parametrize("role_client", ["staff_client", "consultant_client"])
@pytest.mark.parametrize(("app_label", "model"), REGISTERED)
def test_changelist_and_add_pages(request, role_client, app_label, model):
    client = request.getfixturevalue(role_client)
    role = ACCOUNTING_STAFF if role_client == "staff_client" else IMPLEMENTATION_CONSULTANTS
    allowed = expected_actions(role, app_label, model)
    changelist = client.get(reverse(f"admin:{app_label}_{model}_changelist"))
    assert changelist.status_code == (200 if "view" in allowed else 403)
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model)
    add_url = f"admin:{app_label}_{model}_add"
    if model_admin.has_add_permission.__func__ is admin.ModelAdmin.has_add_permission:
        add = client.get(reverse(add_url))
        assert add.status_code == (200 if "add" in allowed else 403)


@pytest.mark.parametrize(
    ("role_client", "status"), [("staff_client", 403), ("consultant_client", 200)]
)
def test_connection_change_page(request, role_client, status):
    conn = IntacctConnectionFactory()
    client = request.getfixturevalue(role_client)
    url = reverse("admin:integrations_intacctconnection_change", args=[conn.pk])
    assert client.get(url).status_code == status


def test_staff_index_does_not_list_connections(staff_client):
    body = staff_client.get(reverse("admin:index")).content.decode()
    assert "Intacct connections" not in body


def test_consultant_index_lists_connections(consultant_client):
    body = consultant_client.get(reverse("admin:index")).content.decode()
    assert "Intacct connections" in body


def test_staff_hold_no_ar_permission_that_allows_nothing():
    staff = Group.objects.get(name=ACCOUNTING_STAFF)
    codenames = set(
        staff.permissions.filter(content_type__app_label="ar").values_list("codename", flat=True)
    )
    # The invoices staff make here (and their lines) are theirs to write; the rest is view.
    made_here = {"appinvoice", "invoiceentry", *CASH_WORK}
    writes = {c for c in codenames if not c.startswith("view_")}
    assert codenames and {c.split("_", 1)[1] for c in writes} == made_here
