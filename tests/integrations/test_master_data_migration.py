"""Moving entities and contacts from ``ar`` to ``integrations`` keeps every row and link.

The database is migrated back to before the move, filled the way the old code filled it,
and migrated forward again (and back once more, to prove the move reverses).
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("integrations", "0007_syncrun_parameters"),
    ("ar", "0002_customer_custom_fields_creditmemo_creditmemoline_and_more"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _fk_target(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    targets = [
        c["foreign_key"][0]
        for c in constraints.values()
        if c["columns"] == [column] and c["foreign_key"]
    ]
    assert len(targets) == 1, constraints
    return targets[0]


def _constraint_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def _fill_old_database(apps) -> dict:
    """Rows as the old code wrote them, with a permission granted on the old content type."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # The types are under ``ar`` as in an old database (migrating back moved them there).
    assert not ContentType.objects.filter(app_label="integrations", model="contact").exists()
    contact_type, _ = ContentType.objects.get_or_create(app_label="ar", model="contact")
    view_contact, _ = Permission.objects.get_or_create(
        content_type=contact_type, codename="view_contact", defaults={"name": "Can view contact"}
    )
    group = Group.objects.create(name="Contact readers")
    group.permissions.add(view_contact)

    conn = apps.get_model("integrations", "IntacctConnection").objects.create(
        name="Old", company_id="CO", user_id="u", sender_id="s"
    )
    Subsidiary = apps.get_model("ar", "Subsidiary")
    Contact = apps.get_model("ar", "Contact")
    east = Subsidiary.objects.create(
        connection=conn, intacct_recordno=1, intacct_id="E1", location_id="E1", name="East"
    )
    west = Subsidiary.objects.create(
        connection=conn, intacct_recordno=2, intacct_id="W1", location_id="W1", name="West ñ"
    )
    ann = Contact.objects.create(
        connection=conn, intacct_recordno=10, intacct_id="Ann", contact_name="Ann", email="a@x.io"
    )
    bob = Contact.objects.create(
        connection=conn, intacct_recordno=11, intacct_id="Bob", contact_name="Bob"
    )
    customer = apps.get_model("ar", "Customer").objects.create(
        connection=conn,
        intacct_recordno=100,
        customer_id="C1",
        name="Acme",
        created_in_entity=west,
        display_contact=ann,
        bill_to_contact=bob,
    )
    common = {"connection": conn, "customer": customer, "subsidiary": east}
    invoice = apps.get_model("ar", "Invoice").objects.create(
        intacct_recordno=200, number="INV-1", **common
    )
    payment = apps.get_model("ar", "Payment").objects.create(
        intacct_recordno=300, number="P-1", **common
    )
    memo = apps.get_model("ar", "CreditMemo").objects.create(
        intacct_recordno=400, number="CM-1", **common
    )
    return {
        "east": east.pk,
        "west": west.pk,
        "ann": ann.pk,
        "bob": bob.pk,
        "customer": customer.pk,
        "invoice": invoice.pk,
        "payment": payment.pk,
        "memo": memo.pk,
        "contact_type": contact_type.pk,
    }


def _check_moved(apps, pks: dict) -> None:
    Subsidiary = apps.get_model("integrations", "Subsidiary")
    Contact = apps.get_model("integrations", "Contact")
    assert sorted(Subsidiary.objects.values_list("pk", "location_id", "name")) == sorted(
        [(pks["east"], "E1", "East"), (pks["west"], "W1", "West ñ")]
    )
    assert sorted(Contact.objects.values_list("pk", "contact_name", "email")) == sorted(
        [(pks["ann"], "Ann", "a@x.io"), (pks["bob"], "Bob", "")]
    )
    customer = apps.get_model("ar", "Customer").objects.get(pk=pks["customer"])
    assert customer.created_in_entity.location_id == "W1"
    assert customer.display_contact.contact_name == "Ann"
    assert customer.bill_to_contact.contact_name == "Bob"
    assert customer.primary_contact is None
    for model, key in (("Invoice", "invoice"), ("Payment", "payment"), ("CreditMemo", "memo")):
        row = apps.get_model("ar", model).objects.get(pk=pks[key])
        assert row.subsidiary.location_id == "E1", model


@pytest.mark.django_db(transaction=True)
def test_entities_and_contacts_move_with_their_rows_links_and_permissions():
    old_apps = _migrate(BEFORE)
    pks = _fill_old_database(old_apps)

    new_apps = _migrate(_latest())

    _check_moved(new_apps, pks)
    tables = set(connection.introspection.table_names())
    assert {"integrations_subsidiary", "integrations_contact"} <= tables
    assert not {"ar_subsidiary", "ar_contact"} & tables
    # The database's foreign keys follow the renamed tables.
    assert _fk_target("ar_customer", "created_in_entity_id") == "integrations_subsidiary"
    assert _fk_target("ar_customer", "display_contact_id") == "integrations_contact"
    assert _fk_target("ar_invoice", "subsidiary_id") == "integrations_subsidiary"
    assert _fk_target("ar_payment", "subsidiary_id") == "integrations_subsidiary"
    assert _fk_target("ar_creditmemo", "subsidiary_id") == "integrations_subsidiary"
    # The unique constraints carry the new app's names and still hold.
    assert "integrations_subsidiary_unique_recordno" in _constraint_names("integrations_subsidiary")
    assert "integrations_contact_unique_recordno" in _constraint_names("integrations_contact")
    Subsidiary = new_apps.get_model("integrations", "Subsidiary")
    Customer = new_apps.get_model("ar", "Customer")
    east = Subsidiary.objects.get(pk=pks["east"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Subsidiary.objects.create(
            connection_id=east.connection_id, intacct_recordno=1, location_id="DUP", name="Dup"
        )
    # New rows get fresh keys after the old ones (the id sequence came along).
    south = Subsidiary.objects.create(
        connection_id=east.connection_id, intacct_recordno=3, location_id="S1", name="South"
    )
    assert south.pk > max(pks["east"], pks["west"])
    # The database refuses a link to an entity that does not exist.
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.filter(pk=pks["customer"]).update(created_in_entity_id=10**9)
        connection.check_constraints()
    # The content type moved with its permission, so the group still holds it.
    ContentType = new_apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.get(pk=pks["contact_type"])
    assert (moved.app_label, moved.model) == ("integrations", "contact")
    Group = new_apps.get_model("auth", "Group")
    perms = Group.objects.get(name="Contact readers").permissions.all()
    assert [(p.content_type.app_label, p.codename) for p in perms] == [
        ("integrations", "view_contact")
    ]

    # And back: the old tables hold the same rows again.
    back_apps = _migrate(BEFORE)
    assert set(connection.introspection.table_names()) >= {"ar_subsidiary", "ar_contact"}
    assert back_apps.get_model("ar", "Subsidiary").objects.count() == 3
    old_customer = back_apps.get_model("ar", "Customer").objects.get(pk=pks["customer"])
    assert old_customer.display_contact.contact_name == "Ann"
    assert (
        back_apps.get_model("contenttypes", "ContentType")
        .objects.get(pk=pks["contact_type"])
        .app_label
        == "ar"
    )

    _migrate(_latest())
    assert new_apps.get_model("integrations", "Contact").objects.count() == 2
