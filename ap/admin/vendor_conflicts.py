"""Vendor conflicts: a field changed here and in Intacct since the last sync. Staff keep one
side per field (``ap.vendor_sync.vendor_conflict_choose``); the vendor is then pushed again."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ap.models import VendorSyncBase
from ap.push.vendors import vendor_values
from ap.vendor_sync import VendorConflictError, vendor_conflict_choose


def open_conflicts(base: VendorSyncBase) -> dict[str, tuple[str, str]]:
    """Fields whose value here and in Intacct (as last seen) differ from the base and each
    other."""
    mine = vendor_values(base.vendor)
    theirs = base.seen_in_intacct
    return {
        name: (mine[name], their)
        for name, their in theirs.items()
        if name in mine and mine[name] != their and mine[name] != base.values.get(name, "")
        and their != base.values.get(name, "")
    }  # fmt: skip


@admin.register(VendorSyncBase)
class VendorConflictAdmin(admin.ModelAdmin):
    list_display = ("vendor", "conflict_fields")
    fields = ("vendor", "choices")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="fields in conflict")
    def conflict_fields(self, obj: VendorSyncBase) -> str:
        return ", ".join(open_conflicts(obj)) or "—"

    @admin.display(description="choose per field")
    def choices(self, obj: VendorSyncBase) -> str:
        act = reverse("admin:ap_vendorsyncbase_choose", args=[obj.pk])
        rows = [
            (name, mine or "(blank)", their or "(blank)", act, name, act, name)
            for name, (mine, their) in open_conflicts(obj).items()
        ]
        return format_html_join(
            "",
            '<div class="conflict">{}: here <b>{}</b>, in Intacct <b>{}</b> '
            '<button type="submit" formaction="{}" name="here" value="{}">Keep here</button> '
            '<button type="submit" formaction="{}" name="intacct" value="{}">'
            "Keep Intacct's</button></div>",
            rows,
        ) or format_html("{}", "No conflict.")

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path(
                "<int:pk>/choose/",
                self.admin_site.admin_view(self.choose_view),
                name="ap_vendorsyncbase_choose",
            ),
            *super().get_urls(),
        ]

    def choose_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.get_object(request, str(pk))
        if base is None or request.method != "POST":
            raise PermissionDenied
        if not self.has_change_permission(request, base):
            raise PermissionDenied
        keep = "here" if "here" in request.POST else "intacct"
        field = request.POST.get(keep, "")
        try:
            vendor_conflict_choose(vendor=base.vendor, field=field, keep=keep)  # type: ignore[arg-type]
            messages.success(
                request,
                f"{field}: kept the value {'here' if keep == 'here' else 'in Intacct'}; "
                "the vendor is pushed again.",
            )
        except VendorConflictError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:ap_vendorsyncbase_change", args=[base.pk]))
