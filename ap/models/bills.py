"""Bills, bill payments, vendor credits, card transactions (filled by the AP documents work).

List every model in ``__all__``: ``ap.models`` re-exports it.
"""

__all__: list[str] = []
