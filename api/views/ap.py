"""Read endpoints of the AP records: vendors, bills, bill payments, vendor credits, purchasing
documents (POs, receivers, vendor invoices) and units."""

import django_filters as df

from ap.models import (
    Bill,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    PurchasingDocument,
    PurchasingLine,
    Unit,
    Vendor,
    VendorCredit,
    VendorCreditLine,
)
from api.filters import IdFilter, RecordFilter
from api.serializers.generic import read_serializer
from api.views.base import RecordViewSet


class VendorFilter(RecordFilter):
    entity = df.CharFilter(field_name="created_in_entity__location_id", label="Entity ID")
    status = df.CharFilter()
    currency = df.CharFilter()


class APDocumentFilter(RecordFilter):
    entity = df.CharFilter(field_name="subsidiary__location_id", label="Entity ID")
    state = df.CharFilter()
    currency = df.CharFilter()
    vendor = IdFilter(field_name="vendor_id")


class BillFilter(APDocumentFilter):
    due_before = df.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = df.DateFilter(field_name="due_date", lookup_expr="gte")


class PurchasingFilter(APDocumentFilter):
    kind = df.CharFilter(help_text="po, receiver or vendor_invoice.")
    status = df.CharFilter()


class UnitFilter(RecordFilter):
    group = IdFilter(field_name="group_id")


class VendorViewSet(RecordViewSet):
    queryset = Vendor.objects.all()
    serializer_class = read_serializer(Vendor)
    filterset_class = VendorFilter
    ordering_fields = ("id", "name", "vendor_id")


class BillViewSet(RecordViewSet):
    queryset = Bill.objects.all()
    serializer_class = read_serializer(Bill)
    detail_serializer_class = read_serializer(
        Bill,
        nested={"lines": read_serializer(BillLine)(many=True, read_only=True)},
        name="BillWithLinesSerializer",
    )
    detail_prefetch = ("lines",)
    filterset_class = BillFilter
    ordering_fields = ("id", "number")


class BillPaymentViewSet(RecordViewSet):
    queryset = BillPayment.objects.all()
    serializer_class = read_serializer(BillPayment)
    detail_serializer_class = read_serializer(
        BillPayment,
        nested={"details": read_serializer(BillPaymentDetail)(many=True, read_only=True)},
        name="BillPaymentWithDetailsSerializer",
    )
    detail_prefetch = ("details",)
    filterset_class = APDocumentFilter


class VendorCreditViewSet(RecordViewSet):
    queryset = VendorCredit.objects.all()
    serializer_class = read_serializer(VendorCredit)
    detail_serializer_class = read_serializer(
        VendorCredit,
        nested={"lines": read_serializer(VendorCreditLine)(many=True, read_only=True)},
        name="VendorCreditWithLinesSerializer",
    )
    detail_prefetch = ("lines",)
    filterset_class = APDocumentFilter
    ordering_fields = ("id", "number")


class PurchasingDocumentViewSet(RecordViewSet):
    """POs, receivers and vendor invoices (``kind``)."""

    queryset = PurchasingDocument.objects.all()
    serializer_class = read_serializer(PurchasingDocument)
    detail_serializer_class = read_serializer(
        PurchasingDocument,
        nested={"lines": read_serializer(PurchasingLine)(many=True, read_only=True)},
        name="PurchasingDocumentWithLinesSerializer",
    )
    detail_prefetch = ("lines",)
    filterset_class = PurchasingFilter
    ordering_fields = ("id", "number")


class UnitViewSet(RecordViewSet):
    queryset = Unit.objects.all()
    serializer_class = read_serializer(Unit)
    filterset_class = UnitFilter
