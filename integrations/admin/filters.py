"""List filters any synced model can use: rows linked to one record."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Model, QuerySet


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
