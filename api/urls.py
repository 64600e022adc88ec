"""``/api/v1/…`` and the schema (``/api/schema/``) with its interactive page (``/api/docs/``)."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.problems import not_found
from api.views import ap, ap_writes, records, sync, writes

router = SimpleRouter()
router.register("entities", records.EntityViewSet, basename="entity")
router.register("contacts", records.ContactViewSet, basename="contact")
router.register("gl-accounts", records.GLAccountViewSet, basename="gl-account")
router.register("customers", records.CustomerViewSet, basename="customer")
router.register("invoices", writes.InvoiceWriteViewSet, basename="invoice")
router.register("payments", writes.PaymentWriteViewSet, basename="payment")
router.register("credit-memos", records.CreditMemoViewSet, basename="credit-memo")
router.register("bank-transactions", writes.BankTransactionViewSet, basename="bank-transaction")
router.register("vendors", ap.VendorViewSet, basename="vendor")
router.register("bills", ap_writes.BillWriteViewSet, basename="bill")
router.register("bill-payments", ap_writes.BillPaymentWriteViewSet, basename="bill-payment")
router.register("vendor-credits", ap_writes.VendorCreditReadViewSet, basename="vendor-credit")
router.register(
    "vendor-invoice-matches", ap_writes.VendorInvoiceMatchViewSet, basename="vendor-invoice-match"
)
router.register(
    "purchasing-documents", ap.PurchasingDocumentViewSet, basename="purchasing-document"
)
router.register("units", ap.UnitViewSet, basename="unit")
router.register("sync-runs", sync.SyncRunViewSet, basename="sync-run")
router.register("sync-errors", sync.SyncErrorViewSet, basename="sync-error")
router.register("connections", sync.ConnectionViewSet, basename="connection")

app_name = "api"

v1: list[URLPattern | URLResolver] = [
    path("", include(router.urls)),
    path("operations/sync-now/", sync.SyncNowView.as_view(), name="sync-now"),
    path("operations/manual-imports/", sync.ManualImportView.as_view(), name="manual-import"),
    path("operations/push-dry-run/", writes.PushDryRunView.as_view(), name="push-dry-run"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a problem document, not the admin's HTML 404.
    re_path(r"^[\s\S]*$", not_found),
]
