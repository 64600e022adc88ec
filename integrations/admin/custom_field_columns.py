"""Columns, filters and a detail panel for the custom fields a connection imports.

A consultant enables ``integrations.CustomField`` rows per connection and Intacct object;
the pull stores their values in the record's ``custom_fields`` JSON keyed by field ID. Each
enabled field (by ID, across connections) becomes a list column and a list filter.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Model, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from integrations.admin.large_lists import CHOICES_TTL
from integrations.models import CustomField

# Text-like fields offer their distinct values as choices when there are at most this many;
# past that a list would be noise, and a value can still be given in the URL.
MAX_VALUE_CHOICES = 50
BLANK = "__blank__"
PRESENT = "__present__"


def enabled_custom_fields(request: HttpRequest, object_name: str) -> list[CustomField]:
    """Enabled custom fields of ``object_name``, one per field ID, cached on the request."""
    cache: dict[str, list[CustomField]] = request.__dict__.setdefault("_enabled_custom_fields", {})
    if object_name not in cache:
        seen: dict[str, CustomField] = {}
        rows = CustomField.objects.filter(object_name=object_name, enabled=True).order_by(
            "label", "field_id", "pk"
        )
        for field in rows:
            seen.setdefault(field.field_id, field)
        cache[object_name] = list(seen.values())
    return cache[object_name]


def display_value(value: Any) -> Any:
    """A stored custom-field value as the admin shows it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value if value not in (None, "") else None


class CustomFieldFilter(admin.SimpleListFilter):
    """Filter on one custom field's value: its picklist, yes/no, or the values present."""

    field_id: str
    datatype: str
    valid_values: list[str]

    def lookups(self, request, model_admin):
        if self.datatype == "BOOLEAN":
            choices = [("true", "Yes"), ("false", "No")]
        elif self.valid_values:
            choices = [(str(v), str(v)) for v in self.valid_values]
        else:
            values = (
                model_admin.model._default_manager.annotate(_cf=self._text())
                .alias(_cf_json=self._json())
                .exclude(_cf__isnull=True)
                .exclude(_cf="")
                .exclude(_cf_json=None)
                .order_by("_cf")
                .values_list("_cf", flat=True)
                .distinct()[: MAX_VALUE_CHOICES + 1]
            )
            # A DISTINCT over every row's JSON: read once per CHOICES_TTL, not per page.
            key = f"large-lists:custom-values:{model_admin.model._meta.label}:{self.field_id}"
            found = cache.get(key)
            if found is None:
                found = list(values)
                cache.set(key, found, CHOICES_TTL)
            choices = [(v, v) for v in found] if len(found) <= MAX_VALUE_CHOICES else []
        return [*choices, (PRESENT, "Any value"), (BLANK, "Blank")]

    def _text(self) -> Cast:
        # Cast so that comparisons are plain text ones: a key transform's own lookups would
        # compare as JSON, and '' is not JSON.
        return Cast(KeyTextTransform(self.field_id, "custom_fields"), TextField())

    def _json(self) -> KeyTransform:
        return KeyTransform(self.field_id, "custom_fields")

    def queryset(self, request, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        queryset = queryset.alias(_cf_text=self._text(), _cf_json=self._json())
        # Missing key, JSON null (which SQLite spells 'null' as text) or an empty string.
        blank = Q(_cf_text__isnull=True) | Q(_cf_text="") | Q(_cf_json=None)
        if value == BLANK:
            return queryset.filter(blank)
        if value == PRESENT:
            return queryset.exclude(blank)
        if self.datatype == "BOOLEAN":
            # JSON true/false compare as JSON, not as text (SQLite says 1, PostgreSQL 'true').
            return queryset.filter(_cf_json=value == "true")
        return queryset.filter(_cf_text=value)


def custom_field_filter(field: CustomField) -> type[CustomFieldFilter]:
    """A list filter class for one custom field (parameter ``cf_<FIELD_ID>``)."""
    attrs = {
        "title": field.label or field.field_id,
        "parameter_name": f"cf_{field.field_id}",
        "field_id": field.field_id,
        "datatype": (field.datatype or "").upper(),
        "valid_values": [v for v in (field.valid_values or []) if v not in (None, "")],
    }
    return type(f"CustomFieldFilter_{field.field_id}", (CustomFieldFilter,), attrs)


def custom_field_column(field: CustomField) -> Callable[[Model], Any]:
    """A list column showing one custom field from the already loaded JSON."""
    field_id = field.field_id

    @admin.display(
        description=field.label or field_id,
        ordering=KeyTextTransform(field_id, "custom_fields").asc(),
    )
    def column(obj: Model) -> Any:
        return display_value((getattr(obj, "custom_fields", None) or {}).get(field_id))

    column.__name__ = f"cf_{field_id}"
    return column


class CustomFieldsAdminMixin:
    """Adds the enabled custom fields of ``custom_field_object`` as columns and filters."""

    custom_field_object: str = ""

    def get_list_display(self, request: HttpRequest) -> Any:
        base = super().get_list_display(request)  # type: ignore[misc]
        columns = [custom_field_column(f) for f in self._custom_fields(request)]
        if not columns:
            return base
        # Before the sync badge, which stays the last column.
        head, tail = list(base), []
        if head and head[-1] == "sync_badge":
            tail = [head.pop()]
        return (*head, *columns, *tail)

    def get_list_filter(self, request: HttpRequest) -> Any:
        base = super().get_list_filter(request)  # type: ignore[misc]
        return (*base, *(custom_field_filter(f) for f in self._custom_fields(request)))

    def _custom_fields(self, request: HttpRequest) -> list[CustomField]:
        return enabled_custom_fields(request, self.custom_field_object)

    @admin.display(description="Custom fields")
    def custom_fields_panel(self, obj: Model) -> str:
        """Every stored custom field, labelled where a selection names it."""
        values: dict[str, Any] = getattr(obj, "custom_fields", None) or {}
        if not values:
            return "—"
        labels = dict(
            CustomField.objects.filter(
                connection_id=obj.connection_id,  # type: ignore[attr-defined]
                object_name=self.custom_field_object,
            ).values_list("field_id", "label")
        )
        rows = (
            (key, labels.get(key, key), display_value(value) or "—")
            for key, value in sorted(values.items())
        )
        return format_html(
            "<table class='custom-fields'>{}</table>",
            format_html_join("", "<tr><th title='{}'>{}</th><td>{}</td></tr>", rows),
        )
