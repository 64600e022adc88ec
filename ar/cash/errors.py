"""Typed errors of the cash application services."""

from django.core.exceptions import ValidationError


class CashError(Exception):
    """A cash application request that cannot be carried out as asked."""


class PaymentInvalid(ValidationError):
    """A payment fails its checks; ``message_dict`` maps each field to its messages."""


class SplitRefused(CashError):
    """A split that would break the bank transaction's total or the payment's applications."""
