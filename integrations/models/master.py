"""Company-wide master data pulled from Intacct that AR and AP both use.

Entities (subsidiaries) and contacts belong to the company, not to one domain: customers,
vendors and every document point at them.
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
