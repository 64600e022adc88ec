"""Request bodies of the writes: invoices made here, bank lines, payments; checked here for
shape only (types, lengths); the services hold the rules."""

from decimal import Decimal
from typing import Any, TypedDict

from rest_framework import serializers

from api.filters import MAX_ID


class _AmountDigits(TypedDict):
    max_digits: int
    decimal_places: int


AMOUNT: _AmountDigits = {"max_digits": 16, "decimal_places": 2}


def app_id(**kwargs: object) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)  # type: ignore[arg-type]


class InvoiceEntryInput(serializers.Serializer[Any]):
    gl_account = serializers.CharField(max_length=50, required=False, allow_blank=True)
    amount = serializers.DecimalField(**AMOUNT)
    memo = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    location_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    department_id = serializers.CharField(max_length=100, required=False, allow_blank=True)


class InvoiceEntryChangeInput(InvoiceEntryInput):
    amount = serializers.DecimalField(**AMOUNT, required=False)


class InvoiceHeaderInput(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=100)
    due_date = serializers.DateField(required=False, allow_null=True)
    term_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class InvoiceCreateInput(InvoiceHeaderInput):
    connection = app_id()
    customer = app_id()
    invoice_date = serializers.DateField()
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    issue = serializers.BooleanField(
        default=False, help_text="Issue now (queued for the push) instead of a draft."
    )
    lines = InvoiceEntryInput(many=True, allow_empty=False)


class InvoiceChangeInput(InvoiceHeaderInput):
    number = serializers.CharField(max_length=100, required=False)


class BankTransactionInput(serializers.Serializer[Any]):
    connection = app_id()
    date = serializers.DateField()
    amount = serializers.DecimalField(**AMOUNT)
    currency = serializers.RegexField(r"^[A-Z]{3}$", max_length=3)
    payer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    memo = serializers.CharField(max_length=500, required=False, allow_blank=True)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    bank_code = serializers.CharField(max_length=50, required=False, allow_blank=True)


class PaymentCreateInput(serializers.Serializer[Any]):
    bank_transaction = app_id()
    customer = app_id()


class PaymentApplyInput(serializers.Serializer[Any]):
    invoice = app_id()
    amount = serializers.DecimalField(**AMOUNT, min_value=Decimal("0"), default=Decimal("0"))
    credit_memo = app_id(required=False, allow_null=True)
    overpayment = app_id(required=False, allow_null=True)
    credit_amount = serializers.DecimalField(**AMOUNT, min_value=Decimal("0"), default=Decimal("0"))


class PaymentSplitInput(serializers.Serializer[Any]):
    invoice = app_id()
    amount = serializers.DecimalField(**AMOUNT)


class PushDryRunInput(serializers.Serializer[Any]):
    connection = app_id()
    objects = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, allow_empty=True
    )


class PlannedWriteSerializer(serializers.Serializer[Any]):
    step = serializers.CharField()
    object_name = serializers.CharField()
    record = serializers.CharField()
    action = serializers.CharField()
    reason = serializers.CharField()
    function = serializers.CharField()
    controlid = serializers.CharField()


class PushPreviewSerializer(serializers.Serializer[Any]):
    action = serializers.CharField(source="decision.action")
    reason = serializers.CharField(source="decision.reason")
    writes = PlannedWriteSerializer(many=True)
    xml = serializers.CharField(help_text="The request, credentials and session masked.")
    schema_errors = serializers.ListField(child=serializers.CharField())
