"""Payment-method mapping: the first rule whose text appears in the bank line decides."""

from ar.models import BankTransaction, PaymentMethodRule
from ar.models.cash import PaymentMethod


def payment_method_for(*, bank_line: BankTransaction) -> tuple[str, PaymentMethodRule | None]:
    """The Intacct payment method for a bank line and the rule that chose it.

    Without a matching rule the method is EFT, the usual way a bank deposit arrives; the user
    can change it on the payment.
    """
    for rule in PaymentMethodRule.objects.filter(connection_id=bank_line.connection_id):
        haystack = str(getattr(bank_line, rule.source, "") or "")
        if rule.pattern and rule.pattern.casefold() in haystack.casefold():
            return rule.method, rule
    return PaymentMethod.EFT, None
