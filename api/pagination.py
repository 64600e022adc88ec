"""Cursor pagination: a page is found by the position of its last row, never by an offset, so
paging stays fast over a million rows and no row is lost or repeated while rows are added or
removed."""

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    # The app's ID is unique and indexed: the default order is exact at any size. Views allow
    # ordering by other indexed, non-null fields (?ordering=).
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        # A cursor is opaque but arrives from the client: a position that does not fit the
        # ordering field (a forged or stale cursor) is "Invalid cursor", not a server error.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, ValidationError):
            raise NotFound(self.invalid_cursor_message) from None
