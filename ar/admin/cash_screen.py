"""The cash application screen: a bank line, who paid it, what it pays, post; split.

Thin: every change goes through ``ar.cash`` services; this module reads the request, calls
them, and shows their messages on the fields they concern.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ar.cash.errors import CashError, PaymentInvalid
from ar.cash.payments import (
    payment_apply,
    payment_create_for_bank_line,
    payment_post,
    payment_reverse,
    payment_split,
    payment_unapplied,
)
from ar.cash.selectors import (
    customer_suggestions,
    open_credits_for,
    open_invoices_for,
    overpayments_for,
)
from ar.cash.validation import payment_warnings
from ar.models import BankTransaction, CreditMemo, Customer, Invoice, Payment
from ar.models.cash import PaymentMethod
from integrations.models import Subsidiary

INVOICE_ROWS = 200


class PaymentForm(forms.ModelForm):
    method = forms.ChoiceField(label="Payment method", choices=PaymentMethod.choices)

    class Meta:
        model = Payment
        fields = (
            "amount",
            "translated_amount",
            "currency",
            "subsidiary",
            "account_type",
            "bank_account",
            "undeposited_account",
            "batch_key",
            "received_date",
            "method",
            "reference",
            "description",
            "tags",
            "notes",
        )
        labels = {
            "subsidiary": "Location (entity)",
            "received_date": "Payment date",
            "reference": "Payment number",
            "description": "Memo",
        }
        widgets = {
            "description": forms.TextInput(attrs={"size": 60}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subsidiary"].queryset = Subsidiary.objects.filter(
            connection_id=self.instance.connection_id
        )


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").strip() or "0")
    except InvalidOperation:
        raise CashError(f"“{text}” is not an amount.") from None
    return value.quantize(Decimal("0.01"))


def _url(bank_line: BankTransaction, **query: Any) -> str:
    base = reverse("admin:ar_banktransaction_apply", args=[bank_line.pk])
    params = "&".join(f"{k}={v}" for k, v in query.items() if v not in (None, "", False))
    return f"{base}?{params}" if params else base


def _save_applications(request: HttpRequest, payment: Payment) -> None:
    """Cash typed per invoice (``apply-<pk>``) and a credit picked per invoice."""
    for key, text in request.POST.items():
        if not key.startswith("apply-"):
            continue
        invoice = get_object_or_404(Invoice, pk=key.removeprefix("apply-"))
        source = request.POST.get(f"credit-source-{invoice.pk}", "")
        credit = (
            _money(request.POST.get(f"credit-{invoice.pk}", "") or "0") if source else Decimal(0)
        )
        memo = overpayment = None
        if source.startswith("cm-"):
            memo = get_object_or_404(CreditMemo, pk=source.removeprefix("cm-"))
        elif source.startswith("op-"):
            overpayment = get_object_or_404(Payment, pk=source.removeprefix("op-"))
        payment_apply(
            payment=payment,
            invoice=invoice,
            amount=_money(text or "0"),
            credit_memo=memo,
            overpayment=overpayment,
            credit_amount=credit,
        )


def _act(
    request: HttpRequest, bank_line: BankTransaction, payment: Payment | None
) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Carry out the posted action; returns a redirect, or what the page must show again."""
    action = request.POST.get("action", "")
    split_invoice = request.POST.get("split_invoice", "")
    if split_invoice:  # the split button of an invoice row (another customer's invoice)
        action = "split_preview"
    shown: dict[str, Any] = {}
    if action == "choose":
        customer = get_object_or_404(
            Customer, pk=request.POST.get("customer"), connection_id=bank_line.connection_id
        )
        new = payment_create_for_bank_line(bank_line=bank_line, customer=customer)
        return HttpResponseRedirect(_url(bank_line, payment=new.pk)), shown
    if payment is None:
        raise CashError("Choose who paid first.")
    if action in ("save", "post"):
        form = PaymentForm(request.POST, instance=payment)
        shown["form"] = form
        if not form.is_valid():
            return None, shown
        form.save()
        _save_applications(request, payment)
        if action == "post":
            try:
                payment_post(payment=payment)
            except PaymentInvalid as invalid:
                for field, errors in invalid.message_dict.items():
                    target = field if field in form.fields else None
                    for error in errors:
                        form.add_error(target, error)
                return None, shown
            messages.success(request, "Posted: the payment goes to Intacct with the next push.")
        else:
            messages.success(request, "Saved.")
        return HttpResponseRedirect(_url(bank_line, payment=payment.pk)), shown
    if action == "split_preview" and "amount" in request.POST:
        # Keep what was typed on this payment before looking at the split.
        form = PaymentForm(request.POST, instance=payment)
        shown["form"] = form
        if not form.is_valid():
            return None, shown
        form.save()
        _save_applications(request, payment)
    if action in ("split_preview", "split_create"):
        invoice = get_object_or_404(Invoice, pk=split_invoice or request.POST.get("invoice"))
        typed = request.POST.get(f"split-amount-{invoice.pk}") if split_invoice else None
        amount = _money(typed or request.POST.get("split_amount", "") or "0")
        new = payment_split(
            payment=payment, invoice=invoice, amount=amount, create=action == "split_create"
        )
        if action == "split_preview":
            shown["split"] = {"payment": new, "invoice": invoice, "amount": amount}
            return None, shown
        messages.success(request, f"Payment of {amount} created for {invoice.customer}.")
        return HttpResponseRedirect(_url(bank_line, payment=new.pk)), shown
    if action == "reverse":
        on = date.fromisoformat(request.POST.get("reversal_date") or date.today().isoformat())
        payment_reverse(payment=payment, on=on)
        messages.success(request, "Reversal requested: it goes to Intacct with the next push.")
        return HttpResponseRedirect(_url(bank_line, payment=payment.pk)), shown
    raise CashError("Unknown action.")


