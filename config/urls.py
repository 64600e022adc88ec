from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("ar/", include("ar.urls")),
    path("api/", include("api.urls")),
]

# 403 and 404 in the admin's look (a user always has a way back).
handler403 = "integrations.error_pages.permission_denied"
handler404 = "integrations.error_pages.page_not_found"
