"""Invoices made here: staff create and edit them, preview the exact write, push now.

Saving an issued invoice queues it for the push when what would be sent changed (its fields or
its lines); a draft is only saved. Once pushed it stays editable while Intacct allows an
update (unpaid); a paid or reversed one is read-only here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ar.invoicing import (
    InvoiceNotIssued,
    app_invoice_push_now,
    app_invoice_queue,
    line_removal_refusal,
)
from ar.models import AppInvoice, CustomerNameChoice, InvoiceEntry, Origin
from ar.push.invoices import update_refusal
from integrations.admin.links import intacct_reference
from integrations.admin.owned import SYNC_FIELDS, AppOwnedRecordAdmin, is_pushed
from integrations.intacct import IntacctError
from integrations.models import SyncState
from integrations.push_services import record_push_preview
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive


class InvoiceEntryFormSet(BaseInlineFormSet):
    """Refuses to delete a line Intacct already holds (it keeps every line it was sent)."""

    def clean(self) -> None:
        super().clean()
        invoice = self.instance
        if invoice is None or invoice.pk is None:
            return
        order = list(
            InvoiceEntry.objects.filter(invoice=invoice)
            .order_by("line_no", "id")
            .values_list("pk", flat=True)
        )
        for form in self.deleted_forms:
            entry = form.instance
            if entry.pk not in order:
                continue
            refusal = line_removal_refusal(invoice=invoice, position=order.index(entry.pk) + 1)
            if refusal:
                raise ValidationError(refusal)


class InvoiceEntryInline(admin.TabularInline):
    model = InvoiceEntry
    formset = InvoiceEntryFormSet
    fields = ("line_no", "gl_account", "amount", "memo", "location_id", "department_id")
    extra = 1
    verbose_name_plural = "lines (blank GL account, location, department: the connection's)"

    def _locked(self, obj) -> bool:
        return obj is not None and is_pushed(obj) and bool(update_refusal(obj))

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(AppInvoice)
class AppInvoiceAdmin(AppOwnedRecordAdmin):
    list_display = (
        "number",
        "customer",
        "invoice_date",
        "app_state",
        "sync_state",
        "intacct_recordno",
        "last_pushed_at",
    )
    list_filter = ("app_state", "sync_state", "connection")
    search_fields = ("number", "customer__name", "customer_intacct_id")
    autocomplete_fields = ("customer",)
    inlines = (InvoiceEntryInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "connection",
                    "customer",
                    "number",
                    "app_state",
                    "invoice_date",
                    "due_date",
                    "term_name",
                    "currency",
                    "reference",
                    "description",
                )
            },
        ),
    )
    readonly_fields = ("intacct_record", "customer_intacct_id", "push_actions")
    sync_fieldset = (
        "Sync with Intacct",
        {"fields": (*SYNC_FIELDS, "intacct_record", "customer_intacct_id", "push_actions")},
    )
    change_form_template = "admin/ar/appinvoice/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("customer", "connection")

    def get_readonly_fields(self, request, obj=None):
        fixed = (*SYNC_FIELDS, *self.readonly_fields)
        if obj is not None and is_pushed(obj) and update_refusal(obj):
            return tuple(dict.fromkeys([*self._own_fields(), *fixed]))
        if obj is not None and obj.pk is not None:
            return tuple(dict.fromkeys(["connection", *fixed]))
        return fixed

    def save_model(self, request, obj, form, change) -> None:
        obj.origin = Origin.APP
        if obj.pk is None:
            # Saved now for its lines; queued (or not) once they are saved too.
            obj.sync_state = SyncState.SKIPPED
            obj.app_state = obj.app_state or "draft"
            obj.save()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if app_invoice_queue(invoice=form.instance):
            messages.info(request, "Queued for the next push to Intacct.")

    @admin.display(description="in Intacct")
    def intacct_record(self, obj: AppInvoice | None) -> str:
        if obj is None:
            return "-"
        return intacct_reference(obj, "ARINVOICE")

    @admin.display(description="push")
    def push_actions(self, obj: AppInvoice | None) -> str:
        if obj is None or obj.pk is None:
            return "Save the invoice first."
        return format_html(
            '<a class="button" id="preview-push" href="{}">Preview the write</a>',
            reverse("admin:ar_appinvoice_preview", args=[obj.pk]),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="ar_appinvoice_preview",
            ),
            path(
                "<int:pk>/push/",
                self.admin_site.admin_view(self.push_view),
                name="ar_appinvoice_push",
            ),
        ]
        return own + super().get_urls()

    def _invoice(self, request: HttpRequest, pk: int) -> AppInvoice:
        invoice = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, invoice):
            raise PermissionDenied
        return invoice

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        invoice = self._invoice(request, pk)
        preview = error = None
        try:
            preview = record_push_preview(record=invoice)
        except IntacctError as exc:
            error = f"Intacct could not be asked for the customer look-up: {exc}"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Preview of the write of invoice {invoice.number}",
            "invoice": invoice,
            "preview": preview,
            "error": error,
            "can_push": self.has_change_permission(request, invoice),
        }
        return TemplateResponse(request, "admin/ar/appinvoice/preview.html", context)

    def push_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        invoice = self._invoice(request, pk)
        change = reverse("admin:ar_appinvoice_change", args=[pk])
        if request.method != "POST" or not self.has_change_permission(request, invoice):
            return HttpResponseRedirect(change)
        try:
            run = app_invoice_push_now(invoice=invoice, requested_by=request.user.get_username())
        except (RunAlreadyActive, ConnectionUnavailable, InvoiceNotIssued) as exc:
            messages.warning(request, str(exc))
            return HttpResponseRedirect(change)
        messages.success(request, f"Push queued (run #{run.pk}); the invoice updates when it ends.")
        return HttpResponseRedirect(change)


@admin.register(CustomerNameChoice)
class CustomerNameChoiceAdmin(admin.ModelAdmin):
    list_display = ("name", "customer_id", "connection", "chosen_by", "chosen_at")
    search_fields = ("name", "customer_id")
    fields = ("connection", "name", "customer_id")

    def save_model(self, request, obj, form, change) -> None:
        obj.chosen_by = request.user.get_username()
        super().save_model(request, obj, form, change)


__all__ = ["AppInvoiceAdmin", "CustomerNameChoiceAdmin"]
