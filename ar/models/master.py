"""AR master data pulled from Intacct: payment terms and customers.

Entities (subsidiaries) and contacts are company-wide: they live in ``integrations``.
"""

from django.db import models

from integrations.models import IntacctRecord, Status, sort_indexes
from integrations.models.parties import Party, Term, contact_link, created_in_entity_field


class PaymentTerm(Term):
    """An AR payment term (ARTERM)."""


class Customer(Party):
    """A customer: an Intacct customer (CUSTOMER), or, on a connection whose customers are the
    invoices' bill-to contacts, one bill-to contact of an Intacct customer (numbered here)."""

    class Source(models.TextChoices):
        CUSTOMER = "customer", "Intacct customer"
        BILL_TO_CONTACT = "bill_to_contact", "Bill-to contact"

    customer_id = models.CharField("customer ID", max_length=100, db_index=True)
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.CUSTOMER, editable=False
    )
    intacct_customer_id = models.CharField(
        "billed through Intacct customer",
        max_length=100,
        blank=True,
        help_text="For a bill-to contact: the Intacct customer its invoices are under.",
    )
    bill_to_name = models.CharField(
        "bill-to contact name",
        max_length=200,
        blank=True,
        help_text="For a bill-to contact: its CONTACTNAME in Intacct.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    customer_type = models.CharField(max_length=100, blank=True)
    parent_customer_id = models.CharField("parent customer", max_length=100, blank=True)
    payment_term = models.ForeignKey(
        PaymentTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    total_due = models.DecimalField(
        "open balance", max_digits=16, decimal_places=2, null=True, blank=True
    )
    created_in_entity = created_in_entity_field("customer")
    bill_to_contact = contact_link()
    ship_to_contact = contact_link()

    class Meta(Party.Meta):
        indexes = [
            models.Index(fields=["connection", "status"]),
            *sort_indexes("arcus", "customer_id", "name", "status", "sync_state"),
        ]
        constraints = [
            *IntacctRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["connection", "intacct_customer_id", "bill_to_name"],
                condition=models.Q(source="bill_to_contact"),
                name="ar_one_customer_per_bill_to_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_id})"
