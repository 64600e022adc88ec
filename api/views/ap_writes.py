"""AP writes of the records the app owns: bills entered here (create, change before approval,
approve, retract the approval, dispute, delete, restore, paid manually, submitted and paid
with the payee's fees), bill payments (make, void) and vendor invoices from PO matching.

Each calls the service the admin calls (``ap.bill_lifecycle``, ``ap.payments``, ``ap.fees``,
``ap.matching``); none writes by itself. A refused transition is a 409, a refused content a
422 with the field it is about; bills imported from Intacct are read-only (409).
"""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import django_filters as df
from django.db import IntegrityError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ap import bill_lifecycle as lifecycle
from ap import fees
from ap import payments as ap_payments
from ap.matching import OverBillingError, vendor_invoice_match
from ap.models import (
    Bill,
    BillPayment,
    BillStatus,
    PurchasingDocument,
    PurchasingLine,
    Vendor,
    VendorCredit,
    VendorInvoiceMatch,
)
from api.filters import IdFilter, RecordFilter
from api.problems import Conflict
from api.serializers import ap_writes as s
from api.views.ap import (
    APDocumentFilter,
    BillFilter,
    BillPaymentViewSet,
    BillViewSet,
    VendorCreditViewSet,
)
from api.views.base import RecordViewSet
from api.views.sync import _connection
from api.views.writes import _own

T = TypeVar("T")

# The admin's role for bills entered here: staff change them (approve, pay, delete a payment).
CHANGE_BILL = "ap.change_appbill"
CHANGE_PAYMENT = "ap.change_billpayment"
CHANGE_CREDIT = "ap.change_vendorcredit"
CHANGE_MATCH = "ap.change_vendorinvoicematch"


class FieldsRefused(exceptions.ValidationError):
    """A service refused the content of named fields (422, errors by field)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def _refused(field: str, exc: Exception) -> FieldsRefused:
    return FieldsRefused({field: [str(exc)]})


def _state(call: Callable[[], T]) -> T:
    """Run a service; what the record's current state refuses is a 409."""
    try:
        return call()
    except (lifecycle.NotAnAppBill, ap_payments.NotAnAppPayment) as exc:
        raise Conflict(str(exc), code="read_only") from exc
    except (lifecycle.BillLifecycleError, ap_payments.PaymentError) as exc:
        raise Conflict(str(exc), code="state") from exc


def _today(value: date | None) -> date:
    return value or timezone.localdate()


class BillWriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, RecordViewSet):
    """Bills: every bill is read here; those entered here are also written (those imported
    from Intacct are read-only: they change in Intacct)."""

    queryset = Bill.objects.all()
    serializer_class = BillViewSet.serializer_class
    filterset_class = BillFilter
    ordering_fields = BillViewSet.ordering_fields
    http_method_names = ["get", "post", "patch", "head", "options"]
    detail_serializer_class = s.BillDetailSerializer
    detail_prefetch = ("lines", "entries")
    action_permissions = {
        "create": (CHANGE_BILL,),
        "partial_update": (CHANGE_BILL,),
        "approve": (CHANGE_BILL,),
        "retract": (CHANGE_BILL,),
        "dispute": (CHANGE_BILL,),
        "delete_bill": (CHANGE_BILL,),
        "restore": (CHANGE_BILL,),
        "paid_manually": (CHANGE_BILL, CHANGE_PAYMENT),
        "submit_payment": (CHANGE_BILL, CHANGE_CREDIT),
        "pay_with_fees": (CHANGE_BILL, CHANGE_PAYMENT, CHANGE_CREDIT),
    }

    def _answer(self, bill: Bill, code: int = status.HTTP_200_OK) -> Response:
        fresh = Bill.objects.prefetch_related(*self.detail_prefetch).get(pk=bill.pk)
        return Response(s.BillDetailSerializer(fresh).data, status=code)

    def _app_bill(self) -> Bill:
        bill: Bill = self.get_object()
        return _state(lambda: lifecycle.bill_owned(bill))

    @extend_schema(request=s.BillCreateInput, responses={201: s.BillDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A bill entered here, pending approval."""
        form = s.BillCreateInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        connection = _connection(data.pop("connection"))
        vendor = _own(Vendor, data.pop("vendor"), connection.pk, "vendor")
        bill = lifecycle.bill_create(
            connection=connection,
            vendor=vendor,
            lines=[dict(line) for line in data.pop("lines")],
            **data,
        )
        return self._answer(bill, status.HTTP_201_CREATED)

    @extend_schema(request=s.BillChangeInput, responses=s.BillDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a bill entered here while it is pending approval (``lines`` replace all)."""
        bill: Bill = self.get_object()
        form = s.BillChangeInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        lines = changes.pop("lines", None)
        _state(
            lambda: lifecycle.bill_change(
                bill=bill,
                changes=changes,
                lines=None if lines is None else [dict(line) for line in lines],
            )
        )
        return self._answer(bill)

    @extend_schema(request=s.BillApproveInput, responses=s.BillDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Pending approval → scheduled for payment (posted in Intacct with the next push)."""
        bill = self._app_bill()
        form = s.BillApproveInput(data=request.data)
        form.is_valid(raise_exception=True)
        on = _today(form.validated_data.get("approved_on"))
        who = request.user.get_username()
        _state(lambda: lifecycle.bill_approve(bill=bill, approved_on=on, approved_by=who))
        return self._answer(bill)

    @extend_schema(request=s.BillRetractInput, responses=s.BillDetailSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: Any = None) -> Response:
        """Send an approved, unpaid bill back to pending approval (a posted bill is reversed in
        Intacct on that day)."""
        bill = self._app_bill()
        form = s.BillRetractInput(data=request.data)
        form.is_valid(raise_exception=True)
        on = _today(form.validated_data.get("retracted_on"))
        _state(lambda: lifecycle.bill_retract_approval(bill=bill, retracted_on=on))
        return self._answer(bill)

    def _move(self, status_to: str) -> Response:
        bill = self._app_bill()
        _state(lambda: lifecycle.bill_set_status(bill=bill, status=status_to))
        return self._answer(bill)

    @extend_schema(request=None, responses=s.BillDetailSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: Any = None) -> Response:
        """Disputed: removed from Intacct until it is restored."""
        return self._move(BillStatus.DISPUTED)

    @extend_schema(request=None, responses=s.BillDetailSerializer)
    @action(detail=True, methods=["post"], url_path="delete")
    def delete_bill(self, request: Request, pk: Any = None) -> Response:
        """Deleted: removed from Intacct (restore brings it back)."""
        return self._move(BillStatus.DELETED)

    @extend_schema(request=None, responses=s.BillDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: Any = None) -> Response:
        """Undispute or undelete: approved again if it was, else pending approval."""
        bill = self._app_bill()
        _state(lambda: lifecycle.bill_restore(bill=bill))
        return self._answer(bill)

    @extend_schema(request=s.BillPaidManuallyInput, responses={201: s.BillPaymentDetailSerializer})
    @action(detail=True, methods=["post"], url_path="paid-manually")
    def paid_manually(self, request: Request, pk: Any = None) -> Response:
        """Paid outside the app from a bank or credit-card account: a payment is recorded
        (and written to Intacct from the account the AP write settings name)."""
        bill = self._app_bill()
        form = s.BillPaidManuallyInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        payment = _state(
            lambda: ap_payments.bill_paid_manually(
                bill=bill,
                account_type=data["account_type"],
                paid_on=_today(data.get("paid_on")),
                amount=data.get("amount"),
            )
        )
        return _payment_answer(payment, status.HTTP_201_CREATED)

    @extend_schema(request=s.PaymentSubmitInput, responses={201: s.VendorCreditDetailSerializer})
    @action(detail=True, methods=["post"], url_path="submit-payment")
    def submit_payment(self, request: Request, pk: Any = None) -> Response:
        """Submitted for payment: a vendor credit holds the payee's transaction fee."""
        bill = self._app_bill()
        form = s.PaymentSubmitInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        credit = _state(
            lambda: fees.payment_submit(
                bill=bill,
                submitted_on=_today(data.get("submitted_on")),
                transaction_fee=data["transaction_fee"],
                credit_number=data.get("credit_number") or f"{bill.number}-FEE",
            )
        )
        fresh = VendorCredit.objects.prefetch_related("lines", "entries").get(pk=credit.pk)
        return Response(s.VendorCreditDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PaidWithFeesInput, responses={201: s.BillPaymentDetailSerializer})
    @action(detail=True, methods=["post"], url_path="pay-with-fees")
    def pay_with_fees(self, request: Request, pk: Any = None) -> Response:
        """Paid: the NetNow fee joins the fee credit, withholding makes a second credit, and
        a payment of net + NetNow fee + FX fee applies the credits; they must add up to the
        bill."""
        bill = self._app_bill()
        form = s.PaidWithFeesInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        paid_on = _today(data.pop("paid_on", None))
        withholding_number = data.pop("withholding_number", "") or f"{bill.number}-WH"
        try:
            payment = fees.payment_paid_with_fees(
                bill=bill, paid_on=paid_on, withholding_number=withholding_number, **data
            )
        except fees.FeesDoNotAddUp as exc:
            raise _refused("net_amount", exc) from exc
        except ap_payments.PaymentError as exc:
            raise Conflict(str(exc), code="state") from exc
        return _payment_answer(payment, status.HTTP_201_CREATED)


def _payment_answer(payment: BillPayment, code: int = status.HTTP_200_OK) -> Response:
    fresh = BillPayment.objects.prefetch_related("details", "applications").get(pk=payment.pk)
    return Response(s.BillPaymentDetailSerializer(fresh).data, status=code)


class BillPaymentWriteViewSet(mixins.CreateModelMixin, RecordViewSet):
    """Bill payments: every payment is read here; payments of bills are also made here and
    voided (a payment made here is deleted: voided in Intacct that day)."""

    queryset = BillPayment.objects.all()
    serializer_class = BillPaymentViewSet.serializer_class
    filterset_class = APDocumentFilter

    detail_serializer_class = s.BillPaymentDetailSerializer
    detail_prefetch = ("details", "applications")
    action_permissions = {
        "create": (CHANGE_BILL, CHANGE_PAYMENT),
        "void": (CHANGE_BILL, CHANGE_PAYMENT),
    }

    @extend_schema(request=s.BillPaymentCreateInput, responses={201: s.BillPaymentDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A payment of one vendor's bills (cash per bill), applying vendor credits."""
        form = s.BillPaymentCreateInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        first = Bill.objects.filter(pk=data["bills"][0]["bill"]).first()
        if first is None:
            raise exceptions.ValidationError({"bills.0.bill": ["No such bill."]})
        conn = first.connection_id
        paid = [
            (_own(Bill, row["bill"], conn, f"bills.{n}.bill"), row["amount"])
            for n, row in enumerate(data["bills"])
        ]
        credits = [
            (
                _own(Bill, row["bill"], conn, f"credits.{n}.bill"),
                _own(VendorCredit, row["credit"], conn, f"credits.{n}.credit"),
                row["amount"],
            )
            for n, row in enumerate(data.get("credits") or [])
        ]
        try:
            payment = ap_payments.payment_make(
                bills=paid,
                credits=credits,
                submitted_on=data["submitted_on"],
                reference_code=data.get("reference_code", ""),
                transaction_reference=data.get("transaction_reference", ""),
                fx_fee=data.get("fx_fee"),
            )
        except ap_payments.PaymentError as exc:
            raise _refused("bills", exc) from exc
        return _payment_answer(payment, status.HTTP_201_CREATED)

    @extend_schema(request=s.BillPaymentVoidInput, responses=s.BillPaymentDetailSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: Any = None) -> Response:
        """Delete a payment made here: voided in Intacct on that day; its bills owe again."""
        payment: BillPayment = self.get_object()
        form = s.BillPaymentVoidInput(data=request.data)
        form.is_valid(raise_exception=True)
        on = _today(form.validated_data.get("deleted_on"))
        _state(lambda: ap_payments.payment_delete(payment=payment, deleted_on=on))
        return _payment_answer(payment)


class VendorCreditReadViewSet(RecordViewSet):
    """Vendor credits, with the fee lines of those made here (``entries``). The app makes
    credits only for a payee's fees: ``POST /bills/{id}/submit-payment/`` and
    ``/pay-with-fees/``."""

    queryset = VendorCredit.objects.all()
    serializer_class = VendorCreditViewSet.serializer_class
    filterset_class = APDocumentFilter
    ordering_fields = VendorCreditViewSet.ordering_fields
    detail_serializer_class = s.VendorCreditDetailSerializer
    detail_prefetch = ("lines", "entries")


class VendorInvoiceMatchFilter(RecordFilter):
    bill = IdFilter(field_name="bill_id")
    source_document = IdFilter(field_name="source_document_id")
    mode = df.ChoiceFilter(choices=VendorInvoiceMatch.Mode.choices)


class VendorInvoiceMatchViewSet(mixins.CreateModelMixin, RecordViewSet):
    """Vendor invoices from PO matching: a bill entered here matched to PO lines (2-way) or
    receiver lines (3-way); written to Intacct once the bill is approved."""

    queryset = VendorInvoiceMatch.objects.all()
    serializer_class = s.VendorInvoiceMatchSerializer
    detail_serializer_class = s.VendorInvoiceMatchDetailSerializer
    detail_prefetch = ("lines",)
    filterset_class = VendorInvoiceMatchFilter
    action_permissions = {"create": (CHANGE_BILL, CHANGE_MATCH)}

    @extend_schema(
        request=s.VendorInvoiceMatchInput, responses={201: s.VendorInvoiceMatchDetailSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Match a bill to PO or receiver lines; over-billing is refused by line (422)."""
        form = s.VendorInvoiceMatchInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        bill = Bill.objects.filter(pk=data["bill"]).first()
        if bill is None:
            raise exceptions.ValidationError({"bill": ["No such bill."]})
        _state(lambda: lifecycle.bill_owned(bill))
        if VendorInvoiceMatch.objects.filter(bill=bill).exists():
            raise Conflict("This bill is already matched.", code="state")
        conn = bill.connection_id
        document = _own(PurchasingDocument, data["source_document"], conn, "source_document")
        lines = [
            (_own(PurchasingLine, row["line"], conn, f"lines.{n}.line"), row["quantity"],
             row["amount"])
            for n, row in enumerate(data["lines"])
        ]  # fmt: skip
        try:
            match = vendor_invoice_match(
                bill=bill,
                source_document=document,
                lines=lines,
                invoice_number=data["invoice_number"],
                reference_code=data["reference_code"],
                invoice_date=data["invoice_date"],
                due_date=data.get("due_date"),
            )
        except OverBillingError as exc:
            raise _refused("lines", exc) from exc
        except IntegrityError as exc:  # a concurrent match of the same bill
            raise Conflict("This bill is already matched.", code="state") from exc
        fresh = VendorInvoiceMatch.objects.prefetch_related("lines").get(pk=match.pk)
        return Response(
            s.VendorInvoiceMatchDetailSerializer(fresh).data, status=status.HTTP_201_CREATED
        )
