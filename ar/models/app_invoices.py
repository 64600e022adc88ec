"""What the app makes for the write-back: the lines of its invoices, and the consultants'
choices of an Intacct customer when several share a name."""

from django.db import models

from ar.models.receivables import MONEY, Invoice


class InvoiceEntry(models.Model):
    """A line of an invoice made in the app, as it is written to Intacct.

    Lines Intacct holds (``InvoiceLine``) arrive with the pull; these are the app's own.
    Blank GL account, location or department take the connection's accounting settings.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="entries")
    line_no = models.PositiveIntegerField(default=1)
    gl_account = models.CharField("GL account", max_length=50, blank=True)
    amount = models.DecimalField(**MONEY)
    memo = models.CharField("description", max_length=1000, blank=True)
    location_id = models.CharField("location ID", max_length=100, blank=True)
    department_id = models.CharField("department ID", max_length=100, blank=True)

    class Meta:
        ordering = ["invoice_id", "line_no", "id"]
        verbose_name = "invoice line"

    def __str__(self) -> str:
        return f"Line {self.line_no}: {self.amount}"


class CustomerNameChoice(models.Model):
    """The Intacct customer to use for a name that several Intacct customers share."""

    connection = models.ForeignKey(
        "integrations.IntacctConnection", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(
        max_length=200, help_text="The customer name (matched ignoring case and spacing)."
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    customer_id = models.CharField("Intacct customer ID", max_length=100)
    chosen_by = models.CharField(max_length=150, blank=True)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "name_key"], name="one_customer_choice_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.customer_id}"

    def save(self, *args, **kwargs) -> None:
        from ar.push.names import name_key

        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class AppInvoiceManager(models.Manager["AppInvoice"]):
    def get_queryset(self) -> models.QuerySet["AppInvoice"]:
        return super().get_queryset().filter(origin="app")


class AppInvoice(Invoice):
    """Invoices made in the app (the staff's create/edit/preview/push pages)."""

    objects = AppInvoiceManager()

    class Meta:
        proxy = True
        verbose_name = "invoice made here"
        verbose_name_plural = "invoices made here"
