"""Pages of the statistics, under ``/statistics/``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

app_name = "statistics"


@login_required
def statistics_index(request: HttpRequest) -> HttpResponse:  # SKELETON: replaced
    return render(request, "web/placeholder.html", {"title": "统计"})


urlpatterns = [
    path("", statistics_index, name="index"),
]
