"""Purchasing: transaction definitions, purchasing documents (purchase orders, PO receivers,
vendor invoices) with their lines, the status maps and units of measure.

List every model in ``__all__``: ``ap.models`` re-exports it.
"""

from django.db import models

from ap.models.parties import Vendor
from integrations.models import IntacctRecord, Subsidiary

__all__ = [
    "DocumentKind",
    "MatchingMode",
    "PODefinition",
    "PurchasingDocument",
    "PurchasingLine",
    "PurchasingSettings",
    "PurchasingStatus",
    "StatusMapping",
    "Unit",
    "UnitGroup",
]

MONEY = {"max_digits": 16, "decimal_places": 2}
QUANTITY = {"max_digits": 18, "decimal_places": 4}


class DocumentKind(models.TextChoices):
    """What a purchasing transaction definition makes (from its workflow category)."""

    PURCHASE_ORDER = "po", "Purchase order"
    RECEIVER = "receiver", "PO receiver"
    VENDOR_INVOICE = "vendor_invoice", "Vendor invoice"
    OTHER = "other", "Other"


class MatchingMode(models.TextChoices):
    TWO_WAY = "2-way", "2-way matching (PO and bill)"
    THREE_WAY = "3-way", "3-way matching (PO, receiver and bill)"


class PurchasingStatus(models.TextChoices):
    """A purchasing document's status here, mapped from Intacct's state."""

    PENDING_APPROVAL = "pending_approval", "Pending approval"
    ACTIVE = "active", "Active"
    PARTIALLY_BILLED = "partially_billed", "Partially billed"
    CLOSED = "closed", "Closed"
    DELETED = "deleted", "Deleted"


class PurchasingSettings(models.Model):
    """A connection's purchasing settings: how POs are matched to bills."""

    connection = models.OneToOneField(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    matching_mode = models.CharField(
        max_length=5,
        choices=MatchingMode.choices,
        default=MatchingMode.TWO_WAY,
        help_text="Decides how Converted and Partially Converted POs map (see the status map).",
    )

    class Meta:
        verbose_name = "purchasing settings"
        verbose_name_plural = "purchasing settings"

    def __str__(self) -> str:
        return f"Purchasing settings of {self.connection}"


class StatusMapping(models.Model):
    """One row of the status map: an Intacct state of a kind of document -> a status here.

    ``matching_mode`` blank: the row holds in both modes; a row for the connection's mode wins.
    """

    document_kind = models.CharField(
        max_length=20,
        choices=[
            (DocumentKind.PURCHASE_ORDER.value, DocumentKind.PURCHASE_ORDER.label),
            (DocumentKind.RECEIVER.value, DocumentKind.RECEIVER.label),
        ],
    )
    intacct_state = models.CharField("Intacct state", max_length=40)
    matching_mode = models.CharField(
        max_length=5, choices=MatchingMode.choices, blank=True, help_text="Blank: both modes."
    )
    status = models.CharField(max_length=20, choices=PurchasingStatus.choices)

    class Meta:
        ordering = ["document_kind", "status", "intacct_state", "matching_mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_kind", "intacct_state", "matching_mode"],
                name="ap_statusmapping_unique_state",
            )
        ]

    def __str__(self) -> str:
        mode = f" ({self.matching_mode})" if self.matching_mode else ""
        return f"{self.get_document_kind_display()}: {self.intacct_state}{mode} → {self.status}"


class PODefinition(IntacctRecord):
    """A purchasing transaction definition (PODOCUMENTPARAMS)."""

    name = models.CharField(max_length=100)
    template_type = models.CharField(max_length=20, blank=True, help_text="DOCCLASS.")
    category = models.CharField(max_length=20, blank=True, help_text="Workflow category.")
    conversion = models.CharField(
        "partial conversion handling", max_length=60, blank=True, help_text="CONVTYPE."
    )
    status = models.CharField(max_length=20, blank=True)

    class Meta(IntacctRecord.Meta):
        verbose_name = "PO transaction definition"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return {
            "Order": DocumentKind.PURCHASE_ORDER,
            "Shipping": DocumentKind.RECEIVER,
            "Invoice": DocumentKind.VENDOR_INVOICE,
        }.get(self.category, DocumentKind.OTHER)


