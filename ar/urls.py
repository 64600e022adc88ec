"""URLs of the AR app outside the admin (document downloads)."""

from django.urls import path

from ar import views

app_name = "ar"

urlpatterns = [
    path("documents/<int:pk>/", views.invoice_document_download, name="invoice_document"),
    path("invoices/<int:invoice_pk>/pdf/", views.invoice_pdf_download, name="invoice_pdf"),
]
