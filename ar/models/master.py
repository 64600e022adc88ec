"""AR master data pulled from Intacct: entities (subsidiaries), terms, contacts, customers."""

from django.db import models

from integrations.models import IntacctRecord


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    ACTIVE_NON_POSTING = "active non-posting", "Active non-posting"
    INACTIVE = "inactive", "Inactive"


class Subsidiary(IntacctRecord):
    """An Intacct entity (LOCATIONENTITY)."""

    location_id = models.CharField("entity ID", max_length=100)
    name = models.CharField(max_length=200)
    parent_id = models.CharField("parent entity", max_length=100, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta(IntacctRecord.Meta):
        verbose_name_plural = "subsidiaries"
        ordering = ["location_id"]

    def __str__(self) -> str:
        return f"{self.location_id} — {self.name}"


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


class Contact(IntacctRecord):
    """A contact (CONTACT); customers point at theirs by record number."""

    contact_name = models.CharField(max_length=200, db_index=True)
    print_as = models.CharField(max_length=200, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.CharField("primary e-mail", max_length=300, blank=True)
    email2 = models.CharField("secondary e-mails", max_length=300, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    phone2 = models.CharField(max_length=60, blank=True)
    address1 = models.CharField(max_length=200, blank=True)
    address2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    zip_code = models.CharField("ZIP / postcode", max_length=30, blank=True)
    country = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta(IntacctRecord.Meta):
        ordering = ["contact_name"]

    def __str__(self) -> str:
        return self.print_as or self.contact_name


class Customer(IntacctRecord):
    """A customer (CUSTOMER)."""

    customer_id = models.CharField("customer ID", max_length=100, db_index=True)
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
        indexes = [models.Index(fields=["connection", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_id})"
