"""Vendors and AP payment terms pulled from Intacct.

Entities, contacts and GL accounts are company-wide: they live in ``integrations``.
"""

from django.db import models

from integrations.models.parties import Party, Term, contact_link, created_in_entity_field

__all__ = ["APTerm", "Vendor", "VendorStatus"]


class APTerm(Term):
    """An AP payment term (APTERM): the payer's defaults and each vendor's term."""

    discount_from = models.CharField(max_length=100, blank=True)
    discount_unit = models.CharField(max_length=1, blank=True, help_text="$ or %.")

    class Meta(Term.Meta):
        verbose_name = "AP payment term"


class VendorStatus(models.TextChoices):
    """A vendor's status here: Intacct's *inactive* is suspended, a deleted vendor closed."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


class Vendor(Party):
    """A vendor (VENDOR) with its contacts, term, currency and 1099 fields.

    The name and address fields follow Tipalti's field map and are read from the vendor's
    display contact (``DISPLAYCONTACT.*``).
    """

    vendor_id = models.CharField("vendor ID", max_length=100, db_index=True)
    status = models.CharField(
        max_length=20, choices=VendorStatus.choices, default=VendorStatus.ACTIVE
    )
    vendor_type = models.CharField(max_length=100, blank=True)
    parent_vendor_id = models.CharField("parent vendor", max_length=100, blank=True)
    payment_currency = models.CharField(max_length=3, blank=True)
    payment_term = models.ForeignKey(
        APTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="vendors"
    )
    total_due = models.DecimalField(
        "total due in Intacct", max_digits=16, decimal_places=2, null=True, blank=True
    )
    one_time = models.BooleanField("one-time use", default=False)
    billing_type = models.CharField(max_length=20, blank=True)
    payment_method = models.CharField("preferred payment method", max_length=60, blank=True)
    default_expense_account = models.CharField(max_length=40, blank=True)
    tax_id = models.CharField("tax ID", max_length=60, blank=True)
    name_1099 = models.CharField("1099 name", max_length=200, blank=True)
    form_1099_type = models.CharField("form 1099 type", max_length=20, blank=True)
    form_1099_box = models.CharField("form 1099 box", max_length=20, blank=True)
    # Tipalti's field map, from the display contact.
    email = models.CharField("e-mail", max_length=300, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    street1 = models.CharField("street 1", max_length=200, blank=True)
    street2 = models.CharField("street 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    zip_code = models.CharField("ZIP / postcode", max_length=30, blank=True)
    country = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    created_in_entity = created_in_entity_field("vendor")
    pay_to_contact = contact_link()
    return_to_contact = contact_link()

    class Meta(Party.Meta):
        indexes = [
            models.Index(fields=["connection", "status"]),
            models.Index(fields=["connection", "vendor_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor_id})"
