"""List filters of the AR admin: due/overdue and aging buckets."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ar.models import Invoice
from ar.selectors import AGING_BUCKETS, BUCKETS_BY_KEY, CURRENT, open_q, overdue_q, owed_q


class DueFilter(admin.SimpleListFilter):
    """Open invoices split by whether their due date has passed."""

    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return (
            ("open", "Open"),
            ("overdue", "Overdue"),
            ("not_overdue", "Open, not overdue"),
            ("closed", "Closed"),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.filter(open_q())
        if self.value() == "overdue":
            return queryset.filter(overdue_q(today))
        if self.value() == "not_overdue":
            return queryset.filter(open_q()).exclude(overdue_q(today))
        if self.value() == "closed":
            return queryset.exclude(open_q())
        return queryset


class AgingFilter(admin.SimpleListFilter):
    """Open invoices by days past due (today minus due date)."""

    title = "aging (days past due)"
    parameter_name = "aging"

    def lookups(self, request, model_admin):
        return [(b.key, b.label) for b in (CURRENT, *AGING_BUCKETS)]

    def queryset(self, request, queryset):
        bucket = BUCKETS_BY_KEY.get(self.value() or "")
        if bucket is None:
            return queryset
        return queryset.filter(owed_q() & bucket.due_date_q(timezone.localdate()))


class CustomerAgingFilter(AgingFilter):
    """Customers with at least one open invoice in the bucket."""

    title = "has invoices aged"

    def queryset(self, request, queryset):
        bucket = BUCKETS_BY_KEY.get(self.value() or "")
        if bucket is None:
            return queryset
        invoices = Invoice.objects.filter(
            owed_q() & bucket.due_date_q(timezone.localdate()), customer=OuterRef("pk")
        )
        return queryset.filter(Exists(invoices))


class CustomerOverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "Has overdue invoices"), ("no", "Nothing overdue"))

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        overdue = Invoice.objects.filter(overdue_q(timezone.localdate()), customer=OuterRef("pk"))
        return queryset.filter(Exists(overdue) if self.value() == "yes" else ~Exists(overdue))
