"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("xinfang.api.urls")),
    path("accountability/", include("xinfang.web.accountability.urls")),
    path("duties/", include("xinfang.web.duties.urls")),
    path("oversight/", include("xinfang.web.oversight.urls")),
    path("statistics/", include("xinfang.web.statistics.urls")),
    path("portal/", include("xinfang.web.portal.urls")),
    path("", include("xinfang.web.urls")),
]
