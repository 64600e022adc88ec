"""AR pull steps, registered with the engine from ``ArConfig.ready()``."""

from ar import mappers
from ar.models import Contact, Customer, PaymentTerm, Subsidiary
from integrations.sync.registry import register
from integrations.sync.steps import PullStep, Relation

SUBSIDIARIES = PullStep(
    name="subsidiaries",
    label="Entities",
    object_name="LOCATIONENTITY",
    model=Subsidiary,
    fields=("LOCATIONID", "NAME", "PARENTID", "CURRENCY", "STATUS"),
    mapper=mappers.subsidiary_values,
    id_field="LOCATIONID",
    active_only=True,
)

PAYMENT_TERMS = PullStep(
    name="payment_terms",
    label="AR payment terms",
    object_name="ARTERM",
    model=PaymentTerm,
    fields=("NAME", "DESCRIPTION", "STATUS", "DUEDATE", "DUEFROM", "DISCDATE", "DISCAMOUNT"),
    mapper=mappers.payment_term_values,
    id_field="NAME",
    active_only=True,
)

CONTACTS = PullStep(
    name="contacts",
    label="Contacts",
    object_name="CONTACT",
    model=Contact,
    fields=mappers.CONTACT_FIELDS,
    mapper=mappers.contact_values,
    id_field="CONTACTNAME",
    active_only=True,
)

CUSTOMERS = PullStep(
    name="customers",
    label="Customers",
    object_name="CUSTOMER",
    model=Customer,
    fields=mappers.CUSTOMER_FIELDS,
    mapper=mappers.customer_values,
    id_field="CUSTOMERID",
    depends_on=("subsidiaries", "payment_terms", "contacts"),
    active_only=True,
    relations=(
        Relation("payment_term", PaymentTerm, source="term_key", by="intacct_id"),
        Relation("created_in_entity", Subsidiary, source="entity_key", by="intacct_id"),
        Relation("display_contact", Contact, source="display_contact_key", by="intacct_id"),
        Relation("primary_contact", Contact, source="primary_contact_key", by="intacct_id"),
        Relation("bill_to_contact", Contact, source="bill_to_key", by="intacct_id"),
        Relation("ship_to_contact", Contact, source="ship_to_key", by="intacct_id"),
    ),
)


def register_steps() -> None:
    for step in (SUBSIDIARIES, PAYMENT_TERMS, CONTACTS, CUSTOMERS):
        register(step)
