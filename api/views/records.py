"""Read endpoints of the records synced with Intacct: master data and AR."""

from api.filters import CustomerFilter, DocumentFilter, InvoiceFilter, StatusFilter
from api.serializers import ar as ar_s
from api.serializers import master as master_s
from api.views.base import RecordViewSet
from ar.models import CreditMemo, Customer, Invoice, Payment
from integrations.models import Contact, GLAccount, Subsidiary


class EntityViewSet(RecordViewSet):
    queryset = Subsidiary.objects.all()
    serializer_class = master_s.EntitySerializer
    filterset_class = StatusFilter


class ContactViewSet(RecordViewSet):
    queryset = Contact.objects.all()
    serializer_class = master_s.ContactSerializer
    filterset_class = StatusFilter
    ordering_fields = ("id", "contact_name")


class GLAccountViewSet(RecordViewSet):
    queryset = GLAccount.objects.all()
    serializer_class = master_s.GLAccountSerializer
    filterset_class = StatusFilter


class CustomerViewSet(RecordViewSet):
    queryset = Customer.objects.select_related("created_in_entity")
    serializer_class = ar_s.CustomerSerializer
    filterset_class = CustomerFilter
    ordering_fields = ("id", "name", "customer_id")


class InvoiceViewSet(RecordViewSet):
    queryset = Invoice.objects.select_related("subsidiary")
    serializer_class = ar_s.InvoiceSerializer
    detail_serializer_class = ar_s.InvoiceDetailSerializer
    detail_prefetch = ("lines", "entries", "applications", "documents")
    filterset_class = InvoiceFilter
    ordering_fields = ("id", "number")


class PaymentViewSet(RecordViewSet):
    queryset = Payment.objects.select_related("subsidiary")
    serializer_class = ar_s.PaymentSerializer
    detail_serializer_class = ar_s.PaymentDetailSerializer
    detail_prefetch = ("applications",)
    filterset_class = DocumentFilter
    ordering_fields = ("id", "number", "reference")


class CreditMemoViewSet(RecordViewSet):
    queryset = CreditMemo.objects.select_related("subsidiary")
    serializer_class = ar_s.CreditMemoSerializer
    detail_serializer_class = ar_s.CreditMemoDetailSerializer
    detail_prefetch = ("lines", "applications")
    filterset_class = DocumentFilter
    ordering_fields = ("id", "number")


__all__ = [
    "ContactViewSet",
    "CreditMemoViewSet",
    "CustomerViewSet",
    "EntityViewSet",
    "GLAccountViewSet",
    "InvoiceViewSet",
    "PaymentViewSet",
]