def cash_application_view(model_admin: ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("ar.change_payment"):
        raise PermissionDenied
    bank_line = get_object_or_404(BankTransaction, pk=pk)
    payments = list(bank_line.payments.select_related("customer").order_by("pk"))
    chosen = request.GET.get("payment") or request.POST.get("payment")
    payment = next((p for p in payments if str(p.pk) == chosen), payments[0] if payments else None)
    shown: dict[str, Any] = {}
    if request.method == "POST":
        try:
            redirect, shown = _act(request, bank_line, payment)
        except (CashError, PaymentInvalid) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            redirect = HttpResponseRedirect(request.get_full_path())
        if redirect is not None:
            return redirect
    all_customers = request.GET.get("all") == "1"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Cash application — {bank_line}",
        "opts": model_admin.model._meta,
        "bank_line": bank_line,
        "payments": payments,
        "payment": payment,
        "covered": bank_line.payments_total(),
        "all_customers": all_customers,
        "search": request.GET.get("q", ""),
        "url_own": _url(bank_line, payment=payment.pk if payment else None),
        "url_all": _url(bank_line, payment=payment.pk if payment else None, all=1),
        **shown,
    }
    if payment is None:
        context["suggestions"] = customer_suggestions(bank_line=bank_line)
        context["customers"] = Customer.objects.filter(connection_id=bank_line.connection_id)[:500]
    else:
        applied = {a.invoice_id: a for a in payment.applications.all()}
        invoices = list(
            open_invoices_for(
                payment=payment, all_customers=all_customers, search=context["search"]
            )[:INVOICE_ROWS]
        )
        extra = [a.invoice for a in applied.values() if a.invoice and a.invoice not in invoices]
        context.update(
            {
                "form": shown.get("form") or PaymentForm(instance=payment),
                "editable": payment.origin == Payment.Origin.APP
                and payment.app_status == Payment.Status.DRAFT,
                "rows": [
                    {
                        "invoice": i,
                        "application": applied.get(i.pk),
                        "own": i.customer_id == payment.customer_id,
                    }
                    for i in [*extra, *invoices]
                ],
                "credits": open_credits_for(payment=payment),
                "overpayments": overpayments_for(payment=payment),
                "unapplied": payment_unapplied(payment),
                "warnings": payment_warnings(payment),
                "can_reverse": payment.app_status == Payment.Status.POSTED
                and payment.intacct_recordno is not None,
            }
        )
    return TemplateResponse(request, "admin/ar/banktransaction/cash_application.html", context)
