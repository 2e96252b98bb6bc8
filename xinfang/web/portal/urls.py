"""Pages of the petitioner's portal, under ``/portal/`` (public)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

app_name = "portal"


def portal_index(request: HttpRequest) -> HttpResponse:  # SKELETON: replaced
    return render(request, "web/placeholder.html", {"title": "网上信访"})


urlpatterns = [
    path("", portal_index, name="index"),
]
