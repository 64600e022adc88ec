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
# The navigation sidebar takes 300 px from every list at 1,400 px; the index and the
# breadcrumbs lead everywhere it does, and the lists get the room for their columns.
admin.site.enable_nav_sidebar = False
