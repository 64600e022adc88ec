"""AR records: customers, invoices (with lines, payments, credits, documents), payments,
credit memos."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.base import ModelReadSerializer, RecordSerializer, record_fields
from ar.models import (
    CreditMemo,
    CreditMemoLine,
    Customer,
    Invoice,
    InvoiceDocument,
    InvoiceEntry,
    InvoiceLine,
    Payment,
    PaymentApplication,
)
from integrations.display import DOCUMENT_TOTALS, entity_code

TOTALS = DOCUMENT_TOTALS


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class EntityIdField(serializers.Field[str | None, Any, str | None, Any]):
    """The entity's Intacct ID beside its app ID, as the admin shows it (the query selects the
    entity with the row)."""

    def __init__(self) -> None:
        super().__init__(source="*", read_only=True)

    def to_representation(self, value: Any) -> str | None:
        return entity_code(value)


class CustomerSerializer(RecordSerializer):
    entity_id = EntityIdField()

    class Meta:
        model = Customer
        fields = record_fields(
            "customer_id",
            "name",
            "status",
            "customer_type",
            "parent_customer_id",
            "currency",
            "term_name",
            "credit_limit",
            "total_due",
            "on_hold",
            "created_in_entity",
            "entity_id",
            "display_contact",
            "primary_contact",
            "bill_to_contact",
            "ship_to_contact",
            "custom_fields",
        )
        read_only_fields = fields


class InvoiceLineSerializer(RecordSerializer):
    class Meta:
        model = InvoiceLine
        fields = record_fields(
            "line_no",
            "gl_account",
            "location_id",
            "department_id",
            "memo",
            "amount",
            "trx_amount",
            "total_paid",
        )
        read_only_fields = fields


class PaymentApplicationSerializer(RecordSerializer):
    class Meta:
        model = PaymentApplication
        fields = record_fields(
            "payment",
            "payment_recordno",
            "invoice",
            "invoice_recordno",
            "credit_memo",
            "credit_memo_recordno",
            "payment_date",
            "amount",
            "trx_amount",
            "credit_amount",
            "currency",
            "state",
        )
        read_only_fields = fields


class InvoiceDocumentSerializer(ModelReadSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = InvoiceDocument
        fields = (
            "id",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "fetched_at",
            "download_url",
        )
        read_only_fields = fields

    def get_download_url(self, obj: InvoiceDocument) -> str:
        return reverse("ar:invoice_document", args=[obj.pk])


INVOICE_FIELDS = record_fields(
    "number",
    "reference",
    "description",
    "customer",
    "customer_intacct_id",
    "subsidiary",
    "entity_id",
    "invoice_date",
    "due_date",
    "posted_date",
    "paid_date",
    "term_name",
    "state",
    "module",
    "origin",
    "app_state",
    *TOTALS,
    "custom_fields",
)


class InvoiceSerializer(RecordSerializer):
    entity_id = EntityIdField()

    class Meta:
        model = Invoice
        fields = INVOICE_FIELDS
        read_only_fields = fields


class InvoiceEntrySerializer(ModelReadSerializer):
    """A line of an invoice made here, as the push writes it."""

    class Meta:
        model = InvoiceEntry
        fields = ("id", "line_no", "gl_account", "amount", "memo", "location_id", "department_id")
        read_only_fields = fields


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True, help_text="Lines Intacct holds.")
    entries = InvoiceEntrySerializer(
        many=True, read_only=True, help_text="Lines of an invoice made here, as pushed."
    )
    applications = PaymentApplicationSerializer(
        many=True, read_only=True, help_text="Payments and credits applied to the invoice."
    )
    documents = InvoiceDocumentSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = (*INVOICE_FIELDS, "lines", "entries", "applications", "documents")
        read_only_fields = fields


PAYMENT_FIELDS = record_fields(
    "number",
    "reference",
    "description",
    "customer",
    "customer_intacct_id",
    "subsidiary",
    "entity_id",
    "received_date",
    "payment_date",
    "method",
    "record_type",
    "bank_account",
    "undeposited_account",
    "state",
    "origin",
    "app_status",
    "bank_transaction",
    "amount",
    "translated_amount",
    *TOTALS,
)


class PaymentSerializer(RecordSerializer):
    entity_id = EntityIdField()

    class Meta:
        model = Payment
        fields = PAYMENT_FIELDS
        read_only_fields = fields


class PaymentDetailSerializer(PaymentSerializer):
    applications = PaymentApplicationSerializer(many=True, read_only=True)

    class Meta(PaymentSerializer.Meta):
        fields = (*PAYMENT_FIELDS, "applications")
        read_only_fields = fields


class CreditMemoLineSerializer(RecordSerializer):
    class Meta:
        model = CreditMemoLine
        fields = record_fields(
            "line_no", "gl_account", "location_id", "memo", "amount", "trx_amount"
        )
        read_only_fields = fields


CREDIT_MEMO_FIELDS = record_fields(
    "number",
    "reference",
    "description",
    "customer",
    "customer_intacct_id",
    "subsidiary",
    "entity_id",
    "adjustment_date",
    "posted_date",
    "state",
    *TOTALS,
)


class CreditMemoSerializer(RecordSerializer):
    entity_id = EntityIdField()

    class Meta:
        model = CreditMemo
        fields = CREDIT_MEMO_FIELDS
        read_only_fields = fields


class CreditMemoDetailSerializer(CreditMemoSerializer):
    lines = CreditMemoLineSerializer(many=True, read_only=True)
    applications = PaymentApplicationSerializer(many=True, read_only=True)

    class Meta(CreditMemoSerializer.Meta):
        fields = (*CREDIT_MEMO_FIELDS, "lines", "applications")
        read_only_fields = fields
