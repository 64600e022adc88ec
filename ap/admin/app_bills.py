"""Bills entered here: staff approve them, submit and pay them with the payee's fees, delete a
payment, and push to Intacct now. Every button calls a service (``ap.bill_lifecycle``,
``ap.fees``, ``ap.payments``); the page shows the status, the payments and the credits.

Also the connection's AP write settings (consultants' configuration).
"""

from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ap.bill_lifecycle import BillLifecycleError, bill_approve
from ap.fees import payment_paid_with_fees, payment_submit
from ap.models import AppBill, APPushSettings, BillPayment, VendorCredit
from ap.models.lifecycle import DocumentOrigin
from ap.payments import PaymentError, payment_delete
from ap.push.steps import PUSH_STEPS
from integrations.models import SyncRun
from integrations.push_services import push_start


@admin.register(APPushSettings)
class APPushSettingsAdmin(admin.ModelAdmin):
    list_display = ("connection", "sync_before_approval", "po_matching", "bank_account_id")


def _money(request: HttpRequest, name: str) -> Decimal:
    try:
        return Decimal(request.POST.get(name, "") or "0")
    except InvalidOperation as exc:
        raise PaymentError(f"{name.replace('_', ' ')}: not an amount.") from exc


@admin.register(AppBill)
class AppBillAdmin(admin.ModelAdmin):
    list_display = ("number", "vendor", "app_status", "approved_on", "total_entered", "sync_state")
    list_filter = ("app_status", "sync_state")
    search_fields = ("number", "reference", "vendor__name")
    fields = (
        "number",
        "vendor",
        "bill_date",
        "due_date",
        "total_entered",
        "app_status",
        "approved_on",
        "approved_by",
        "retracted_on",
        "sync_state",
        "intacct_recordno",
        "payments",
        "credits",
        "lifecycle",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).filter(origin=DocumentOrigin.APP)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AppBill | None = None) -> bool:
        return False

    @admin.display(description="payments")
    def payments(self, obj: AppBill) -> str:
        rows = BillPayment.objects.filter(applications__bill=obj).distinct().order_by("pk")
        return (
            format_html_join(
                "",
                '<div class="bill-payment">{} — {} {}{}</div>',
                (
                    (
                        p.reference_code or f"payment {p.pk}",
                        p.total_entered,
                        f"(RECORDNO {p.intacct_recordno})"
                        if p.intacct_recordno
                        else "(not pushed)",
                        f", deleted {p.deleted_on}" if p.deleted_on else "",
                    )
                    for p in rows
                ),
            )
            or "—"
        )

    @admin.display(description="fee credits")
    def credits(self, obj: AppBill) -> str:
        rows = VendorCredit.objects.filter(for_bill=obj).order_by("pk")
        return (
            format_html_join(
                "",
                '<div class="fee-credit">{}: {}</div>',
                (
                    (
                        c.number,
                        ", ".join(f"{e.get_kind_display()} {e.amount}" for e in c.entries.all()),
                    )
                    for c in rows
                ),
            )
            or "—"
        )

    @admin.display(description="actions")
    def lifecycle(self, obj: AppBill) -> str:
        act = reverse("admin:ap_appbill_act", args=[obj.pk])
        return format_html(
            '<button type="submit" id="bill-approve" formaction="{0}" name="action" '
            'value="approve">Approve</button> '
            '<label>Transaction fee <input name="transaction_fee" id="fee-transaction"></label> '
            '<button type="submit" id="bill-submit" formaction="{0}" name="action" '
            'value="submit">Submit for payment</button><br>'
            '<label>Net paid <input name="net_amount" id="fee-net"></label> '
            '<label>NetNow fee <input name="netnow_fee" id="fee-netnow"></label> '
            '<label>Withholding <input name="withholding" id="fee-withholding"></label> '
            '<label>FX fee <input name="fx_fee" id="fee-fx"></label> '
            '<button type="submit" id="bill-pay" formaction="{0}" name="action" '
            'value="pay">Paid</button><br>'
            '<button type="submit" id="payment-delete" formaction="{0}" name="action" '
            'value="delete_payment">Delete the last payment</button> '
            '<button type="submit" id="bill-push" formaction="{0}" name="action" '
            'value="push">Push to Intacct now</button>',
            act,
        )

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path(
                "<int:pk>/act/",
                self.admin_site.admin_view(self.act_view),
                name="ap_appbill_act",
            ),
            *super().get_urls(),
        ]

    def act_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        bill = self.get_object(request, str(pk))
        if bill is None or request.method != "POST":
            raise PermissionDenied
        if not self.has_view_permission(request, bill) or not request.user.is_staff:
            raise PermissionDenied
        action = request.POST.get("action", "")
        today = timezone.localdate()
        try:
            if action == "approve":
                bill_approve(bill=bill, approved_on=today, approved_by=request.user.get_username())
                messages.success(request, "Approved: scheduled for payment.")
            elif action == "submit":
                payment_submit(bill=bill, submitted_on=today,
                               transaction_fee=_money(request, "transaction_fee"),
                               credit_number=f"{bill.number}-FEE")  # fmt: skip
                messages.success(request, "Submitted for payment; the fee credit is made.")
            elif action == "pay":
                payment_paid_with_fees(
                    bill=bill,
                    paid_on=today,
                    net_amount=_money(request, "net_amount"),
                    netnow_fee=_money(request, "netnow_fee"),
                    withholding=_money(request, "withholding"),
                    fx_fee=_money(request, "fx_fee"),
                    withholding_number=f"{bill.number}-WH",
                    reference_code=f"{bill.number}-PAY",
                )
                messages.success(request, "Paid.")
            elif action == "delete_payment":
                payment = (
                    BillPayment.objects.filter(applications__bill=bill, deleted_on__isnull=True)
                    .distinct()
                    .latest("pk")
                )
                payment_delete(payment=payment, deleted_on=today)
                messages.success(request, "Payment deleted: it is voided in Intacct.")
            elif action == "push":
                push_start(
                    connection=bill.connection,
                    objects=[step.name for step in PUSH_STEPS],
                    trigger=SyncRun.Trigger.SYNC_NOW,
                    requested_by=request.user.get_username(),
                )
                messages.success(request, "Queued: pushed to Intacct shortly.")
            else:
                raise PermissionDenied
        except (BillLifecycleError, PaymentError, BillPayment.DoesNotExist) as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:ap_appbill_change", args=[bill.pk]))
