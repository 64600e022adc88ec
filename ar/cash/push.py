"""Posting app payments to Intacct: the ARPYMT each posted payment becomes, its reversal, and
the business-key look-up that settles an ambiguous outcome.

The memo carries the app's payment ID (``[hub payment N]``), so after a lost answer the
payment is found again by customer, receipt date, amount and that ID — never sent twice.
"""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from ar.models import Payment, PaymentApplication
from ar.models.cash import AccountType
from integrations.intacct import Function, FunctionOutcome, Record
from integrations.intacct import filters as F
from integrations.intacct.functions.legacy import ReverseArPayment
from integrations.intacct.functions.writes import Create
from integrations.models import IntacctConnection, SyncState
from integrations.sync.clients import SyncClient

LOOKUP_FIELDS = ["RECORDNO", "CUSTOMERID", "RECEIPTDATE", "TRX_TOTALENTERED", "DESCRIPTION"]


def payment_marker(payment: Payment) -> str:
    """The app's payment ID as it appears in the Intacct memo."""
    return f"[hub payment {payment.pk}]"


def _memo(payment: Payment) -> str:
    return f"{payment.description} {payment_marker(payment)}".strip()[:1000]


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)).quantize(Decimal('0.01'))}"


def _details(application: PaymentApplication) -> list[dict[str, Any]]:
    """Cash and a credit on one invoice are two details (one credit type per detail)."""
    assert application.invoice is not None
    target = {"RECORDKEY": application.invoice.intacct_recordno}
    details = []
    if application.trx_amount:
        details.append({**target, "TRX_PAYMENTAMOUNT": _money(application.trx_amount)})
    if application.credit_memo is not None:
        details.append(
            {
                **target,
                "ADJUSTMENTKEY": application.credit_memo.intacct_recordno,
                "TRX_ADJUSTMENTAMOUNT": _money(application.credit_amount),
            }
        )
    elif application.overpayment is not None:
        details.append(
            {
                **target,
                "OVERPAYMENTKEY": application.overpayment.intacct_recordno,
                "TRX_POSTEDOVERPAYMENTAMOUNT": _money(application.credit_amount),
            }
        )
    return details


def payment_details(payment: Payment) -> list[dict[str, Any]]:
    """The ARPYMTDETAILs of a payment, in the order it was applied."""
    applications = payment.applications.select_related("invoice", "credit_memo", "overpayment")
    return [d for a in applications.order_by("pk") for d in _details(a)]


def payment_fields(payment: Payment) -> dict[str, Any]:
    """The generic ``create ARPYMT`` fields (PROTOCOL §13.1, §17.3.1)."""
    details = payment_details(payment)
    invoice_currency = next(
        (a.invoice.currency for a in payment.applications.select_related("invoice") if a.invoice),
        "",
    )
    cross_currency = bool(invoice_currency) and invoice_currency != payment.currency
    fields: dict[str, Any] = {}
    if payment.batch_key:
        fields["PRBATCH"] = payment.batch_key
    elif payment.account_type == AccountType.UNDEPOSITED:
        fields["UNDEPOSITEDACCOUNTNO"] = payment.undeposited_account
    else:
        fields["FINANCIALENTITY"] = payment.bank_account
    fields.update(
        {
            "PAYMENTMETHOD": payment.method,
            "CUSTOMERID": payment.customer.customer_id if payment.customer else "",
            "RECEIPTDATE": payment.received_date,
            "PAYMENTDATE": payment.received_date,
            "CURRENCY": invoice_currency if cross_currency else payment.currency,
        }
    )
    if payment.reference:
        fields["DOCNUMBER"] = payment.reference
    fields["DESCRIPTION"] = _memo(payment)
    cash = sum((a.trx_amount or Decimal(0) for a in payment.applications.all()), Decimal(0))
    if cross_currency:
        fields["AMOUNTTOPAY"] = _money(payment.amount)
        fields["TRX_AMOUNTTOPAY"] = _money(payment.translated_amount)
    elif payment.amount is not None and payment.amount > cash:
        fields["OVERPAYMENTAMOUNT"] = _money(payment.amount - cash)
        if payment.subsidiary is not None:
            fields["OVERPAYMENTLOCATIONID"] = payment.subsidiary.location_id
    fields["ARPYMTDETAILS"] = {"ARPYMTDETAIL": details}
    return fields


def payment_create_function(payment: Payment, controlid: str) -> Function:
    return Create("ARPYMT", payment_fields(payment), controlid=controlid)


def payment_reversal_function(payment: Payment, controlid: str) -> Function:
    return ReverseArPayment(
        controlid=controlid,
        key=payment.intacct_recordno,
        datereversed=payment.reversal_date,
        description=f"Reversal {payment_marker(payment)}",
    )


def payment_find_existing(client: SyncClient, payment: Payment) -> Record | None:
    """The ARPYMT this payment became: same customer, receipt date, amount and app ID."""
    if payment.customer is None or payment.received_date is None:
        return None
    wanted = payment.translated_amount or payment.amount or Decimal(0)
    pattern = f"%{payment_marker(payment)}%"
    for page in client.query(
        "ARPYMT",
        LOOKUP_FIELDS,
        filter=F.and_(
            F.equal("CUSTOMERID", payment.customer.customer_id),
            F.equal("RECEIPTDATE", payment.received_date),
            F.like("DESCRIPTION", pattern),
        ),
        page_size=100,
    ):
        for record in page.records:
            total = record.decimal("TRX_TOTALENTERED") or Decimal(0)
            # Intacct rounds to cents; a credit-only payment has no cash total.
            if abs(total - wanted) < Decimal("0.005") or (wanted == 0 and total == 0):
                return record
    return None


def payments_to_create(connection: IntacctConnection) -> QuerySet[Payment]:
    return Payment.objects.filter(
        connection=connection,
        origin=Payment.Origin.APP,
        app_status=Payment.Status.POSTED,
        sync_state=SyncState.PENDING_PUSH,
        intacct_recordno__isnull=True,
    ).order_by("pk")


def payments_to_reverse(connection: IntacctConnection) -> QuerySet[Payment]:
    return Payment.objects.filter(
        connection=connection,
        origin=Payment.Origin.APP,
        app_status=Payment.Status.REVERSAL_REQUESTED,
        sync_state=SyncState.PENDING_PUSH,
        intacct_recordno__isnull=False,
    ).order_by("pk")


def key_of_created(outcome: FunctionOutcome) -> tuple[int | None, str]:
    record = outcome.records[0] if outcome.records else None
    recordno = record.int("RECORDNO") if record is not None else None
    if recordno is None and outcome.key and outcome.key.isdigit():
        recordno = int(outcome.key)
    return recordno, ""
