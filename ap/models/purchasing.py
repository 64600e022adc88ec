"""Purchasing: purchase orders, PO receivers and their lines, status maps, units of measure.

List every model in ``__all__``: ``ap.models`` re-exports it.
"""

__all__: list[str] = []
