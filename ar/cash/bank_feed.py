"""Bank lines posted one at a time (a bank feed), beside the CSV import of whole files.

A line already recorded (same date, amount, currency, reference and payer, the import's rule)
is refused, so a feed that sends a line twice never makes two.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from ar.cash.errors import CashError
from ar.models import BankTransaction
from integrations.models import IntacctConnection


class BankLineDuplicate(CashError):
    """The bank line is already recorded."""


def bank_line_exists(
    *,
    connection: IntacctConnection,
    on: date,
    amount: Decimal,
    currency: str,
    reference: str,
    payer_name: str,
) -> bool:
    return BankTransaction.objects.filter(
        connection=connection,
        date=on,
        amount=amount,
        currency=currency,
        reference=reference,
        payer_name=payer_name,
    ).exists()


def bank_transaction_add(
    *,
    connection: IntacctConnection,
    date: date,
    amount: Decimal,
    currency: str,
    payer_name: str = "",
    memo: str = "",
    reference: str = "",
    bank_code: str = "",
) -> BankTransaction:
    """Record one bank line; raise BankLineDuplicate when it is already recorded."""
    if amount == 0:
        raise CashError("A bank line needs an amount other than zero.")
    with transaction.atomic():
        if bank_line_exists(
            connection=connection,
            on=date,
            amount=amount,
            currency=currency,
            reference=reference,
            payer_name=payer_name,
        ):
            raise BankLineDuplicate(
                f"A bank line of {amount} {currency} on {date} from {payer_name or 'no payer'} "
                f"with reference {reference or '(none)'} is already recorded."
            )
        return BankTransaction.objects.create(
            connection=connection,
            date=date,
            amount=amount,
            currency=currency,
            payer_name=payer_name,
            memo=memo,
            reference=reference,
            bank_code=bank_code,
        )