class PurchasingDocument(IntacctRecord):
    """A purchasing transaction (PODOCUMENT): a purchase order, a PO receiver or a vendor
    invoice, by its transaction definition.

    ``status`` is Intacct's ``state`` through the status map (blank while unmapped: the
    state is then an open error naming it).
    """

    number = models.CharField("document number", max_length=100, db_index=True)
    doc_id = models.CharField("document ID", max_length=200, blank=True)
    definition_name = models.CharField("transaction definition", max_length=100, db_index=True)
    definition = models.ForeignKey(
        PODefinition, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, blank=True)
    state = models.CharField("Intacct state", max_length=40, blank=True, db_index=True)
    status = models.CharField(
        max_length=20, choices=PurchasingStatus.choices, blank=True, db_index=True
    )
    intacct_status = models.CharField("active in Intacct", max_length=20, blank=True)
    memo = models.TextField(blank=True)
    reference = models.CharField(max_length=100, blank=True, help_text="PONUMBER.")
    vendor_document_number = models.CharField(max_length=100, blank=True)
    document_date = models.DateField(null=True, blank=True, db_index=True)
    due_date = models.DateField(null=True, blank=True)
    vendor_intacct_id = models.CharField("vendor ID", max_length=100, blank=True)
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchasing_documents",
    )
    subsidiary = models.ForeignKey(
        Subsidiary,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchasing_documents",
    )
    currency = models.CharField(max_length=3, blank=True)
    base_currency = models.CharField(max_length=3, blank=True)
    subtotal = models.DecimalField(null=True, blank=True, **MONEY)
    total = models.DecimalField(null=True, blank=True, **MONEY)
    trx_total = models.DecimalField(null=True, blank=True, **MONEY)
    quantity_converted = models.DecimalField(null=True, blank=True, **QUANTITY)
    quantity_remaining = models.DecimalField(null=True, blank=True, **QUANTITY)
    created_from = models.CharField(
        "converted from", max_length=200, blank=True, help_text="CREATEDFROM: the source's ID."
    )
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="converted_documents",
        help_text="The document this one was converted from (or the original of a back order).",
    )
    is_back_order = models.BooleanField("back order", default=False)
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta(IntacctRecord.Meta):
        ordering = ["-document_date", "-id"]
        indexes = [
            models.Index(fields=["connection", "kind", "status"]),
            models.Index(fields=["connection", "doc_id"]),
            models.Index(fields=["vendor", "document_date"]),
        ]

    def __str__(self) -> str:
        return self.doc_id or self.number or f"Document {self.intacct_recordno}"


class PurchasingLine(IntacctRecord):
    """A line of a purchasing document (PODOCUMENTENTRY); LINE_NO is its external ID."""

    document = models.ForeignKey(
        PurchasingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    document_recordno = models.BigIntegerField(db_index=True)
    line_no = models.IntegerField("line number", null=True, blank=True)
    item_id = models.CharField("item", max_length=100, blank=True)
    item_name = models.CharField(max_length=200, blank=True)
    quantity = models.DecimalField(null=True, blank=True, **QUANTITY)
    unit = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)
    rate = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    warehouse = models.CharField(max_length=100, blank=True)
    department_id = models.CharField("department", max_length=100, blank=True)
    class_id = models.CharField("class", max_length=100, blank=True)
    location_id = models.CharField("location", max_length=100, blank=True)
    billed_quantity = models.DecimalField(null=True, blank=True, **QUANTITY)
    billed_amount = models.DecimalField(null=True, blank=True, **MONEY)
    currency = models.CharField(max_length=3, blank=True)
    state = models.CharField("Intacct state", max_length=40, blank=True)
    source_doc_id = models.CharField(
        "source document", max_length=200, blank=True, help_text="SOURCE_DOCID."
    )
    source_line_recordno = models.BigIntegerField(null=True, blank=True)
    custom_fields = models.JSONField(
        default=dict, blank=True, help_text="Custom fields and dimensions (GLDIM…), by ID."
    )

    class Meta(IntacctRecord.Meta):
        ordering = ["document_id", "line_no"]

    def __str__(self) -> str:
        return f"Line {self.line_no} of {self.document_recordno}"

    @property
    def quantity_received(self):
        """On a receiver line, what it received is its quantity."""
        return self.quantity


class UnitGroup(IntacctRecord):
    """A unit of measure group (UOM)."""

    name = models.CharField(max_length=100)
    is_system = models.BooleanField(default=False)
    inventory_unit = models.CharField(max_length=60, blank=True)
    purchasing_unit = models.CharField(max_length=60, blank=True)
    sales_unit = models.CharField(max_length=60, blank=True)

    class Meta(IntacctRecord.Meta):
        verbose_name = "unit of measure group"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(IntacctRecord):
    """A unit of measure (UOMDETAIL); units are unique per connection."""

    group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="units"
    )
    group_recordno = models.BigIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=60)
    abbreviation = models.CharField(max_length=20, blank=True)
    decimals = models.IntegerField(null=True, blank=True)
    is_base = models.BooleanField(default=False)

    class Meta(IntacctRecord.Meta):
        verbose_name = "unit of measure"
        ordering = ["group_id", "unit"]

    def __str__(self) -> str:
        return self.unit
