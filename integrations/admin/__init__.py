"""Admin screens of the integration (one module per screen)."""

from django.contrib import admin

from integrations.admin import (  # noqa: F401
    catalogue,
    connections,
    custom_fields,
    errors,
    master,
    records,
    runs,
)

admin.site.site_header = "Intacct Sync Hub"
admin.site.site_title = "Intacct Sync Hub"
admin.site.index_title = "Receivables, payables and their sync with Sage Intacct"
