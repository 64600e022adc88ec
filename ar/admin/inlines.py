"""Inlines for rows Intacct owns."""

from django.contrib import admin

from ar.admin.links import record_link
from ar.models import PaymentApplication


class ReadOnlyInline(admin.TabularInline):
    """Rows Intacct owns, shown on their parent's page and never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
