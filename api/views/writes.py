"""Writes of the records the app owns: invoices made here (create, change, issue, preview of
their push), the push dry run, bank lines and payments (create from a bank line, apply,
split, post). Each calls the service the admin calls; none writes by itself."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.problems import Conflict, Unprocessable
from api.serializers import ar as ar_s
from api.serializers import writes as w
from api.serializers.generic import read_serializer
from api.views.base import ApiView, RecordViewSet
from api.views.invoice_actions import INVOICE_ACTIONS, InvoiceActionsMixin
from api.views.records import InvoiceViewSet, PaymentViewSet
from api.views.sync import OPERATE, UpstreamUnavailable, _connection
from ar import invoicing
from ar.cash import bank_feed, payments
from ar.cash.errors import CashError
from ar.models import BankTransaction, CreditMemo, Customer, Invoice, Payment
from integrations import push_services
from integrations.intacct import EndpointNotAllowed, IntacctError
from integrations.sync.registry import RegistryError

ADD_INVOICE = "ar.add_appinvoice"
CHANGE_INVOICE = "ar.change_appinvoice"


def _own(model: Any, pk: int, connection_id: int, field: str) -> Any:
    """The ``model`` row ``pk`` of the connection, or a field error naming ``field``."""
    row = model.objects.filter(pk=pk, connection_id=connection_id).first()
    if row is None:
        raise exceptions.ValidationError({field: ["No such record on this connection."]})
    return row


def _intacct_call(call: Any) -> Any:
    try:
        return call()
    except EndpointNotAllowed as exc:
        raise Conflict(f"The connection cannot reach Intacct: {exc}") from exc
    except IntacctError as exc:
        raise UpstreamUnavailable(f"Intacct did not answer: {exc}") from exc


class InvoiceWriteViewSet(
    InvoiceActionsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, InvoiceViewSet
):
    """Invoices: every invoice is read here; those made in the app are also written (their
    fields, lines, issue, push preview and push now)."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_permissions = {
        **INVOICE_ACTIONS,
        "create": (ADD_INVOICE,),
        "partial_update": (CHANGE_INVOICE,),
        "issue": (CHANGE_INVOICE,),
        "push_preview": (CHANGE_INVOICE,),
    }

    def _answer(self, invoice: Invoice, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related(*self.detail_prefetch).get(pk=invoice.pk)
        return Response(ar_s.InvoiceDetailSerializer(fresh).data, status=code)

    @extend_schema(request=w.InvoiceCreateInput, responses={201: ar_s.InvoiceDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = w.InvoiceCreateInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        connection = _connection(data.pop("connection"))
        customer = _own(Customer, data.pop("customer"), connection.pk, "customer")
        invoice = invoicing.app_invoice_create(
            connection=connection,
            customer=customer,
            lines=[dict(line) for line in data.pop("lines")],
            **data,
        )
        return self._answer(invoice, status.HTTP_201_CREATED)

    @extend_schema(request=w.InvoiceChangeInput, responses=ar_s.InvoiceDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        invoice = self.get_object()
        form = w.InvoiceChangeInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        try:
            invoicing.app_invoice_change(invoice=invoice, **form.validated_data)
        except invoicing.NotAnAppInvoice as exc:
            raise Conflict(str(exc)) from exc
        return self._answer(invoice)

    @extend_schema(request=None, responses=ar_s.InvoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        """Draft → issued: queued for the push to Intacct."""
        invoice = self.get_object()
        try:
            invoicing.app_invoice_issue(invoice=invoice)
        except invoicing.NotAnAppInvoice as exc:
            raise Conflict(str(exc)) from exc
        return self._answer(invoice)

    @extend_schema(request=None, responses=w.PushPreviewSerializer)
    @action(detail=True, methods=["post"], url_path="push-preview")
    def push_preview(self, request: Request, pk: Any = None) -> Response:
        """What pushing the invoice now would do, and the exact request (secrets masked).
        Nothing is sent and nothing is kept."""
        invoice = self.get_object()
        preview = _intacct_call(lambda: push_services.record_push_preview(record=invoice))
        return Response(w.PushPreviewSerializer(preview).data)


class PushDryRunView(ApiView):
    """Every write a push of the connection would send now, and why; nothing is sent."""

    required_permissions = (OPERATE,)

    @extend_schema(
        request=w.PushDryRunInput,
        responses=w.PlannedWriteSerializer(many=True),
        operation_id="push_dry_run",
    )
    def post(self, request: Request) -> Response:
        form = w.PushDryRunInput(data=request.data)
        form.is_valid(raise_exception=True)
        connection = _connection(form.validated_data["connection"])
        try:
            planned = _intacct_call(
                lambda: push_services.push_dry_run_list(
                    connection=connection, objects=form.validated_data.get("objects") or None
                )
            )
        except RegistryError as exc:
            raise exceptions.ValidationError({"objects": [str(exc)]}) from exc
        return Response(w.PlannedWriteSerializer(planned, many=True).data)


BankTransactionSerializer = read_serializer(BankTransaction)


class BankTransactionViewSet(mixins.CreateModelMixin, RecordViewSet):
    """Bank lines: a bank feed posts them; cash application makes payments from them."""

    queryset = BankTransaction.objects.all()
    serializer_class = BankTransactionSerializer
    filterset_fields = ("connection", "currency", "date")
    ordering_fields = ("id", "date")
    action_permissions = {"create": ("ar.add_banktransaction",)}

    @extend_schema(request=w.BankTransactionInput, responses={201: BankTransactionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = w.BankTransactionInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        connection = _connection(data.pop("connection"))
        try:
            line = bank_feed.bank_transaction_add(connection=connection, **data)
        except CashError as exc:
            raise Conflict(str(exc)) from exc
        return Response(BankTransactionSerializer(line).data, status=status.HTTP_201_CREATED)


class PaymentWriteViewSet(mixins.CreateModelMixin, PaymentViewSet):
    """Payments: every payment is read here; those made from a bank line are also written."""

    action_permissions = {
        "create": ("ar.add_payment",),
        "apply": ("ar.change_payment",),
        "split": ("ar.add_payment", "ar.change_payment"),
        "post_payment": ("ar.change_payment",),
    }

    def _answer(self, payment: Payment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("applications").get(pk=payment.pk)
        return Response(ar_s.PaymentDetailSerializer(fresh).data, status=code)

    @extend_schema(request=w.PaymentCreateInput, responses={201: ar_s.PaymentDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The first payment of a bank line, for the whole amount, to the customer given."""
        form = w.PaymentCreateInput(data=request.data)
        form.is_valid(raise_exception=True)
        line = BankTransaction.objects.filter(pk=form.validated_data["bank_transaction"]).first()
        if line is None:
            raise exceptions.ValidationError({"bank_transaction": ["No such bank line."]})
        customer = _own(Customer, form.validated_data["customer"], line.connection_id, "customer")
        try:
            payment = payments.payment_create_for_bank_line(bank_line=line, customer=customer)
        except CashError as exc:
            raise Conflict(str(exc)) from exc
        return self._answer(payment, status.HTTP_201_CREATED)

    @extend_schema(request=w.PaymentApplyInput, responses=ar_s.PaymentDetailSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: Any = None) -> Response:
        """Apply cash and/or one credit to an invoice (replaces this payment's application
        to that invoice; zero removes it)."""
        payment: Payment = self.get_object()
        form = w.PaymentApplyInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        conn = payment.connection_id
        try:
            payments.payment_apply(
                payment=payment,
                invoice=_own(Invoice, data["invoice"], conn, "invoice"),
                amount=data["amount"],
                credit_memo=_own(CreditMemo, data["credit_memo"], conn, "credit_memo")
                if data.get("credit_memo")
                else None,
                overpayment=_own(Payment, data["overpayment"], conn, "overpayment")
                if data.get("overpayment")
                else None,
                credit_amount=data["credit_amount"],
            )
        except CashError as exc:
            raise Unprocessable(str(exc)) from exc
        return self._answer(payment)

    @extend_schema(request=w.PaymentSplitInput, responses={201: ar_s.PaymentDetailSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: Any = None) -> Response:
        """Move part of the payment to a new payment of the invoice's customer, applied to it."""
        payment: Payment = self.get_object()
        form = w.PaymentSplitInput(data=request.data)
        form.is_valid(raise_exception=True)
        invoice = _own(Invoice, form.validated_data["invoice"], payment.connection_id, "invoice")
        try:
            new = payments.payment_split(
                payment=payment, invoice=invoice, amount=form.validated_data["amount"]
            )
        except CashError as exc:
            raise Unprocessable(str(exc)) from exc
        return self._answer(new, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ar_s.PaymentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="post")
    def post_payment(self, request: Request, pk: Any = None) -> Response:
        """Check the payment and queue it for Intacct; it cannot change here afterwards."""
        payment: Payment = self.get_object()
        try:
            payments.payment_post(payment=payment)
        except CashError as exc:
            raise Unprocessable(str(exc)) from exc
        return self._answer(payment)
