"""Request bodies of the AP writes (bills entered here, their status changes and payments,
the payee-fee credits, vendor invoices from PO matching) and the records they answer with.
Shapes only (types, lengths, signs); the services in ``ap`` hold the rules."""

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from ap.models import (
    Bill,
    BillEntry,
    BillLine,
    BillPayment,
    BillPaymentDetail,
    CreditEntry,
    MatchedLine,
    PaymentApplication,
    VendorCredit,
    VendorCreditLine,
    VendorInvoiceMatch,
)
from ap.models.lifecycle import PaidManuallyAccount
from api.serializers.generic import read_serializer
from api.serializers.writes import app_id

CENT = Decimal("0.01")
ZERO = Decimal("0")


def money(**kwargs: Any) -> serializers.DecimalField:
    """An amount as a string of at most two decimals."""
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


def positive_amount(**kwargs: Any) -> serializers.DecimalField:
    return money(min_value=CENT, **kwargs)


def fee(**kwargs: Any) -> serializers.DecimalField:
    return money(min_value=ZERO, default=ZERO, **kwargs)


class Input(serializers.Serializer[Any]):
    """A request body (checked, never saved by itself)."""


def optional_date(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, help_text=help_text)


# --- bills -------------------------------------------------------------------------------


class BillLineInput(Input):
    gl_account = serializers.CharField(max_length=50)
    amount = money()
    memo = serializers.CharField(max_length=300, required=False, allow_blank=True)
    location_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    department_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    amortization_start = serializers.DateField(required=False, allow_null=True)
    amortization_template_id = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )


class BillHeaderInput(Input):
    number = serializers.CharField(max_length=100)
    bill_date = serializers.DateField()
    due_date = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The vendor's invoice number."
    )
    reference_code = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Written to Intacct's External ID custom field.",
    )
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class BillCreateInput(BillHeaderInput):
    connection = app_id()
    vendor = app_id()
    currency = serializers.RegexField(r"^[A-Z]{3}$", max_length=3, required=False)
    lines = BillLineInput(many=True, allow_empty=False)


class BillChangeInput(BillHeaderInput):
    """Any header field; ``lines``, when given, replace all the bill's lines."""

    number = serializers.CharField(max_length=100, required=False)
    bill_date = serializers.DateField(required=False)
    lines = BillLineInput(many=True, allow_empty=False, required=False)


class BillApproveInput(Input):
    approved_on = optional_date("The approval date (today when left out).")


class BillRetractInput(Input):
    retracted_on = optional_date(
        "The day a posted bill is reversed in Intacct (today when left out)."
    )


class BillPaidManuallyInput(Input):
    account_type = serializers.ChoiceField(
        choices=PaidManuallyAccount.choices,
        help_text="The kind of GL account the bill was paid from outside the app.",
    )
    paid_on = optional_date("The payment date (today when left out).")
    amount = positive_amount(required=False, help_text="What is still due when left out.")


class PaymentSubmitInput(Input):
    submitted_on = optional_date("The submission date (today when left out).")
    transaction_fee = fee(help_text="The payee's transaction fee, held on a vendor credit.")
    credit_number = serializers.CharField(
        max_length=100, required=False, help_text="The credit's number (<bill number>-FEE)."
    )


class PaidWithFeesInput(Input):
    paid_on = optional_date("The payment date (today when left out).")
    net_amount = money(min_value=ZERO)
    netnow_fee = fee()
    withholding = fee()
    fx_fee = fee()
    withholding_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reference_code = serializers.CharField(max_length=100, required=False, allow_blank=True)
    transaction_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


# --- bill payments -------------------------------------------------------------------------


class PaidBillInput(Input):
    bill = app_id()
    amount = positive_amount(help_text="Cash applied to the bill.")


class AppliedCreditInput(Input):
    bill = app_id()
    credit = app_id(help_text="A vendor credit of the same connection.")
    amount = positive_amount(help_text="What the credit takes off the bill.")


class BillPaymentCreateInput(Input):
    submitted_on = serializers.DateField()
    bills = PaidBillInput(many=True, allow_empty=False)
    credits = AppliedCreditInput(many=True, required=False)
    reference_code = serializers.CharField(max_length=100, required=False, allow_blank=True)
    transaction_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    fx_fee = money(min_value=ZERO, required=False, allow_null=True)


class BillPaymentVoidInput(Input):
    deleted_on = optional_date("The void date in Intacct (today when left out).")


# --- vendor invoices from PO matching ------------------------------------------------------


class MatchedLineInput(Input):
    line = app_id(help_text="A line of the PO (2-way) or receiver (3-way).")
    quantity = serializers.DecimalField(
        max_digits=18, decimal_places=4, min_value=Decimal("0.0001")
    )
    amount = positive_amount()


class VendorInvoiceMatchInput(Input):
    bill = app_id(help_text="A bill entered here, not matched yet.")
    source_document = app_id(help_text="A purchase order (2-way) or PO receiver (3-way).")
    invoice_number = serializers.CharField(max_length=100, help_text="The vendor's number.")
    reference_code = serializers.CharField(max_length=100, help_text="Its number in Intacct.")
    invoice_date = serializers.DateField()
    due_date = serializers.DateField(required=False, allow_null=True)
    lines = MatchedLineInput(many=True, allow_empty=False)


# --- answers -------------------------------------------------------------------------------

BillDetailSerializer = read_serializer(
    Bill,
    nested={
        "lines": read_serializer(BillLine)(many=True, read_only=True),
        "entries": read_serializer(BillEntry)(many=True, read_only=True),
    },
    name="BillWithLinesSerializer",
)
BillPaymentDetailSerializer = read_serializer(
    BillPayment,
    nested={
        "details": read_serializer(BillPaymentDetail)(many=True, read_only=True),
        "applications": read_serializer(
            PaymentApplication, name="BillPaymentApplicationSerializer"
        )(many=True, read_only=True),
    },
    name="BillPaymentWithDetailsSerializer",
)
VendorCreditDetailSerializer = read_serializer(
    VendorCredit,
    nested={
        "lines": read_serializer(VendorCreditLine)(many=True, read_only=True),
        "entries": read_serializer(CreditEntry)(many=True, read_only=True),
    },
    name="VendorCreditWithLinesSerializer",
)
VendorInvoiceMatchSerializer = read_serializer(VendorInvoiceMatch)
VendorInvoiceMatchDetailSerializer = read_serializer(
    VendorInvoiceMatch,
    nested={"lines": read_serializer(MatchedLine)(many=True, read_only=True)},
    name="VendorInvoiceMatchWithLinesSerializer",
)
