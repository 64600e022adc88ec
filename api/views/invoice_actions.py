"""What is done to one invoice made here beyond its fields: push it now, and add, change or
remove its lines. Each calls the service the admin calls; Intacct's refusals (a paid or
reversed invoice, a line it holds removed) come back as problems."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import MAX_ID
from api.problems import Conflict, Unprocessable
from api.serializers import ar as ar_s
from api.serializers import runs as runs_s
from api.serializers import writes as w
from ar import invoicing
from ar.models import Invoice, InvoiceEntry
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive

CHANGE_INVOICE = "ar.change_appinvoice"
INVOICE_ACTIONS = {name: (CHANGE_INVOICE,) for name in ("push_now", "add_line", "line")}

T = TypeVar("T")

LINE_ID = OpenApiParameter(
    "line_id",
    {"type": "string", "pattern": "^[0-9]{1,18}$"},
    OpenApiParameter.PATH,
    description="The line's app ID (entries[].id).",
)


def refusals(call: Callable[[], T]) -> T:
    """Run a service; its refusals become problems (409: the state; 422: the content)."""
    try:
        return call()
    except (
        invoicing.NotAnAppInvoice,
        invoicing.InvoiceLocked,
        invoicing.InvoiceNotIssued,
        RunAlreadyActive,
        ConnectionUnavailable,
    ) as exc:
        raise Conflict(str(exc)) from exc
    except invoicing.InvoiceChangeInvalid as exc:
        raise Unprocessable(str(exc)) from exc


class InvoiceActionsMixin:
    """For the invoice view set: push now and line edits (``get_object``/``_answer`` are the
    view set's)."""

    get_object: Callable[[], Any]
    _answer: Callable[..., Response]

    @extend_schema(request=None, responses={202: runs_s.SyncRunSerializer})
    @action(detail=True, methods=["post"], url_path="push")
    def push_now(self, request: Request, pk: Any = None) -> Response:
        """Push now (as the admin's button): a push run of the invoices is queued; the run's
        page (Location) shows when it has ended. A failed invoice is queued again first."""
        invoice: Invoice = self.get_object()
        run = refusals(
            lambda: invoicing.app_invoice_push_now(
                invoice=invoice, requested_by=request.user.get_username()
            )
        )
        response = Response(runs_s.SyncRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("api:sync-run-detail", args=[run.pk])
        return response

    @extend_schema(request=w.InvoiceEntryInput, responses={201: ar_s.InvoiceDetailSerializer})
    @action(detail=True, methods=["post"], url_path="lines")
    def add_line(self, request: Request, pk: Any = None) -> Response:
        """Add a line at the end (queued for the push when the invoice is issued)."""
        invoice: Invoice = self.get_object()
        form = w.InvoiceEntryInput(data=request.data)
        form.is_valid(raise_exception=True)
        refusals(lambda: invoicing.app_invoice_line_add(invoice=invoice, **form.validated_data))
        return self._answer(invoice, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        parameters=[LINE_ID],
        request=w.InvoiceEntryChangeInput,
        responses=ar_s.InvoiceDetailSerializer,
        operation_id="invoices_lines_partial_update",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[LINE_ID],
        request=None,
        responses=ar_s.InvoiceDetailSerializer,
        operation_id="invoices_lines_destroy",
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"lines/(?P<line_id>[0-9]{1,18})")
    def line(self, request: Request, pk: Any = None, line_id: str = "") -> Response:
        """Change a line (PATCH) or remove it (DELETE). After the push, Intacct keeps every
        line it holds: only a line added since can be removed."""
        invoice: Invoice = self.get_object()
        entry = _entry(invoice, line_id)
        if request.method == "DELETE":
            refusals(lambda: invoicing.app_invoice_line_remove(invoice=invoice, entry=entry))
            return self._answer(invoice)
        form = w.InvoiceEntryChangeInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        refusals(
            lambda: invoicing.app_invoice_line_change(
                invoice=invoice, entry=entry, **form.validated_data
            )
        )
        return self._answer(invoice)


def _entry(invoice: Invoice, line_id: str) -> InvoiceEntry:
    number = int(line_id)
    entry = (
        InvoiceEntry.objects.filter(pk=number, invoice=invoice).first()
        if number <= MAX_ID
        else None
    )
    if entry is None:
        raise exceptions.NotFound("The invoice has no line with this ID.")
    return entry
