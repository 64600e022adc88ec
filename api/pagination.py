"""Cursor pagination: a page is found by the position of its last row, never by an offset, so
paging stays fast over a million rows and no row is lost or repeated while rows are added or
removed."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    # The app's ID is unique and indexed: the default order is exact at any size. Views allow
    # ordering by other indexed, non-null fields (?ordering=).
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500
