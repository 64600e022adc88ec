"""What a customer and a vendor share, and what AR and AP payment terms share.

Each domain keeps its own tables (``ar.Customer``, ``ap.Vendor``, ``ar.PaymentTerm``,
``ap.APTerm``); these abstract bases only stop the two from restating the same columns.
"""

from django.db import models

from integrations.models.master import Contact, Status, Subsidiary
from integrations.models.records import IntacctRecord


def contact_link() -> "models.ForeignKey[Contact | None, Contact | None]":
    """A party's pointer at one of its contacts (display, primary, bill-to, pay-to …)."""
    return models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


def created_in_entity_field(
    party: str,
) -> "models.ForeignKey[Subsidiary | None, Subsidiary | None]":
    """The entity a party was created in; ``party`` ("customer", "vendor") names it."""
    return models.ForeignKey(
        Subsidiary,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=f"{party}s",
        help_text=f"The entity the {party} was created in (blank: top level).",
    )


class Party(IntacctRecord):
    """A customer or a vendor: its name, currency, term, credit, contacts and custom fields.

    The status, the term's foreign key and Intacct's balance stay with each domain: their
    choices, targets and labels differ.
    """

    name = models.CharField(max_length=200, db_index=True)
    currency = models.CharField(max_length=3, blank=True)
    term_name = models.CharField("payment term", max_length=100, blank=True)
    credit_limit = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    on_hold = models.BooleanField(default=False)
    display_contact = contact_link()
    primary_contact = contact_link()
    custom_fields = models.JSONField(
        default=dict, blank=True, help_text="Custom fields chosen for import, by Intacct ID."
    )

    class Meta(IntacctRecord.Meta):
        abstract = True
        ordering = ["name"]


class Term(IntacctRecord):
    """A payment term (ARTERM or APTERM): what both kinds hold."""

    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    due_days = models.IntegerField(null=True, blank=True)
    due_from = models.CharField(max_length=100, blank=True)
    discount_days = models.IntegerField(null=True, blank=True)
    discount_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta(IntacctRecord.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
