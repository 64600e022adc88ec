"""The API and the admin show a record's entity the same way, from one helper."""

from django.contrib.admin.sites import site

from ar.models import Customer, Invoice
from tests.factories.ar import CustomerFactory, InvoiceFactory
from tests.factories.master import SubsidiaryFactory


def test_the_entity_code_is_the_admins_and_the_apis(staff_api):
    entity = SubsidiaryFactory(location_id="EU-1")
    customer = CustomerFactory(connection=entity.connection, created_in_entity=entity)
    placed = InvoiceFactory(customer=customer, connection=entity.connection, subsidiary=entity)
    top = InvoiceFactory(customer=customer, connection=entity.connection, subsidiary=None)
    invoices, customers = site._registry[Invoice], site._registry[Customer]

    assert invoices.entity_code(placed) == "EU-1"
    assert staff_api.get(f"/api/v1/invoices/{placed.pk}/").json()["entity_id"] == "EU-1"
    assert invoices.entity_code(top) == "—"
    assert staff_api.get(f"/api/v1/invoices/{top.pk}/").json()["entity_id"] is None
    assert customers.entity_column(customer) == "EU-1"
    assert staff_api.get(f"/api/v1/customers/{customer.pk}/").json()["entity_id"] == "EU-1"
