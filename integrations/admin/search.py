"""Admin search over synced records: text fields and amounts."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import BooleanField, F, Func, Model, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal


def amount_q(term: str, fields: tuple[str, ...]) -> Q | None:
    """``fields`` equal to the amount ``term`` spells ("1,234.50", "$99"), or None."""
    cleaned = term.replace(",", "").lstrip("$€£").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    # Amounts are stored to the cent; a finer or larger figure is not an amount here (and
    # would otherwise be rounded into one).
    if not amount.is_finite() or abs(amount) >= Decimal("1e14"):
        return None
    if int(amount.as_tuple().exponent) < -2 and amount != amount.quantize(Decimal("0.01")):
        return None
    q = Q()
    for field in fields:
        q |= Q(**{field: amount})
    return q


class AmountSearchMixin:
    """Search where every word matches a text field or, when it reads as a number, an amount.

    Words are ANDed as in Django's own search, so "Acme 250" finds Acme's documents of 250.
    """

    search_fields: Sequence[str]
    amount_search_fields: tuple[str, ...] = ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        for word in search_words(search_term):
            q = Q()
            for field in self.search_fields:
                q |= contains_q(queryset.model, field, word)
            by_amount = amount_q(word, self.amount_search_fields)
            queryset = queryset.filter(q | by_amount if by_amount is not None else q)
        # Search fields follow foreign keys only, so no row can match twice.
        return queryset, False


def search_words(term: str) -> list[str]:
    """The words of a search, quoted phrases kept whole (as Django's search splits them)."""
    words = []
    for bit in smart_split(term):
        if len(bit) > 1 and bit[0] in "\"'" and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


class KeyIn(Func):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``, which the
    planner runs once and reads through the column's index, so it can be ORed with other
    indexed conditions (a bitmap OR) instead of forcing a scan of every row."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def contains_q(model: type[Model], field: str, word: str) -> Q:
    """``field`` contains ``word`` (case-insensitive); a field of a related record (one
    foreign key away) is matched on that table and joined by key, not row by row."""
    relation, _, rest = field.partition("__")
    if rest and "__" not in rest:
        fk = model._meta.get_field(relation)
        if fk.many_to_one and fk.related_model is not None:
            related = fk.related_model._default_manager.filter(**{f"{rest}__icontains": word})
            return Q(KeyIn(F(fk.attname), Subquery(related.values("pk"))))
    return Q(**{f"{field}__icontains": word})
