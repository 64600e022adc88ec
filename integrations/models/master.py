"""Company-wide master data pulled from Intacct that AR and AP both use.

Entities (subsidiaries), contacts, GL accounts and the dimensions (departments, locations,
classes) belong to the company, not to one domain: customers, vendors, documents and their
lines point at them.
"""

from django.db import models

from integrations.models.records import IntacctRecord


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


class Contact(IntacctRecord):
    """A contact (CONTACT); customers and vendors point at theirs by record number."""

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


class GLAccount(IntacctRecord):
    """A general ledger account (GLACCOUNT)."""

    account_no = models.CharField("account number", max_length=40)
    title = models.CharField(max_length=200)
    account_type = models.CharField(
        max_length=20, blank=True, help_text="balancesheet or incomestatement."
    )
    normal_balance = models.CharField(max_length=10, blank=True, help_text="debit or credit.")
    closing_type = models.CharField("period end closing type", max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    require_department = models.BooleanField(default=False)
    require_location = models.BooleanField(default=False)
    require_class = models.BooleanField(default=False)
    restricted = models.BooleanField(
        "restricted to some entities",
        default=False,
        help_text="Usable only in the entities listed (Intacct's restriction); otherwise in all.",
    )
    entities = models.ManyToManyField(
        Subsidiary,
        blank=True,
        related_name="gl_accounts",
        verbose_name="usable in entities",
        help_text="Every entity whose session sees the account.",
    )

    class Meta(IntacctRecord.Meta):
        verbose_name = "GL account"
        ordering = ["account_no"]

    def __str__(self) -> str:
        return f"{self.account_no} — {self.title}"


class Department(IntacctRecord):
    """A department dimension value (DEPARTMENT)."""

    department_id = models.CharField("department ID", max_length=100)
    title = models.CharField(max_length=200)
    parent_id = models.CharField("parent department", max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta(IntacctRecord.Meta):
        ordering = ["department_id"]

    def __str__(self) -> str:
        return f"{self.department_id} — {self.title}"


class Location(IntacctRecord):
    """A location dimension value (LOCATION); entities are locations of type E too."""

    location_id = models.CharField("location ID", max_length=100)
    name = models.CharField(max_length=200)
    parent_id = models.CharField("parent location", max_length=100, blank=True)
    entity_id = models.CharField(
        "entity", max_length=100, blank=True, help_text="The entity it belongs to (ENTITY)."
    )
    currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta(IntacctRecord.Meta):
        ordering = ["location_id"]

    def __str__(self) -> str:
        return f"{self.location_id} — {self.name}"


class Class(IntacctRecord):
    """A class dimension value (CLASS)."""

    class_id = models.CharField("class ID", max_length=100)
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    parent_id = models.CharField("parent class", max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta(IntacctRecord.Meta):
        verbose_name_plural = "classes"
        ordering = ["class_id"]

    def __str__(self) -> str:
        return f"{self.class_id} — {self.name}"
