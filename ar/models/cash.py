"""Cash application: bank transactions, the payments made from them, and the settings that
fill a payment's accounts and method (Tesorio's field rules)."""

from decimal import Decimal

from django.db import models
from django.db.models import Sum

from ar.models.receivables import MONEY
from integrations.models import Subsidiary


class AccountType(models.TextChoices):
    BANK = "bank", "Bank account"
    UNDEPOSITED = "undeposited", "Undeposited funds"


class BankAccount(models.Model):
    """A checking or savings account of the company, as Intacct lists it.

    Loaded from Intacct (``bank_accounts_refresh``) so a payment's account can be checked
    before anything is sent, and an undeposited-funds GL account tied to a bank is spotted.
    """

    class Kind(models.TextChoices):
        CHECKING = "checking", "Checking"
        SAVINGS = "savings", "Savings"

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    account_id = models.CharField("bank account ID", max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHECKING)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    location_id = models.CharField("entity", max_length=100, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["account_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "account_id"], name="ar_bankaccount_unique_id"
            )
        ]

    def __str__(self) -> str:
        return self.account_id


class CashAccountDefault(models.Model):
    """Where payments of one entity go unless the user picks otherwise (consultant setting).

    A row without an entity is the default for payments at the top level.
    """

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    subsidiary = models.ForeignKey(
        Subsidiary, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    account_type = models.CharField(
        max_length=12, choices=AccountType.choices, default=AccountType.BANK
    )
    bank_account = models.CharField("bank account ID", max_length=100, blank=True)
    undeposited_account = models.CharField(
        "undeposited funds GL account", max_length=50, blank=True
    )
    batch_key = models.CharField(
        "payment summary (batch)",
        max_length=100,
        blank=True,
        help_text="Only for entities whose AR payment summaries are user-specified.",
    )

    class Meta:
        verbose_name = "default cash account"
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "subsidiary"], name="ar_cashaccountdefault_unique"
            )
        ]

    def __str__(self) -> str:
        where = self.subsidiary.location_id if self.subsidiary else "top level"
        return f"{where}: {self.bank_account or self.undeposited_account}"


class PaymentMethod(models.TextChoices):
    """Intacct's AR payment methods (PROTOCOL §17.3.1)."""

    PRINTED_CHECK = "Printed Check", "Printed Check"
    CASH = "Cash", "Cash"
    EFT = "EFT", "EFT"
    CREDIT_CARD = "Credit Card", "Credit Card"
    ONLINE_CHARGE_CARD = "Online Charge Card", "Online Charge Card"
    ONLINE_ACH_DEBIT = "Online ACH Debit", "Online ACH Debit"


CARD_METHODS = frozenset({PaymentMethod.CREDIT_CARD, PaymentMethod.ONLINE_CHARGE_CARD})


class PaymentMethodRule(models.Model):
    """A bank line whose field contains ``pattern`` gets ``method`` (first rule wins)."""

    class Source(models.TextChoices):
        MEMO = "memo", "Memo"
        BANK_CODE = "bank_code", "Bank code"
        PAYER = "payer_name", "Payer name"
        REFERENCE = "reference", "Reference"

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0, help_text="Rules are tried in this order.")
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MEMO)
    pattern = models.CharField(max_length=100, help_text="Text to look for (case-insensitive).")
    method = models.CharField(max_length=30, choices=PaymentMethod.choices)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} contains “{self.pattern}” → {self.method}"


class BankFileImport(models.Model):
    """One CSV bank file: how many rows, how many became transactions, and every refused row."""

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="Refused rows: line number, raw text and messages."
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows_imported}/{self.rows_total})"


class BankTransaction(models.Model):
    """A deposit on the bank statement; its payments always add up to its amount."""

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    bank_import = models.ForeignKey(
        BankFileImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transactions",
    )
    line_no = models.PositiveIntegerField(null=True, blank=True)
    date = models.DateField(db_index=True)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    payer_name = models.CharField(max_length=200, blank=True)
    memo = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    bank_code = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency} {self.payer_name}".strip()

    def payments_total(self) -> Decimal:
        total = self.payments.aggregate(total=Sum("amount"))["total"]
        return (total or Decimal("0")).quantize(Decimal("0.01"))
