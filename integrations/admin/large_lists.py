"""Admin lists that stay fast at a million rows.

Three things make Django's change list slow on a large table, and each is replaced here:

- the paginator's ``COUNT(*)``: an unfiltered list of a large table takes PostgreSQL's own
  estimate of the table's rows (``pg_class.reltuples``, kept by ANALYZE and autovacuum), and a
  filtered one counts at most :data:`COUNT_CAP` rows ("10,000+" beyond);
- ``SELECT DISTINCT`` over the whole table for a plain field's filter choices: the values are
  read at most once per :data:`CHOICES_TTL` seconds per list and field (from the cache);
- the date hierarchy's distinct years (another full scan): a date-range filter instead, which
  needs no query.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, DateFieldListFilter
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections, models
from django.utils.functional import cached_property

# An unfiltered list of a table estimated at this many rows or more is not counted.
ESTIMATE_ABOVE = 10_000
# A filtered list of such a table is counted up to this many rows.
COUNT_CAP = 10_000
# Seconds a table's estimate and a field's filter choices are reused.
ESTIMATE_TTL = 60
CHOICES_TTL = 300


class ListCount(int):
    """A row count as the list shows it: exact, estimated ("about …") or capped ("… +")."""

    estimated: bool = False
    capped: bool = False

    def __str__(self) -> str:
        if self.capped:
            return f"{int(self):,}+"
        if self.estimated:
            return f"about {int(self):,}"
        return f"{int(self)}"

    @classmethod
    def of(cls, value: int, *, estimated: bool = False, capped: bool = False) -> "ListCount":
        count = cls(value)
        count.estimated, count.capped = estimated, capped
        return count


def table_estimate(model: type[models.Model], using: str) -> int | None:
    """PostgreSQL's estimate of the rows in ``model``'s table; None on other databases or
    before the table was first analysed. Cached for :data:`ESTIMATE_TTL` seconds."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    table = model._meta.db_table
    key = f"large-lists:estimate:{connection.settings_dict['NAME']}:{table}"
    estimate = cache.get(key)
    if estimate is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table]
            )
            row = cursor.fetchone()
        estimate = int(row[0]) if row else -1
        cache.set(key, estimate, ESTIMATE_TTL)
    # -1: never vacuumed nor analysed.
    return estimate if estimate >= 0 else None


class EstimatedCountPaginator(Paginator):
    """A paginator that never counts every row of a large table."""

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        queryset = self.object_list
        estimate = table_estimate(queryset.model, queryset.db)
        if estimate is None or estimate < ESTIMATE_ABOVE:
            return ListCount.of(queryset.count())
        if not queryset.query.where:
            return ListCount.of(estimate, estimated=True)
        found = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        if found > COUNT_CAP:
            return ListCount.of(COUNT_CAP, capped=True)
        return ListCount.of(found)


def _plain_value_field(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return not field.is_relation and not getattr(field, "choices", None)


def cached_values_filter(model: type[models.Model], field_path: str) -> type:
    """Django's all-values filter on ``field_path`` with its choices read once per
    :data:`CHOICES_TTL` seconds rather than on every page."""
    key = f"large-lists:values:{model._meta.label}:{field_path}"

    class CachedValuesFilter(AllValuesFieldListFilter):
        def __init__(self, field, request, params, model, model_admin, field_path):
            super().__init__(field, request, params, model, model_admin, field_path)
            values = cache.get(key)
            if values is None:
                # The parent's choices are a lazy DISTINCT query: run once, then reused.
                values = list(self.lookup_choices)
                cache.set(key, values, CHOICES_TTL)
            self.lookup_choices = values

    return CachedValuesFilter


class LargeChangeList(ChangeList):
    @cached_property
    def large(self) -> bool:
        estimate = table_estimate(self.model, self.root_queryset.db)
        return estimate is not None and estimate >= ESTIMATE_ABOVE

    def get_ordering_field(self, field_name):
        order = super().get_ordering_field(field_name)
        # On a large table a column sorts only by an indexed column of its own table: a
        # related record's field, a JSON key or a computed value would sort every row.
        if order is None or not self.large:
            return order
        if isinstance(order, str) and order.lstrip("-") in indexed_columns(self.model):
            return order
        return None

    def _get_deterministic_ordering(self, ordering):
        ordering = super()._get_deterministic_ordering(ordering)
        # Django breaks ties by "-pk" whatever the sort's direction; ties broken in the sort's
        # own direction let one index on (column, id) serve the sort both ways.
        if len(ordering) > 1 and ordering[-1] == "-pk" and _ascending(ordering[-2]):
            ordering[-1] = "pk"
        return ordering


def indexed_columns(model: type[models.Model]) -> set[str]:
    """Fields an index starts with (the ones a sort can read in order)."""
    meta = model._meta
    columns = {f.name for f in meta.concrete_fields if f.primary_key or f.db_index or f.unique}
    columns |= {"pk"}
    columns |= {index.fields[0].lstrip("-") for index in meta.indexes if index.fields}
    for constraint in meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields:
            columns.add(fields[0])
    return columns


def _ascending(part: Any) -> bool:
    if isinstance(part, str):
        return not part.startswith("-")
    return not getattr(part, "descending", False)


class LargeListAdmin(admin.ModelAdmin):
    """A model admin whose list pages cost the same at a thousand rows and at a million."""

    paginator = EstimatedCountPaginator
    # The "N total" link would count every row.
    show_full_result_count = False

    def get_list_filter(self, request):
        filters = []
        for spec in super().get_list_filter(request):
            if isinstance(spec, str) and _plain_value_field(self.model, spec):
                filters.append((spec, cached_values_filter(self.model, spec)))
            else:
                filters.append(spec)
        if self.date_hierarchy:
            filters.append((self.date_hierarchy, DateFieldListFilter))
        return filters

    def get_changelist(self, request, **kwargs):
        return LargeChangeList

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The date hierarchy lists distinct years (a full scan); its field is a date-range
        # filter instead (see get_list_filter).
        changelist.date_hierarchy = None
        return changelist
