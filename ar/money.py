"""Money text for the AR screens: the shared formatting of ``integrations.money``."""

from integrations.money import amount_text, money_text

__all__ = ["amount_text", "money_text"]
