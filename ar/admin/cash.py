"""Cash application admin: bank lines (entered or imported), the screen that applies them,
and the consultants' settings (payment-method rules, default accounts, bank accounts)."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ar.admin.cash_screen import cash_application_view
from ar.cash.accounts import bank_accounts_refresh
from ar.cash.bank_files import BankFileRefused, bank_file_import
from ar.models import (
    BankAccount,
    BankFileImport,
    BankTransaction,
    CashAccountDefault,
    PaymentMethodRule,
)
from integrations.intacct import IntacctError
from integrations.models import IntacctConnection
from integrations.sync.clients import client_for


class BankFileForm(forms.Form):
    connection = forms.ModelChoiceField(queryset=IntacctConnection.objects.all())
    file = forms.FileField(
        help_text="CSV with a header: date, amount, currency, payer_name, and optionally memo, "
        "reference, bank_code."
    )


@admin.register(BankTransaction)
class BankTransactionAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "amount",
        "currency",
        "payer_name",
        "memo",
        "payments_column",
        "apply_link",
    )
    list_filter = ("currency", "connection")
    search_fields = ("payer_name", "memo", "reference")
    date_hierarchy = "date"
    fields = (
        "connection",
        "date",
        "amount",
        "currency",
        "payer_name",
        "memo",
        "reference",
        "bank_code",
    )
    change_list_template = "admin/ar/banktransaction/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        # Once a payment hangs off it, the line's amount is the payments' total: fixed.
        if obj is not None and obj.payments.exists():
            return self.fields
        return ()

    def get_urls(self):
        own = [
            path(
                "<int:pk>/apply/",
                self.admin_site.admin_view(partial(cash_application_view, self)),
                name="ar_banktransaction_apply",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="ar_banktransaction_import",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description="Payments")
    def payments_column(self, obj: BankTransaction) -> str:
        return (
            format_html_join(
                ", ", "{} ({})", ((p.customer or "?", p.status_label) for p in obj.payments.all())
            )
            or "—"
        )

    @admin.display(description="")
    def apply_link(self, obj: BankTransaction) -> str:
        url = reverse("admin:ar_banktransaction_apply", args=[obj.pk])
        return format_html('<a class="button" href="{}">Cash application</a>', url)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("payments__customer")

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:ar_banktransaction_apply", args=[obj.pk]))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("ar.add_banktransaction"):
            raise PermissionDenied
        form = BankFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = bank_file_import(
                    connection=form.cleaned_data["connection"],
                    file_name=upload.name,
                    content=upload.read(),
                )
            except BankFileRefused as exc:
                form.add_error("file", str(exc))
            else:
                level = messages.WARNING if result.errors else messages.SUCCESS
                messages.add_message(
                    request,
                    level,
                    f"{result.rows_imported} of {result.rows_total} rows imported, "
                    f"{result.rows_duplicate} already here, {len(result.errors)} refused "
                    "(see the import for each refused row).",
                )
                return HttpResponseRedirect(
                    reverse("admin:ar_bankfileimport_change", args=[result.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a bank file",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/ar/banktransaction/import.html", context)


@admin.register(BankFileImport)
class BankFileImportAdmin(admin.ModelAdmin):
    list_display = (
        "file_name",
        "imported_at",
        "rows_total",
        "rows_imported",
        "rows_duplicate",
        "refused",
    )
    readonly_fields = (
        "file_name",
        "imported_at",
        "rows_total",
        "rows_imported",
        "rows_duplicate",
        "refused_rows",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Refused")
    def refused(self, obj: BankFileImport) -> int:
        return len(obj.errors)

    @admin.display(description="Refused rows")
    def refused_rows(self, obj: BankFileImport) -> str:
        if not obj.errors:
            return "None"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            ((e["line"], e["raw"], "; ".join(e["errors"])) for e in obj.errors),
        )
        return format_html(
            '<table id="refused-rows"><tr><th>Line</th><th>Row</th><th>Why</th></tr>{}</table>',
            rows,
        )


@admin.register(PaymentMethodRule)
class PaymentMethodRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "source", "pattern", "method", "connection")
    list_editable = ("source", "pattern", "method")
    list_display_links = ("position",)
    list_filter = ("connection",)


@admin.register(CashAccountDefault)
class CashAccountDefaultAdmin(admin.ModelAdmin):
    list_display = (
        "subsidiary",
        "account_type",
        "bank_account",
        "undeposited_account",
        "batch_key",
        "connection",
    )
    list_filter = ("connection",)


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    """Read from Intacct ("Load from Intacct" on the list), never edited here."""

    list_display = ("account_id", "kind", "gl_account", "location_id", "currency", "connection")
    list_filter = ("connection", "kind")
    change_list_template = "admin/ar/bankaccount/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        own = [
            path(
                "load/",
                self.admin_site.admin_view(self.load_view),
                name="ar_bankaccount_load",
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"connections": IntacctConnection.objects.all(), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def load_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not request.user.has_perm("ar.add_bankaccount"):
            raise PermissionDenied
        connection = IntacctConnection.objects.get(pk=request.POST.get("connection"))
        client = client_for(connection)
        try:
            count = bank_accounts_refresh(connection=connection, client=client)
        except IntacctError as exc:
            self.message_user(request, f"{connection}: {exc}", messages.ERROR)
        else:
            self.message_user(request, f"{connection}: {count} bank accounts loaded.")
        finally:
            client.close()
        return HttpResponseRedirect(reverse("admin:ar_bankaccount_changelist"))
