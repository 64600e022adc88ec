"""List filters of the AR admin: due/overdue, aging buckets, and links between records."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, Model, OuterRef, QuerySet
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


class RelatedRecordFilter(admin.SimpleListFilter):
    """Rows linked to one record given by primary key (the target of a link from a page).

    Only the chosen record is offered as a choice, so the filter costs one query when used
    and none otherwise; an unknown record filters to nothing rather than to everything.
    """

    related_model: type[Model]
    lookup: str

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return ()
        if not value.isdigit():
            raise IncorrectLookupParameters(f"{self.title}: {value!r} is not a record number")
        record = self.related_model._default_manager.filter(pk=int(value)).first()
        return ((value, str(record) if record else f"#{value} (no such record)"),)

    def queryset(self, request, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        # A subquery on the key rather than a join, so a record linked twice is listed once.
        linked = queryset.model._default_manager.filter(**{self.lookup: int(self.value() or 0)})
        return queryset.filter(pk__in=linked.values("pk"))


def related_filter(
    model: type[Model], lookup: str, title: str, parameter: str
) -> type[RelatedRecordFilter]:
    """A :class:`RelatedRecordFilter` on ``lookup`` (e.g. ``applications__invoice``)."""
    attrs = {"title": title, "parameter_name": parameter, "related_model": model, "lookup": lookup}
    return type(f"{parameter.title()}RecordFilter", (RelatedRecordFilter,), attrs)
