"""The payment push step: posted app payments become ARPYMTs, reversals reverse them.

It runs after the invoice push (``depends_on``) so a payment for an invoice made in the app
goes in the same run, after its invoice. Each payment is checked again before it is sent
(another payment may have used the invoice meanwhile); what fails is refused with the
reason, nothing sent.
"""

from typing import Any

from ar.cash.push import (
    key_of_created,
    payment_create_function,
    payment_find_existing,
    payment_reversal_function,
)
from ar.cash.validation import payment_problems
from ar.models import Payment
from integrations.intacct import Function, FunctionOutcome
from integrations.models import IntacctConnection, SyncState
from integrations.sync.decisions import INVALID, PushBatch
from integrations.sync.steps import PushStep

# Steps a payment push waits for when they are registered (invoice write-back).
INVOICE_PUSH_STEPS = ("invoices_push",)


def pending_payments(connection: IntacctConnection) -> Any:
    """Posted payments and requested reversals. A payment of an invoice Intacct does not hold
    yet (made in the app, its push failed or has not run) waits: it needs the invoice's
    RECORDNO, so it goes in the run after the invoice's."""
    waiting = Payment.objects.filter(
        applications__invoice__isnull=False,
        applications__invoice__intacct_recordno__isnull=True,
    )
    return (
        Payment.objects.filter(
            connection=connection,
            origin=Payment.Origin.APP,
            app_status__in=(Payment.Status.POSTED, Payment.Status.REVERSAL_REQUESTED),
            sync_state=SyncState.PENDING_PUSH,
        )
        .exclude(pk__in=waiting.values("pk"))
        .select_related("customer", "subsidiary")
        .order_by("pk")
    )


def _prepare(batch: PushBatch) -> None:
    for payment in batch.records:
        if payment.intacct_recordno is not None:
            continue  # a reversal: Intacct checks it
        problems = payment_problems(payment)
        if problems:
            text = " ".join(
                f"{'' if field == '__all__' else field + ': '}{message}"
                for field, messages in problems.items()
                for message in messages
            )
            batch.refuse(payment, text, errorno=INVALID)


def _update(payment: Payment, controlid: str) -> Function:
    return payment_reversal_function(payment, controlid)


def _update_refusal(payment: Payment) -> str:
    if payment.app_status != Payment.Status.REVERSAL_REQUESTED:
        return "a posted payment does not change in Intacct; reverse it and record a new one"
    return ""


def _key(outcome: FunctionOutcome) -> tuple[int | None, str]:
    if outcome.function == "reverse_arpayment":
        return None, ""  # the payment keeps its RECORDNO; the reversal is its own record
    return key_of_created(outcome)


def _pushed(payment: Payment) -> None:
    if payment.app_status == Payment.Status.REVERSAL_REQUESTED:
        Payment.objects.filter(pk=payment.pk).update(app_status=Payment.Status.REVERSED)
        payment.app_status = Payment.Status.REVERSED


def payment_push_step(depends_on: tuple[str, ...]) -> PushStep:
    return PushStep(
        name="payment_push",
        label="Payments (cash application)",
        object_name="ARPYMT",
        model=Payment,
        select_pending=pending_payments,
        build=payment_create_function,
        build_update=_update,
        update_refusal=_update_refusal,
        prepare=_prepare,
        find_existing=payment_find_existing,
        key_from_outcome=_key,
        on_pushed=_pushed,
        depends_on=depends_on,
    )
