from django.urls import include, path

from . import petitioners, views
from .matters import urls as matter_urls

app_name = "web"

urlpatterns = [
    path("login/", views.XinfangLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("organs/<int:organ_id>/", views.organ_detail, name="organ_detail"),
    path("matters/", include(matter_urls.urlpatterns)),
    path("petitioners/", petitioners.petitioner_list, name="petitioner_list"),
    path("query/", include(matter_urls.public_urlpatterns)),
    path("", views.home, name="home"),
]
