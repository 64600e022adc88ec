"""factory-boy factories for the shared master data (entities, contacts) and the record base."""

import factory

from integrations.models import Contact, Subsidiary
from tests.factories.connections import IntacctConnectionFactory


class IntacctRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    connection = factory.SubFactory(IntacctConnectionFactory)
    intacct_recordno = factory.Sequence(lambda n: 10_000 + n)


class SubsidiaryFactory(IntacctRecordFactory):
    class Meta:
        model = Subsidiary

    location_id = factory.Sequence(lambda n: f"E{n}")
    intacct_id = factory.SelfAttribute("location_id")
    name = factory.Sequence(lambda n: f"Entity {n}")
    currency = "USD"


class ContactFactory(IntacctRecordFactory):
    class Meta:
        model = Contact

    contact_name = factory.Sequence(lambda n: f"Contact {n}")
    intacct_id = factory.SelfAttribute("contact_name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
