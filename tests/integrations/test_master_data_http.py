"""Shared master data pulled over real HTTP from the sandbox: entities, contacts, GL
accounts and the dimensions (departments, locations, classes), active records only."""

import pytest

from integrations.intacct.functions.writes import Create, Update
from integrations.models import Class, Contact, Department, GLAccount, Location, Subsidiary
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for

pytestmark = pytest.mark.django_db

DIMENSIONS = ("gl_accounts", "departments", "locations", "classes")

# table -> (model, {local field: sandbox column}) for every field the declarations pull.
EXPECTED = {
    "glaccount": (
        GLAccount,
        {
            "account_no": "ACCOUNTNO",
            "title": "TITLE",
            "account_type": "ACCOUNTTYPE",
            "normal_balance": "NORMALBALANCE",
            "closing_type": "CLOSINGTYPE",
            "status": "STATUS",
            "require_department": "REQUIREDEPT",
            "require_location": "REQUIRELOC",
            "require_class": "REQUIRECLASS",
        },
    ),
    "department": (
        Department,
        {
            "department_id": "DEPARTMENTID",
            "title": "TITLE",
            "parent_id": "PARENTID",
            "status": "STATUS",
        },
    ),
    "location": (
        Location,
        {
            "location_id": "LOCATIONID",
            "name": "NAME",
            "parent_id": "PARENTID",
            "entity_id": "ENTITY",
            "currency": "CURRENCY",
            "status": "STATUS",
        },
    ),
    "class": (
        Class,
        {
            "class_id": "CLASSID",
            "name": "NAME",
            "description": "DESCRIPTION",
            "parent_id": "PARENTID",
            "status": "STATUS",
        },
    ),
}
IDS = {
    "glaccount": "ACCOUNTNO",
    "department": "DEPARTMENTID",
    "location": "LOCATIONID",
    "class": "CLASSID",
}


def run_sync(conn, stage, objects=DIMENSIONS):
    run = sync_start(
        connection=conn, trigger="command", stage=stage, objects=list(objects), enqueue=False
    )
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def local_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value or None


def assert_equal_to_sandbox(sandbox, conn):
    for table, (model, columns) in EXPECTED.items():
        rows = {
            r["RECORDNO"]: r
            for r in sandbox.query_rows(f"SELECT * FROM {table} WHERE STATUS <> 'inactive'")
        }
        local = {o.intacct_recordno: o for o in model.objects.filter(connection=conn)}
        assert rows and set(local) == set(rows), table
        for recordno, row in rows.items():
            obj = local[recordno]
            assert obj.intacct_id == row[IDS[table]]
            for field, column in columns.items():
                got, want = local_value(getattr(obj, field)), row.get(column)
                if column.startswith("REQUIRE"):
                    want = want or "false"
                assert got == want, (table, recordno, field, got, want)


def test_gl_accounts_and_dimensions_are_pulled_active_only(sandbox, connect):
    conn = connect(sandbox)
    client = client_for(conn)
    # One record of each made inactive in Intacct before the first import.
    first = {
        table: sandbox.query_rows(f"SELECT RECORDNO FROM {table} ORDER BY RECORDNO DESC LIMIT 1")[
            0
        ]["RECORDNO"]
        for table in EXPECTED
    }
    outcomes = client.execute(
        [
            Update(table.upper(), {"RECORDNO": no, "STATUS": "inactive"}, controlid=f"off-{table}")
            for table, no in first.items()
        ]
    )
    assert [o.status for o in outcomes] == ["success"] * 4, [o.errors for o in outcomes]

    run = run_sync(conn, "initial")
    assert_equal_to_sandbox(sandbox, conn)
    for table, (model, _) in EXPECTED.items():
        assert not model.objects.filter(intacct_recordno=first[table]).exists(), table
    created = {step: run.counts[step]["created"] for step in DIMENSIONS}
    assert created == {
        step: model.objects.count()
        for step, (model, _) in zip(DIMENSIONS, EXPECTED.values(), strict=True)
    }

    # Incremental: a renamed department, a class gone inactive, a new location.
    department = Department.objects.order_by("intacct_recordno").first()
    klass = Class.objects.order_by("intacct_recordno").first()
    outcomes = client.execute(
        [
            Update(
                "DEPARTMENT",
                {"RECORDNO": department.intacct_recordno, "TITLE": "Sales & <Marketing>"},
                controlid="dept-rename",
            ),
            Update(
                "CLASS",
                {"RECORDNO": klass.intacct_recordno, "STATUS": "inactive"},
                controlid="cls-off",
            ),
            Create(
                "LOCATION",
                {"LOCATIONID": "US-SF", "NAME": "San Francisco office", "PARENTID": "US"},
                controlid="loc-new",
            ),
        ]
    )
    assert [o.status for o in outcomes] == ["success"] * 3, [o.errors for o in outcomes]
    run = run_sync(conn, "incremental")
    department.refresh_from_db()
    klass.refresh_from_db()
    assert department.title == "Sales & <Marketing>"
    # Already imported: its status change is taken, so it shows as inactive here.
    assert klass.status == "inactive"
    assert Location.objects.get(location_id="US-SF").name == "San Francisco office"
    assert run.counts["departments"]["updated"] == 1
    assert run.counts["locations"]["created"] == 1


def test_the_initial_import_brings_the_shared_master_data(sandbox_server, connect):
    conn = connect(sandbox_server)
    run_sync(conn, "initial", objects=("subsidiaries", "contacts", *DIMENSIONS))
    assert_equal_to_sandbox(sandbox_server, conn)
    assert set(Subsidiary.objects.values_list("intacct_id", flat=True)) == {
        r["LOCATIONID"]
        for r in sandbox_server.query_rows(
            "SELECT LOCATIONID FROM locationentity WHERE STATUS <> 'inactive'"
        )
    }
    assert Contact.objects.filter(connection=conn).count() == len(
        sandbox_server.query_rows("SELECT RECORDNO FROM contact WHERE STATUS <> 'inactive'")
    )
