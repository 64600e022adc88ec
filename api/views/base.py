"""The base of every API view: problem details, Idempotency-Key, roles, cursor pages."""

from typing import Any

from rest_framework import viewsets
from rest_framework.views import APIView

from api.idempotency import IdempotentPostMixin


class ApiView(IdempotentPostMixin, APIView):
    """An operation (a POST that calls a service)."""


class RecordViewSet(IdempotentPostMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """List (cursor-paged, filtered, ordered) and retrieve; ``detail_serializer_class`` for
    the single record when it shows more than the list (lines, applications, ...)."""

    # App IDs in URLs: digits that fit the database's integer (anything else is a 404).
    lookup_value_regex = "[0-9]{1,18}"
    detail_serializer_class: Any = None
    detail_prefetch: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ("id",)

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "retrieve" and self.detail_prefetch:
            queryset = queryset.prefetch_related(*self.detail_prefetch)
        return queryset
