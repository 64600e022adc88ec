"""The connection screen: settings, status, Test connection, Sync Now, filters."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.debug import sensitive_post_parameters

from integrations import selectors, services
from integrations.admin.accounting_sync import (
    REQUEST_SYNC,
    accounting_sync_url,
    accounting_sync_view,
)
from integrations.custom_fields import custom_fields_discover
from integrations.fields import EncryptedSecretField
from integrations.forms import IntacctConnectionForm, ObjectFilterForm
from integrations.intacct import IntacctError
from integrations.models import IntacctConnection, ObjectFilter
from integrations.retire import connection_retire_preview, connection_retire_start
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive
from integrations.sync.manual_imports import manual_imports

# A change to any of these needs a new passing Test connection before Sync Now.
CREDENTIAL_FIELDS = (
    "endpoint_url",
    "company_id",
    "entity_id",
    "user_id",
    "user_password",
    "sender_id",
    "sender_password",
    "user_password_kept",
    "sender_password_kept",
)


class ObjectFilterInline(admin.TabularInline):
    model = ObjectFilter
    form = ObjectFilterForm
    extra = 0
    fields = ("step", "field", "operator", "value", "enabled")
    verbose_name_plural = (
        "Pull filters (by default only active master data is pulled; a change applies "
        "from the next run on)"
    )


@admin.register(IntacctConnection)
class IntacctConnectionAdmin(admin.ModelAdmin):
    form = IntacctConnectionForm
    # The admin builds form fields itself; a scheme-less endpoint means https here too.
    # Passwords get a password input: the admin would give a TextField a clear-text textarea.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        EncryptedSecretField: {
            "widget": forms.PasswordInput(
                render_value=False, attrs={"autocomplete": "new-password"}
            )
        },
    }
    inlines = [ObjectFilterInline]
    list_display = (
        "name",
        "company_id",
        "entity_label",
        "enabled",
        "credentials_status",
        "last_run_display",
        "open_errors_display",
    )
    list_filter = ("enabled", "credentials_status")
    search_fields = ("name", "company_id", "entity_id")
    readonly_fields = (
        "status_panel",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "status_panel")}),
        ("Intacct company", {"fields": ("company_id", "entity_id", "endpoint_url")}),
        ("Web-services user", {"fields": ("user_id", "user_password", "user_password_kept")}),
        ("Sender", {"fields": ("sender_id", "sender_password", "sender_password_kept")}),
        (
            "Sync settings",
            {
                "fields": (
                    "enabled",
                    "daily_sync_time",
                    "hourly_sync",
                    "notification_emails",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        (
            "Accounting (writes to Intacct)",
            {
                "fields": (
                    "reconcile_to_intacct",
                    "ar_gl_account",
                    "push_location_id",
                    "push_department_id",
                )
            },
        ),
    )
    change_form_template = "admin/integrations/intacctconnection/change_form.html"

    @method_decorator(sensitive_post_parameters("user_password", "sender_password"))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    actions = ("check_deletions", "discover_custom_fields")

    @admin.action(description="Discover custom fields", permissions=["change"])
    def discover_custom_fields(self, request, queryset):
        for connection in queryset:
            self._discover(request, connection)

    def _discover(self, request: HttpRequest, connection: IntacctConnection) -> None:
        try:
            result = custom_fields_discover(connection=connection)
        except IntacctError as exc:
            messages.error(request, f"{connection}: custom fields not discovered: {exc}")
            return
        messages.success(request, f"{connection}: custom fields {result.summary()}.")
        if result.missing_enabled:
            messages.warning(
                request,
                f"{connection}: chosen fields no longer in Intacct (untick them, or pulls of "
                f"their object fail): {', '.join(result.missing_enabled)}.",
            )

    @admin.action(
        description="Check for records deleted in Intacct (key reconciliation)",
        permissions=["change"],
    )
    def check_deletions(self, request, queryset):
        for connection in queryset:
            try:
                run = services.sync_start(
                    connection=connection,
                    trigger="sync_now",
                    stage="incremental",
                    requested_by=request.user.get_username(),
                    reconcile_keys=True,
                )
            except (RunAlreadyActive, ConnectionUnavailable) as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(request, f"{connection}: key check queued as run #{run.pk}.")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**selectors.connection_annotations())

    @admin.display(description="Entity", ordering="entity_id")
    def entity_label(self, obj: IntacctConnection) -> str:
        return obj.entity_id or "Top level"

    @admin.display(description="Last sync")
    def last_run_display(self, obj: IntacctConnection) -> str:
        status = getattr(obj, "last_run_status", None)
        when = getattr(obj, "last_run_at", None)
        if not status:
            return "never"
        return f"{status} {timezone.localtime(when):%Y-%m-%d %H:%M}" if when else status

    @admin.display(description="Open errors", ordering="open_errors")
    def open_errors_display(self, obj: IntacctConnection) -> int:
        return getattr(obj, "open_errors", 0)

    @admin.display(description="Status")
    def status_panel(self, obj: IntacctConnection) -> str:
        if obj is None or obj.pk is None:
            return "Save the connection, then test it."
        status = selectors.connection_status(obj)
        rows = [
            ("Credentials", f"{obj.get_credentials_status_display()}. {obj.credentials_message}"),
            ("Last run", status.last_run_text),
            ("Next scheduled run", status.next_run_text),
            ("Open sync errors", str(status.open_errors)),
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # A read-only view never renders password fields at all.
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if "_password" not in f]})
            for title, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change) -> None:
        if change and set(form.changed_data) & set(CREDENTIAL_FIELDS):
            # Sync Now waits for a passing Test connection with what was just typed.
            obj.credentials_status = "unknown"
            obj.credentials_message = "Credentials changed; use Test connection."
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", []):
            messages.warning(request, warning)

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is ObjectFilter and formset.has_changed():
            messages.info(request, "Pull filters changed: they apply from the next sync run on.")

    # --- Buttons ----------------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/test/",
                self.admin_site.admin_view(self.test_view),
                name="integrations_intacctconnection_test",
            ),
            path(
                "<int:pk>/import/<slug:what>/",
                self.admin_site.admin_view(self.manual_import_view),
                name="integrations_intacctconnection_import",
            ),
            path(
                "<int:pk>/retire/",
                self.admin_site.admin_view(self.retire_view),
                name="integrations_intacctconnection_retire",
            ),
            path(
                "<int:pk>/sync/",
                self.admin_site.admin_view(partial(accounting_sync_view, self)),
                name="integrations_intacctconnection_sync",
            ),
            path(
                "<int:pk>/sync-now/",
                self.admin_site.admin_view(self.sync_now_view),
                name="integrations_intacctconnection_sync_now",
            ),
            path(
                "<int:pk>/discover-custom-fields/",
                self.admin_site.admin_view(self.discover_view),
                name="integrations_intacctconnection_discover",
            ),
        ]
        return own + super().get_urls()

    def _back(self, pk: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:integrations_intacctconnection_change", args=[pk])
        )

    def test_view(self, request: HttpRequest, pk: int):
        connection = self._operable(request, pk)
        if request.method != "POST":
            return self._back(pk)
        result = services.connection_test(connection=connection)
        level = messages.SUCCESS if result.ok else messages.ERROR
        messages.add_message(request, level, result.message)
        entry = result.catalogue_entry
        if entry is not None:
            messages.info(
                request,
                format_html(
                    'What it means and how to fix it: <a href="{}" class="catalogue-link">{}</a>',
                    reverse("admin:integrations_errorcatalogueentry_change", args=[entry.pk]),
                    entry.title,
                ),
            )
        if result.entities:
            messages.info(request, "Entities: " + "; ".join(result.entities))
        for missing in result.missing_permissions:
            messages.error(request, f"Missing permission — {missing}")
        return self._back(pk)

    def sync_now_view(self, request: HttpRequest, pk: int):
        # Its own permission: staff can be given Sync Now without the connection's settings.
        if not request.user.has_perm(REQUEST_SYNC):
            raise PermissionDenied
        connection = get_object_or_404(IntacctConnection, pk=pk)
        if request.method != "POST":
            return HttpResponseRedirect(accounting_sync_url(pk))
        try:
            run = services.sync_now(connection=connection, user=request.user.get_username())
        except (RunAlreadyActive, ConnectionUnavailable) as exc:
            messages.warning(request, str(exc))
            return HttpResponseRedirect(accounting_sync_url(pk))
        messages.success(
            request,
            f"Sync queued (run #{run.pk}, {run.get_stage_display().lower()}); follow it in "
            "Recent syncs.",
        )
        return HttpResponseRedirect(reverse("admin:integrations_syncrun_change", args=[run.pk]))

    def discover_view(self, request: HttpRequest, pk: int):
        connection = self._operable(request, pk)
        if request.method != "POST":
            return self._back(pk)
        self._discover(request, connection)
        return HttpResponseRedirect(
            reverse("admin:integrations_customfield_changelist")
            + f"?connection__id__exact={connection.pk}"
        )

    def manual_import_view(self, request: HttpRequest, pk: int, what: str):
        connection = self._operable(request, pk)
        if request.method != "POST":
            return self._back(pk)
        try:
            run = services.manual_import_start(
                connection=connection,
                what=what,
                user=request.user.get_username(),
                parameters={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
            )
        except IntacctError as exc:
            messages.error(request, f"Intacct did not answer: {exc}")
            return self._back(pk)
        except ValueError as exc:
            messages.error(request, str(exc))
            return self._back(pk)
        except (RunAlreadyActive, ConnectionUnavailable) as exc:
            messages.warning(request, str(exc))
            return self._back(pk)
        label = manual_imports.get(what).label
        messages.success(
            request,
            f'Manual import "{label}" queued (run #{run.pk}); the notification addresses get '
            "an e-mail when it finishes.",
        )
        return HttpResponseRedirect(reverse("admin:integrations_syncrun_change", args=[run.pk]))

    # --- Retiring (instead of the generic delete) ---------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The generic bulk delete would need delete rights on every AR and AP model.
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:integrations_intacctconnection_retire", args=[object_id])
        )

    def retire_view(self, request: HttpRequest, pk: int):
        connection = get_object_or_404(IntacctConnection, pk=pk)
        if not self.has_delete_permission(request, connection):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            if request.POST.get("confirm_name", "").strip() != connection.name:
                error = "Type the connection's name exactly to confirm."
            else:
                try:
                    connection_retire_start(
                        connection=connection, requested_by=request.user.get_username()
                    )
                except RunAlreadyActive as exc:
                    error = f"{exc} Wait for it to finish, then retire the connection."
                else:
                    messages.success(
                        request,
                        f"Retiring {connection}: it is disabled, and a task is removing it "
                        "and its data. The report of what it removed is e-mailed to you and "
                        "to the connection's notification addresses.",
                    )
                    return HttpResponseRedirect(
                        reverse("admin:integrations_intacctconnection_changelist")
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Retire {connection}",
            "opts": self.opts,
            "connection": connection,
            "preview": connection_retire_preview(connection=connection),
            "error": error,
        }
        return TemplateResponse(
            request, "admin/integrations/intacctconnection/retire.html", context
        )

    def _operable(self, request: HttpRequest, pk: int) -> IntacctConnection:
        connection = get_object_or_404(IntacctConnection, pk=pk)
        if not self.has_change_permission(request, connection):
            raise PermissionDenied
        return connection

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["sync_now"] = selectors.sync_now_availability(obj)
            context["can_operate"] = self.has_change_permission(request, obj)
            context["can_request_sync"] = request.user.has_perm(REQUEST_SYNC)
            context["manual_imports"] = manual_imports.all()
            context["manual_import_rows"] = [
                {
                    "manual_import": m,
                    "choices": m.parameter.choices(obj)
                    if m.parameter is not None and m.parameter.choices is not None
                    else [],
                }
                for m in manual_imports.all()
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)
