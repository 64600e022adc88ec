"""Where a payment's money goes: default accounts per entity and the company's bank accounts."""

from django.db import transaction

from ar.models import BankAccount, CashAccountDefault
from integrations.models import IntacctConnection, Subsidiary
from integrations.sync.clients import SyncClient

BANK_OBJECTS = (("CHECKINGACCOUNT", BankAccount.Kind.CHECKING), ("SAVINGSACCOUNT", "savings"))
BANK_FIELDS = ["BANKACCOUNTID", "GLACCOUNTNO", "LOCATIONID", "CURRENCY"]


def cash_default_for(
    *, connection: IntacctConnection, subsidiary: Subsidiary | None
) -> CashAccountDefault | None:
    """The consultant's default for the entity, else the top-level one."""
    defaults = CashAccountDefault.objects.filter(connection=connection)
    if subsidiary is not None:
        own = defaults.filter(subsidiary=subsidiary).first()
        if own is not None:
            return own
    return defaults.filter(subsidiary__isnull=True).first()


def bank_accounts_refresh(*, connection: IntacctConnection, client: SyncClient) -> int:
    """Replace the local list of checking and savings accounts with Intacct's."""
    found: list[BankAccount] = []
    for object_name, kind in BANK_OBJECTS:
        for page in client.query(object_name, BANK_FIELDS, page_size=2000):
            for record in page.records:
                found.append(
                    BankAccount(
                        connection=connection,
                        account_id=record.text("BANKACCOUNTID") or "",
                        kind=kind,
                        gl_account=record.text("GLACCOUNTNO") or "",
                        location_id=record.text("LOCATIONID") or "",
                        currency=record.text("CURRENCY") or "",
                    )
                )
    with transaction.atomic():
        BankAccount.objects.filter(connection=connection).delete()
        BankAccount.objects.bulk_create(found)
    return len(found)


def bank_tied_to(*, connection: IntacctConnection, gl_account: str) -> BankAccount | None:
    """The bank account whose GL account is ``gl_account`` (Intacct refuses it as undeposited)."""
    if not gl_account:
        return None
    return BankAccount.objects.filter(connection=connection, gl_account=gl_account).first()
