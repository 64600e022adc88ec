"""List columns shared by the AR documents (invoices, payments, credit memos)."""

from typing import Any

from django.contrib import admin

from integrations.admin.links import record_link


class CustomerDocumentMixin:
    """List columns shared by invoices, payments and credit memos."""

    @admin.display(description="customer", ordering="customer__name")
    def customer_link(self, obj: Any) -> str:
        return record_link(obj.customer) if obj.customer else obj.customer_intacct_id

    @admin.display(description="amount", ordering="trx_total_entered")
    def amount(self, obj: Any) -> Any:
        """What the document is for, in its own currency."""
        return obj.trx_total_entered
