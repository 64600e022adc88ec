"""AR master data pulled from Intacct: payment terms and customers.

Entities (subsidiaries) and contacts are company-wide: they live in ``integrations``.
"""

from django.db import models

from integrations.models import Contact, IntacctRecord, Status, Subsidiary, sort_indexes


class PaymentTerm(IntacctRecord):
    """An AR payment term (ARTERM)."""

    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    due_days = models.IntegerField(null=True, blank=True)
    due_from = models.CharField(max_length=100, blank=True)
    discount_days = models.IntegerField(null=True, blank=True)
    discount_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(IntacctRecord):
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
    name = models.CharField(max_length=200, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    customer_type = models.CharField(max_length=100, blank=True)
    parent_customer_id = models.CharField("parent customer", max_length=100, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    term_name = models.CharField("payment term", max_length=100, blank=True)
    payment_term = models.ForeignKey(
        PaymentTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    credit_limit = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    total_due = models.DecimalField(
        "open balance", max_digits=16, decimal_places=2, null=True, blank=True
    )
    on_hold = models.BooleanField(default=False)
    created_in_entity = models.ForeignKey(
        Subsidiary,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
        help_text="The entity the customer was created in (blank: top level).",
    )
    display_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    primary_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bill_to_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ship_to_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    custom_fields = models.JSONField(
        default=dict, blank=True, help_text="Custom fields chosen for import, by Intacct ID."
    )

    class Meta(IntacctRecord.Meta):
        ordering = ["name"]
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
