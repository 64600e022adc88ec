"""List filters, matching the admin's: entity, state, currency, due/overdue, updated since,
sync state (and the connection)."""

from datetime import UTC
from typing import Any

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from ar.selectors import open_q, overdue_q
from integrations.models import SyncError, SyncRun, SyncState

# The largest ID a database holds (a 64-bit signed integer).
MAX_ID = 2**63 - 1


class IdFilter(df.NumberFilter):
    """An app ID: a whole number in the database's range (larger is a field error, not a
    database overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(df.fields.IsoDateTimeField):
    """An ISO 8601 time, taken to UTC (an offset PostgreSQL cannot hold is then no problem)."""

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Give a time between the years 1 and 9999.") from None


class SinceFilter(df.IsoDateTimeFilter):
    field_class = UtcDateTimeField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class RecordFilter(df.FilterSet):
    """Filters every synced record has."""

    connection = IdFilter(field_name="connection_id")
    sync_state = df.ChoiceFilter(choices=SyncState.choices)
    updated_since = SinceFilter(
        field_name="last_synced_at",
        label="Written by a sync at or after this time (ISO 8601).",
    )
    modified_since = SinceFilter(
        field_name="intacct_modified_at",
        label="Modified in Intacct at or after this time (WHENMODIFIED).",
    )


class DocumentFilter(RecordFilter):
    """AR documents: their entity, state, currency and customer."""

    entity = df.CharFilter(field_name="subsidiary__location_id", label="Entity ID")
    state = df.CharFilter()
    currency = df.CharFilter()
    customer = IdFilter(field_name="customer_id")


DUE_CHOICES = (
    ("open", "Open"),
    ("overdue", "Overdue"),
    ("not_overdue", "Open, not overdue"),
    ("closed", "Closed"),
)


class InvoiceFilter(DocumentFilter):
    due = df.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label="Due status")
    due_before = df.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = df.DateFilter(field_name="due_date", lookup_expr="gte")

    def filter_due(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(open_q())
        if value == "overdue":
            return queryset.filter(overdue_q(today))
        if value == "not_overdue":
            return queryset.filter(open_q()).exclude(overdue_q(today))
        return queryset.exclude(open_q())


class CustomerFilter(RecordFilter):
    entity = df.CharFilter(field_name="created_in_entity__location_id", label="Entity ID")
    status = df.CharFilter()
    currency = df.CharFilter()


class StatusFilter(RecordFilter):
    status = df.CharFilter()


class SyncRunFilter(df.FilterSet):
    connection = IdFilter(field_name="connection_id")
    status = df.ChoiceFilter(choices=SyncRun.Status.choices)
    stage = df.ChoiceFilter(choices=SyncRun.Stage.choices)
    queued_since = SinceFilter(field_name="queued_at")


class SyncErrorFilter(df.FilterSet):
    connection = IdFilter(field_name="connection_id")
    status = df.ChoiceFilter(choices=SyncError.Status.choices)
    direction = df.ChoiceFilter(choices=SyncError.Direction.choices)
    object_name = df.CharFilter()
    errorno = df.CharFilter()
    seen_since = SinceFilter(field_name="last_seen")
