"""Money text for the AR pages: the shared formatting lives in ``integrations.money``."""

from integrations.money import amount_text, money_text

__all__ = ["amount_text", "money_text"]
