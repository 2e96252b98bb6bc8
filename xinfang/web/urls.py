from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("login/", views.XinfangLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("organs/<int:organ_id>/", views.organ_detail, name="organ_detail"),
    path("", views.home, name="home"),
]
