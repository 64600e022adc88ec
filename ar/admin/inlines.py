"""Payment applications as inlines, seen from an invoice, a payment or a credit memo."""

from django.contrib import admin

from ar.models import PaymentApplication
from integrations.admin.inlines import ReadOnlyInline
from integrations.admin.links import record_link


class ApplicationInline(ReadOnlyInline):
    """Payment applications seen from one side (invoice, payment or credit memo).

    Subclasses set ``fk_name`` and ``fields`` from the links below; the related rows come in
    one query with the applications.
    """

    model = PaymentApplication
    verbose_name = "application"

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invoice", "payment", "credit_memo")

    @admin.display(description="invoice")
    def invoice_link(self, obj: PaymentApplication) -> str:
        return record_link(obj.invoice) if obj.invoice else str(obj.invoice_recordno or "—")

    @admin.display(description="payment")
    def payment_link(self, obj: PaymentApplication) -> str:
        return record_link(obj.payment)

    @admin.display(description="credit memo")
    def credit_memo_link(self, obj: PaymentApplication) -> str:
        return record_link(obj.credit_memo)
